import { dropVoided, VOIDED_EVENT_TYPE } from '../events/dropVoided.js';
import type { TenureEvent } from '../events/TenureEvent.js';
import { DAY_MS, PurchaseCollector } from '../models/summary/purchaseDays.js';
import {
  type AddCustomerDays,
  type RfmSummary,
  reduceCustomerDays,
  type SummarySettings,
  summaryOfCustomers,
  summarySettings,
} from '../models/summary/summarizeCustomers.js';
import type { TimeUnit } from '../models/summary/timeUnit.js';
import { mostCounted } from './fitValuationModels.js';

/**
 * A customer's purchases while they come in day order, in one currency, with no refund and no
 * void: the summary's fields, summed as they come (the order `summarizeCustomers` adds in).
 */
interface Running {
  readonly customerId: string;
  readonly currency: string;
  purchases: number;
  readonly birthDay: number;
  firstSpend: number;
  lastDay: number;
  /** Net spend of `lastDay` so far, when it is a repeat day. */
  daySpend: number;
  repeats: number;
  /** Net spend of the repeat days before `lastDay`. */
  repeatSpend: number;
}

/** A customer summarised from its own events, in one currency of theirs. */
interface Settled {
  readonly customerId: string;
  readonly currency: string;
  /** Purchases in this currency (they elect the main currency). */
  readonly purchases: number;
  /** Purchases and refunds in other currencies. */
  readonly otherEvents: number;
  /** The summary's fields, or `undefined` without a purchase in this currency. */
  readonly days: readonly number[] | undefined;
}

/** A settled customer's purchases and refunds in every currency, for `ignoredEvents`. */
interface SettledCustomer {
  readonly events: number;
  readonly currencies: readonly Settled[];
}

const PURCHASE_API = 'summarizeCustomers';

/**
 * True for the events the purchase summary reads: purchases, refunds and the voids that may
 * take either out. Internal: also what `projectCustomers` keeps of a once-only iterable, and
 * reads again for an unsettled customer.
 */
export function isPurchaseEvent(event: TenureEvent): boolean {
  const type = event.type;
  return type === 'purchase' || type === 'refund' || type === VOIDED_EVENT_TYPE;
}

/**
 * The purchase summary of a population kept customer by customer as a log streams, so that the
 * summary `fitValuationModels` makes from every event comes out without the events being kept:
 * a customer whose purchases come in day order, in one currency, with no refund and no void
 * (most of them) is a handful of running numbers. Any other customer (late purchase, refund,
 * void, several currencies, an event that is not valid) is named in {@link unsettled}: the
 * caller reads that customer's purchase, refund and void events again and hands them to
 * {@link settle}, which summarises them as `summarizeCustomers` does. Sums are added in the
 * order `summarizeCustomers` adds them, so the summary is the same to the last bit. Internal:
 * the valuation of `lifecycle.projectCustomers`.
 */
export class PurchaseTally {
  readonly #running = new Map<string, Running>();
  readonly #unsettled = new Set<string>();
  readonly #settled = new Map<string, SettledCustomer>();

  /** @param asOf Events after it are skipped; `undefined` when the caller's time is every event's. */
  constructor(private readonly asOf: number | undefined) {}

  /** Customers whose events must be read again and handed to {@link settle}. */
  get unsettled(): ReadonlySet<string> {
    return this.#unsettled;
  }

  /** Names a customer whose events must be read again (for any part of its valuation). */
  unsettle(customerId: string): void {
    this.#running.delete(customerId);
    this.#unsettled.add(customerId);
  }

  /** Counts a purchase, refund or void, in read order (other events are skipped). */
  add(event: TenureEvent): void {
    if (!isPurchaseEvent(event)) return;
    const type = event.type;
    const at = event.at;
    if (this.asOf !== undefined && !(at <= this.asOf)) return;
    const customerId = event.customerId;
    if (this.#unsettled.has(customerId)) return;
    const data = event.data as { amount?: unknown; currency?: unknown } | null;
    const amount = data?.amount;
    const currency = data?.currency;
    const running = this.#running.get(customerId);
    const day = Math.floor(at / DAY_MS);
    if (
      type !== 'purchase' ||
      !Number.isFinite(at) ||
      typeof amount !== 'number' ||
      !Number.isFinite(amount) ||
      typeof currency !== 'string' ||
      (running !== undefined && (currency !== running.currency || day < running.lastDay))
    ) {
      this.unsettle(customerId);
      return;
    }
    if (running === undefined) {
      this.#running.set(customerId, {
        customerId,
        currency,
        purchases: 1,
        birthDay: day,
        firstSpend: amount,
        lastDay: day,
        daySpend: 0,
        repeats: 0,
        repeatSpend: 0,
      });
      return;
    }
    running.purchases++;
    if (day === running.lastDay) {
      if (running.repeats === 0) running.firstSpend += amount;
      else running.daySpend += amount;
      return;
    }
    if (running.repeats > 0) running.repeatSpend += running.daySpend;
    running.repeats++;
    running.lastDay = day;
    running.daySpend = amount;
  }

  /**
   * Summarises an {@link unsettled} customer from its events in read order (those other than
   * purchases, refunds and voids are skipped), as `summarizeCustomers` does at `time`.
   *
   * @throws ModelInputError as `summarizeCustomers` does, for a purchase or refund whose time or
   *   amount is not a number.
   */
  settle(customerId: string, events: readonly TenureEvent[], time: number): void {
    const past = dropVoided(events.filter((event) => isPurchaseEvent(event) && event.at <= time));
    const purchases = new Map<string, number>();
    let count = 0;
    for (const event of past) {
      if (event.type === VOIDED_EVENT_TYPE) continue;
      count++;
      const currency = (event.data as { currency?: unknown } | null)?.currency;
      if (typeof currency !== 'string') continue;
      purchases.set(currency, (purchases.get(currency) ?? 0) + (event.type === 'purchase' ? 1 : 0));
    }
    const settings = summarySettings({ calibrationEnd: time });
    // Without a currency nothing counts, but every event is still checked, as the summary does
    // ('' is no event's currency here).
    const checked = purchases.size === 0 && count > 0 ? [''] : [...purchases.keys()];
    const settled: Settled[] = [];
    for (const currency of checked) {
      const collector = new PurchaseCollector({
        lastDay: settings.holdoutEndDay,
        api: PURCHASE_API,
        currency,
      });
      for (const event of past) collector.add(event);
      let days: number[] | undefined;
      collector.forEachCustomer(
        (id, purchaseDays, spend) =>
          reduceCustomerDays(id, purchaseDays, spend, settings, (...fields) => {
            days = fields.slice(1) as number[];
          }),
        settings.endDay,
      );
      const bought = purchases.get(currency);
      if (bought === undefined) continue;
      settled.push({
        customerId,
        currency,
        purchases: bought,
        otherEvents: collector.otherCurrency,
        days,
      });
    }
    this.#settled.set(customerId, { events: count, currencies: settled });
  }

  /**
   * The currency the valuation counts in (`currency`, else that of most purchases) and the
   * population's summary in it at `time`: what `fitValuationModels` summarises, but for the
   * order of the customers, which no fit depends on (the rows are sorted, and Gamma-Gamma adds
   * in a canonical order). `undefined` summary without a currency. Call once every
   * {@link unsettled} customer is settled.
   */
  summarize(
    time: number,
    unit: TimeUnit,
    currency: string | undefined,
  ): { currency: string | undefined; summary: RfmSummary | undefined } {
    const counts = new Map<string, number>();
    const count = (name: string, purchases: number): void => {
      if (purchases > 0) counts.set(name, (counts.get(name) ?? 0) + purchases);
    };
    for (const running of this.#running.values()) count(running.currency, running.purchases);
    for (const customer of this.#settled.values()) {
      for (const settled of customer.currencies) count(settled.currency, settled.purchases);
    }
    const main = currency ?? mostCounted(counts);
    if (main === undefined) return { currency: main, summary: undefined };
    const settings: SummarySettings = summarySettings({ calibrationEnd: time, unit });
    const customers: (Running | Settled)[] = [];
    let ignored = 0;
    for (const running of this.#running.values()) {
      if (running.currency !== main) ignored += running.purchases;
      else customers.push(running);
    }
    for (const customer of this.#settled.values()) {
      const settled = customer.currencies.find((one) => one.currency === main);
      ignored += settled === undefined ? customer.events : settled.otherEvents;
      if (settled?.days !== undefined) customers.push(settled);
    }
    const summary = summaryOfCustomers(
      settings,
      customers.length,
      (add: AddCustomerDays) => {
        for (const customer of customers) {
          if ('days' in customer) {
            const days = customer.days as readonly number[];
            add(
              customer.customerId,
              days[0] as number,
              days[1] as number,
              days[2] as number,
              days[3] as number,
              days[4] as number,
              days[5] as number,
              days[6] as number,
            );
          } else {
            const { birthDay, repeats, lastDay, firstSpend } = customer;
            // The last repeat day's spend is added last, as the summary adds days in order.
            const repeatSpend = repeats > 0 ? customer.repeatSpend + customer.daySpend : 0;
            add(customer.customerId, birthDay, repeats, lastDay, repeatSpend, firstSpend, 0, 0);
          }
        }
      },
      ignored,
    );
    return { currency: main, summary };
  }
}
