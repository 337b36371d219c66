import { checkModelOptions } from '../../errors/checkModelOptions.js';
import { ModelInputError } from '../../errors/ModelInputError.js';
import type { TenureEvent } from '../../events/TenureEvent.js';
import { PurchaseCollector } from './purchaseDays.js';
import { type DateLike, dayOf } from './summarizeCustomers.js';
import { type TimeUnit, unitDays } from './timeUnit.js';

/** Options of {@link trackRepeatPurchases}. */
export interface TrackingOptions {
  /** First UTC day of period 1, e.g. `'1997-01-01'`. */
  readonly start: DateLike;
  /** Number of periods. */
  readonly periods: number;
  /** Length of a period. Default: `'week'`. */
  readonly unit?: TimeUnit;
  /** Only purchases in this currency count. Default: the first purchase's currency. */
  readonly currency?: string;
}

const TRACKING_OPTIONS: readonly (keyof TrackingOptions)[] = [
  'start',
  'periods',
  'unit',
  'currency',
];

/** Repeat purchase days per period, all customers together. */
export interface RepeatPurchaseTracking {
  /** Start of each period, epoch ms. */
  readonly periodStart: readonly number[];
  /** Repeat purchase days in each period. */
  readonly repeats: readonly number[];
  /** Running total of `repeats`. */
  readonly cumulative: readonly number[];
}

/**
 * Counts repeat purchase days (every purchase day of a customer but the first) per period: the
 * actual series of a tracking plot, to lay beside a model's expected cumulative purchases.
 * Period k (1-based) covers the days `start + (k-1)·unit` up to, not including, `start + k·unit`.
 *
 * @example
 * ```ts
 * const weekly = trackRepeatPurchases(events, { start: '1997-01-01', periods: 78 });
 * weekly.cumulative[38]; // 2457 on CDNOW (end of calibration)
 * ```
 */
export function trackRepeatPurchases(
  events: Iterable<TenureEvent>,
  options: TrackingOptions,
): RepeatPurchaseTracking {
  const api = 'trackRepeatPurchases';
  checkModelOptions(api, 'options', options, TRACKING_OPTIONS);
  const first = dayOf(options.start, 'start', api);
  const periods = options.periods;
  if (!Number.isInteger(periods) || periods < 1) {
    throw new ModelInputError(api, 'periods', 'an integer >= 1', periods);
  }
  const length = unitDays(options.unit ?? 'week');
  const lastDay = Math.ceil(first + periods * length) - 1;
  const collector = new PurchaseCollector({
    lastDay,
    api,
    ...(options.currency === undefined ? {} : { currency: options.currency }),
  });
  for (const event of events) collector.add(event);
  const repeats = new Array<number>(periods).fill(0);
  collector.forEachCustomer((_, days) => {
    for (let i = 1; i < days.length; i++) {
      const period = Math.floor(((days[i] as number) - first) / length);
      if (period >= 0 && period < periods) repeats[period] = (repeats[period] as number) + 1;
    }
  });
  let total = 0;
  const cumulative = repeats.map((count) => {
    total += count;
    return total;
  });
  const periodStart = repeats.map((_, k) => (first + k * length) * 86_400_000);
  return { periodStart, repeats, cumulative };
}
