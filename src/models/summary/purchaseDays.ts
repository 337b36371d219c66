import type { TenureEvent } from '../../events/TenureEvent.js';
import { RfmInputError } from './RfmInputError.js';

export const DAY_MS = 86_400_000;

/** A customer's purchases merged by UTC day, in day order, refunds applied. */
export interface PurchaseDays {
  /** UTC day numbers (days since 1970-01-01), ascending, distinct. */
  readonly days: number[];
  /** Net spend of each day (purchases minus refunds assigned to it). */
  readonly spend: number[];
}

interface Refund {
  readonly day: number;
  readonly amount: number;
  readonly orderId: string | undefined;
}

export interface Accumulator {
  days: number[];
  amounts: number[];
  orders: (string | undefined)[];
  refunds: Refund[] | undefined;
  sorted: boolean;
}

/** Options shared by the collectors. */
export interface CollectOptions {
  /** Events after the end of this UTC day are ignored. */
  readonly lastDay: number;
  /** Only purchases and refunds in this currency count. Default: the currency of the first one. */
  readonly currency?: string;
  readonly api: string;
}

/**
 * Collects purchase and refund events (any order) per customer. Other event types are skipped.
 * Returns the raw accumulators; {@link finishCustomer} turns one into merged days.
 */
export class PurchaseCollector {
  readonly customers = new Map<string, Accumulator>();
  currency: string | undefined;
  otherCurrency = 0;

  constructor(private readonly options: CollectOptions) {
    this.currency = options.currency;
  }

  add(event: TenureEvent): void {
    if (event.type !== 'purchase' && event.type !== 'refund') return;
    const day = Math.floor(event.at / DAY_MS);
    if (!(day <= this.options.lastDay)) {
      if (!Number.isFinite(event.at)) this.fail(event, 'at', 'epoch milliseconds', event.at);
      return;
    }
    const data = event.data as { amount?: unknown; currency?: unknown; orderId?: unknown };
    const amount = data.amount;
    if (typeof amount !== 'number' || !Number.isFinite(amount)) {
      this.fail(event, 'data.amount', 'a finite number', amount);
    }
    const currency = typeof data.currency === 'string' ? data.currency : undefined;
    if (this.currency === undefined) this.currency = currency;
    else if (currency !== this.currency) {
      if (this.options.currency !== undefined) {
        this.otherCurrency++;
        return;
      }
      throw new RfmInputError(
        `${this.options.api}: event ${JSON.stringify(event.id)} is in ${String(currency)} but earlier ones are in ${this.currency}; spend cannot be summed across currencies. Pass { currency: '${this.currency}' } to keep one currency (events in others are counted in ignoredEvents), or convert amounts first.`,
      );
    }
    let customer = this.customers.get(event.customerId);
    if (customer === undefined) {
      customer = { days: [], amounts: [], orders: [], refunds: undefined, sorted: true };
      this.customers.set(event.customerId, customer);
    }
    const orderId = typeof data.orderId === 'string' ? data.orderId : undefined;
    if (event.type === 'refund') {
      customer.refunds ??= [];
      customer.refunds.push({ day, amount, orderId });
      return;
    }
    const last = customer.days.length - 1;
    const lastDay = customer.days[last];
    if (lastDay !== undefined && day < lastDay) customer.sorted = false;
    customer.days.push(day);
    customer.amounts.push(amount);
    customer.orders.push(orderId);
  }

  private fail(event: TenureEvent, field: string, expected: string, received: unknown): never {
    throw new RfmInputError(
      `${this.options.api}: ${event.type} event ${JSON.stringify(event.id)}: ${field}: expected ${expected}, received ${JSON.stringify(received)}. Validate events first (validateEvents or a log's append does).`,
    );
  }
}

/**
 * Merges a customer's purchases by UTC day (spend summed) and applies refunds: a refund reduces
 * the day of the purchase with its `orderId`, otherwise the customer's last purchase day on or
 * before the refund. A refund counts only on the same side of `calibrationEndDay` as the day it
 * reduces (a holdout refund of a calibration purchase was not known at the end of calibration).
 * Refunds before any purchase are ignored. Returns `undefined` for a customer with refunds only.
 */
export function finishCustomer(
  accumulator: Accumulator,
  calibrationEndDay = Number.POSITIVE_INFINITY,
): PurchaseDays | undefined {
  const n = accumulator.days.length;
  if (n === 0) return undefined;
  let order: number[] | undefined;
  if (!accumulator.sorted) {
    order = accumulator.days.map((_, i) => i);
    order.sort((i, j) => (accumulator.days[i] as number) - (accumulator.days[j] as number));
  }
  const days: number[] = [];
  const spend: number[] = [];
  for (let k = 0; k < n; k++) {
    const i = order === undefined ? k : (order[k] as number);
    const day = accumulator.days[i] as number;
    const amount = accumulator.amounts[i] as number;
    const last = days.length - 1;
    if (last >= 0 && days[last] === day) spend[last] = (spend[last] as number) + amount;
    else {
      days.push(day);
      spend.push(amount);
    }
  }
  if (accumulator.refunds !== undefined) {
    for (const refund of accumulator.refunds) {
      let day: number | undefined;
      if (refund.orderId !== undefined) {
        const index = accumulator.orders.indexOf(refund.orderId);
        if (index >= 0) day = accumulator.days[index];
      }
      const position =
        day === undefined ? lastIndexAtOrBefore(days, refund.day) : days.indexOf(day);
      if (position < 0) continue;
      const target = days[position] as number;
      if (target <= calibrationEndDay !== refund.day <= calibrationEndDay) continue;
      spend[position] = (spend[position] as number) - refund.amount;
    }
  }
  return { days, spend };
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
