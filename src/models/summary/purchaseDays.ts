import { ModelInputError } from '../../errors/ModelInputError.js';
import { VOIDED_EVENT_TYPE, voidKey, voidTarget } from '../../events/dropVoided.js';
import type { TenureEvent } from '../../events/TenureEvent.js';
import { StringColumn } from './StringColumn.js';

export const DAY_MS = 86_400_000;
const NO_ORDER = -1;
const ORDER_IS_ID = -2;

/** Options of a {@link PurchaseCollector}. */
export interface CollectOptions {
  /** Events after the end of this UTC day are ignored. */
  readonly lastDay: number;
  /** Only purchases and refunds in this currency count. Default: the currency of the first one. */
  readonly currency?: string;
  /** The public API name, for error messages. */
  readonly api: string;
}

/**
 * Called once per customer with the customer's purchase days (ascending, distinct UTC day
 * numbers) and the net spend of each. Treat the arrays as read-only.
 */
export type CustomerDaysCallback = (
  customerId: string,
  days: readonly number[],
  spend: readonly number[],
) => void;

/**
 * Collects purchase and refund events (in any order) into flat typed arrays, then replays them
 * customer by customer with same-day purchases merged and refunds applied. Flat storage keeps
 * memory and time linear for millions of events. Event types other than purchase and refund
 * are skipped.
 */
export class PurchaseCollector {
  /** Purchases and refunds skipped because of their currency. */
  otherCurrency = 0;
  private currency: string | undefined;
  /** The first counted event without a currency, while no event has had one. */
  private withoutCurrency: string | undefined;
  private readonly index = new Map<string, number>();
  private readonly customerIds: string[] = [];
  private customer = new Int32Array(1 << 12);
  private day = new Int32Array(1 << 12);
  private amount = new Float64Array(1 << 12);
  /** 1 for a refund, 2 for a voided purchase or refund (skipped). */
  private kind = new Uint8Array(1 << 12);
  /** Event ids, as character codes: no heap string per event for the collector to trace. */
  private readonly ids = new StringColumn();
  /** Order ids that differ from their event's id; `order` says where each event's is. */
  private readonly orders = new StringColumn();
  /** Per event: -1 no order id, -2 the order id is the event id, else its index in `orders`. */
  private order = new Int32Array(1 << 12);
  /** Customer and id of each event an `event.voided` names. */
  private voided: Set<string> | undefined;
  private size = 0;
  /** The last customer seen: logs read stream by stream repeat it, saving the map lookup. */
  private lastId: string | undefined;
  private lastIndex = -1;

  constructor(private readonly options: CollectOptions) {
    this.currency = options.currency;
  }

  /** Number of customers seen (with at least one purchase or refund). */
  get customers(): number {
    return this.customerIds.length;
  }

  add(event: TenureEvent): void {
    const type = event.type;
    if (type !== 'purchase' && type !== 'refund') {
      if (type === VOIDED_EVENT_TYPE) this.addVoid(event);
      return;
    }
    const at = event.at;
    if (typeof at !== 'number' || !Number.isFinite(at)) {
      this.fail(event, 'at', 'epoch milliseconds', at);
    }
    const day = Math.floor(at / DAY_MS);
    if (day > this.options.lastDay) return;
    const data = event.data as { amount?: unknown; currency?: unknown; orderId?: unknown };
    const amount = data.amount;
    if (typeof amount !== 'number' || !Number.isFinite(amount)) {
      this.fail(event, 'data.amount', 'a finite number', amount);
    }
    const currency = data.currency;
    if (currency !== this.currency) {
      if (this.currency === undefined && typeof currency === 'string') {
        // An amount without a currency came first: refuse it as it is refused after one.
        if (this.withoutCurrency !== undefined) {
          throw new ModelInputError(
            this.options.api,
            `event ${JSON.stringify(this.withoutCurrency)}.data.currency`,
            `${currency}, the currency of later events (spend cannot be summed across currencies)`,
            'undefined',
            `Pass { currency: '${currency}' } to keep one currency (events in others are counted in ignoredEvents), or convert amounts first.`,
          );
        }
        this.currency = currency;
      } else if (this.options.currency !== undefined) {
        this.otherCurrency++;
        return;
      } else {
        throw new ModelInputError(
          this.options.api,
          `event ${JSON.stringify(event.id)}.data.currency`,
          `${this.currency}, the currency of earlier events (spend cannot be summed across currencies)`,
          String(currency),
          `Pass { currency: '${this.currency}' } to keep one currency (events in others are counted in ignoredEvents), or convert amounts first.`,
        );
      }
    }
    if (currency === undefined) this.withoutCurrency ??= event.id;
    let customer: number | undefined;
    if (event.customerId === this.lastId) customer = this.lastIndex;
    else {
      customer = this.index.get(event.customerId);
      if (customer === undefined) {
        customer = this.customerIds.length;
        this.index.set(event.customerId, customer);
        this.customerIds.push(event.customerId);
      }
      this.lastId = event.customerId;
      this.lastIndex = customer;
    }
    if (this.size === this.customer.length) this.grow();
    const position = this.size++;
    this.customer[position] = customer;
    this.day[position] = day;
    this.amount[position] = amount;
    this.kind[position] = type === 'refund' ? 1 : 0;
    this.ids.push(event.id);
    const orderId = data.orderId;
    if (typeof orderId !== 'string') this.order[position] = NO_ORDER;
    else if (orderId === event.id) this.order[position] = ORDER_IS_ID;
    else {
      this.order[position] = this.orders.length;
      this.orders.push(orderId);
    }
  }

  /** A correction known by the last day: the event it names does not count. */
  private addVoid(event: TenureEvent): void {
    const target = voidTarget(event);
    if (target === undefined || !Number.isFinite(event.at)) return;
    if (Math.floor(event.at / DAY_MS) > this.options.lastDay) return;
    this.voided ??= new Set();
    this.voided.add(voidKey(event.customerId, target));
  }

  /** Marks the rows of voided events (kind 2) so the replay skips them. */
  private markVoided(): void {
    const voided = this.voided;
    if (voided === undefined) return;
    for (let i = 0; i < this.size; i++) {
      const customerId = this.customerIds[this.customer[i] as number] as string;
      if (voided.has(voidKey(customerId, this.ids.at(i)))) this.kind[i] = 2;
    }
  }

  /**
   * Replays every customer with at least one purchase, in order of first appearance. A refund
   * reduces the day of the purchase with its `orderId`, otherwise the customer's last purchase day
   * on or before the refund; it counts only on the same side of `calibrationEndDay` as that day (a
   * holdout refund of a calibration purchase was not known when calibration ended). Refunds
   * before any purchase are ignored.
   */
  forEachCustomer(
    callback: CustomerDaysCallback,
    calibrationEndDay = Number.POSITIVE_INFINITY,
  ): void {
    this.markVoided();
    const customers = this.customerIds.length;
    // Counting sort of the events by customer, stable (keeps arrival order within a customer).
    const start = new Int32Array(customers + 1);
    for (let i = 0; i < this.size; i++) {
      const slot = (this.customer[i] as number) + 1;
      start[slot] = (start[slot] as number) + 1;
    }
    for (let c = 0; c < customers; c++)
      start[c + 1] = (start[c + 1] as number) + (start[c] as number);
    const fill = start.slice(0, customers);
    const byCustomer = new Int32Array(this.size);
    for (let i = 0; i < this.size; i++) {
      const c = this.customer[i] as number;
      byCustomer[fill[c] as number] = i;
      fill[c] = (fill[c] as number) + 1;
    }
    for (let c = 0; c < customers; c++) {
      // Fresh small arrays: cheaper than emptying reused ones (length = 0 is a runtime call).
      const days: number[] = [];
      const spend: number[] = [];
      const purchases: number[] = [];
      let sorted = true;
      let refunds = false;
      let previous = Number.NEGATIVE_INFINITY;
      for (let k = start[c] as number; k < (start[c + 1] as number); k++) {
        const i = byCustomer[k] as number;
        const kind = this.kind[i];
        if (kind === 1) refunds = true;
        if (kind !== 0) continue;
        const day = this.day[i] as number;
        if (day < previous) sorted = false;
        previous = day;
        purchases.push(i);
      }
      if (purchases.length === 0) continue;
      if (!sorted) purchases.sort((i, j) => (this.day[i] as number) - (this.day[j] as number));
      for (const i of purchases) {
        const day = this.day[i] as number;
        const last = days.length - 1;
        if (last >= 0 && days[last] === day)
          spend[last] = (spend[last] as number) + (this.amount[i] as number);
        else {
          days.push(day);
          spend.push(this.amount[i] as number);
        }
      }
      if (refunds)
        this.applyRefunds(
          start[c] as number,
          start[c + 1] as number,
          byCustomer,
          purchases,
          days,
          spend,
          calibrationEndDay,
        );
      callback(this.customerIds[c] as string, days, spend);
    }
  }

  private applyRefunds(
    from: number,
    to: number,
    byCustomer: Int32Array,
    purchases: readonly number[],
    days: readonly number[],
    spend: number[],
    calibrationEndDay: number,
  ): void {
    for (let k = from; k < to; k++) {
      const i = byCustomer[k] as number;
      if (this.kind[i] !== 1) continue;
      const refundDay = this.day[i] as number;
      const orderId = this.orderIdOf(i);
      let targetDay: number | undefined;
      if (orderId !== undefined) {
        const match = purchases.find((p) => this.hasOrderId(p, orderId));
        if (match !== undefined) targetDay = this.day[match];
      }
      const position =
        targetDay === undefined ? lastIndexAtOrBefore(days, refundDay) : days.indexOf(targetDay);
      if (position < 0) continue;
      const target = days[position] as number;
      if (target <= calibrationEndDay !== refundDay <= calibrationEndDay) continue;
      spend[position] = (spend[position] as number) - (this.amount[i] as number);
    }
  }

  private orderIdOf(i: number): string | undefined {
    const order = this.order[i] as number;
    if (order === NO_ORDER) return undefined;
    return order === ORDER_IS_ID ? this.ids.at(i) : this.orders.at(order);
  }

  private hasOrderId(i: number, orderId: string): boolean {
    const order = this.order[i] as number;
    if (order === NO_ORDER) return false;
    return order === ORDER_IS_ID ? this.ids.equals(i, orderId) : this.orders.equals(order, orderId);
  }

  private grow(): void {
    const capacity = this.customer.length * 2;
    const customer = new Int32Array(capacity);
    customer.set(this.customer);
    this.customer = customer;
    const day = new Int32Array(capacity);
    day.set(this.day);
    this.day = day;
    const amount = new Float64Array(capacity);
    amount.set(this.amount);
    this.amount = amount;
    const kind = new Uint8Array(capacity);
    kind.set(this.kind);
    this.kind = kind;
    const order = new Int32Array(capacity);
    order.set(this.order);
    this.order = order;
  }

  private fail(event: TenureEvent, field: string, expected: string, received: unknown): never {
    throw new ModelInputError(
      this.options.api,
      `${event.type} event ${JSON.stringify(event.id)}.${field}`,
      expected,
      received,
      "Validate events first (validateEvents or a log's append does).",
    );
  }
}

function lastIndexAtOrBefore(days: readonly number[], day: number): number {
  let low = 0;
  let high = days.length - 1;
  let found = -1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    if ((days[middle] as number) <= day) {
      found = middle;
      low = middle + 1;
    } else high = middle - 1;
  }
  return found;
}
