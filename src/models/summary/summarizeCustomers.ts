import { checkModelOptions } from '../../errors/checkModelOptions.js';
import { ModelInputError } from '../../errors/ModelInputError.js';
import { normalizeTime } from '../../events/normalizeTime.js';
import type { TenureEvent } from '../../events/TenureEvent.js';
import {
  allocateCustomerColumns,
  type CustomerColumns,
  customersFromColumns,
  trimCustomerColumns,
} from './CustomerColumns.js';
import { type FrequencyRows, sortRows } from './FrequencyRows.js';
import { DAY_MS, PurchaseCollector } from './purchaseDays.js';
import { type TimeUnit, unitDays } from './timeUnit.js';

/** A date option: ISO-8601 date (a UTC day), epoch milliseconds or a `Date`. */
export type DateLike = string | number | Date;

/** Options of {@link summarizeCustomers}. */
export interface SummaryOptions {
  /** Last UTC day of the calibration period, inclusive (e.g. `'1997-09-30'`). Required. */
  readonly calibrationEnd: DateLike;
  /**
   * First UTC day of the cohort: customers whose first purchase is before it belong to an earlier
   * cohort and are left out (counted in `excluded.bornBeforeStart`). Default: no limit.
   */
  readonly calibrationStart?: DateLike;
  /** Last UTC day of the holdout period, inclusive. Default: no holdout. */
  readonly holdoutEnd?: DateLike;
  /** Time unit of t_x, T and of every parameter fitted on the summary. Default: `'week'`. */
  readonly unit?: TimeUnit;
  /**
   * Only purchases and refunds in this currency count; others are counted in `ignoredEvents`.
   * Default: the currency of the first purchase, and a mix of currencies is an error.
   */
  readonly currency?: string;
}

/** The options of {@link summarizeCustomers}. Internal. */
export const SUMMARY_OPTIONS: readonly (keyof SummaryOptions)[] = [
  'calibrationEnd',
  'calibrationStart',
  'holdoutEnd',
  'unit',
  'currency',
];

/** One customer's calibration summary (and holdout counts when a holdout was given). */
export interface CustomerRfm {
  readonly customerId: string;
  /** Birth: the UTC day of the first purchase, as epoch milliseconds (midnight UTC). */
  readonly birth: number;
  /** Repeat purchase days in calibration (the first purchase is not a repeat). */
  readonly x: number;
  /** Time from birth to the last repeat purchase day, in units (0 when x = 0). */
  readonly tx: number;
  /** Time from birth to the end of calibration, in units. */
  readonly T: number;
  /** Mean net spend of the repeat purchase days (refunds deducted); 0 when x = 0. */
  readonly spend: number;
  /** Net spend of the first purchase day. */
  readonly firstSpend: number;
  /** Repeat purchase days in the holdout (0 without a holdout). */
  readonly holdoutX: number;
  /** Net spend in the holdout (0 without a holdout). */
  readonly holdoutSpend: number;
  /**
   * Index of the customer's (x, t_x, T) row in `summary.rows`: score each distinct row once and
   * look customers up, instead of scoring every customer.
   */
  readonly row: number;
}

/** The result of {@link summarizeCustomers}. */
export interface RfmSummary {
  /**
   * Every customer born in the cohort window, in order of first appearance in the events. Built
   * on first access from `columns` (read those for millions of customers).
   */
  readonly customers: readonly CustomerRfm[];
  /**
   * The same customers as typed-array columns, position k for `customers[k]`. Present on
   * summaries from {@link summarizeCustomers}.
   */
  readonly columns?: CustomerColumns;
  /** The same customers grouped into weighted (x, t_x, T) rows: the input of the fits. */
  readonly rows: FrequencyRows;
  /**
   * Customers with repeat purchases whose mean repeat spend is <= 0 (refunds): leave them out of
   * spend models (`fitGammaGamma` needs positive spend).
   */
  readonly nonPositiveSpend: readonly string[];
  /** The time unit's length in days. */
  readonly unitDays: number;
  /** The calibration end day (midnight UTC, epoch ms): T counts the days from birth to it. */
  readonly calibrationEnd: number;
  /** Holdout length in units (0 without a holdout). */
  readonly holdoutLength: number;
  /** Customers left out: born before `calibrationStart`, or born after `calibrationEnd`. */
  readonly excluded: { readonly bornBeforeStart: number; readonly bornAfterEnd: number };
  /** Purchases and refunds skipped because of their currency. */
  readonly ignoredEvents: number;
}

const API = 'summarizeCustomers';

/**
 * Summarises a purchase log for the buy-till-you-die models: per customer, x (repeat purchase
 * days), t_x, T, mean repeat spend, and holdout counts. Purchases on the same UTC day are merged;
 * birth is the first purchase; refunds reduce spend (see {@link CustomerRfm.spend}). Events may
 * come in any order; event types other than `purchase` and `refund` are skipped.
 *
 * @throws ModelInputError for an option that is not a date, an amount that is not a number, or a
 *   mix of currencies without the `currency` option.
 * @example
 * ```ts
 * const summary = summarizeCustomers(events, {
 *   calibrationEnd: '1997-09-30',
 *   holdoutEnd: '1998-06-30',
 *   unit: 'week',
 * });
 * const fit = fitBgNbd(summary);
 * ```
 */
export function summarizeCustomers(
  events: Iterable<TenureEvent>,
  options: SummaryOptions,
): RfmSummary {
  const { collector, settings } = start(options);
  for (const event of events) collector.add(event);
  return finish(collector, settings);
}

/**
 * {@link summarizeCustomers} for an async source, one event at a time: a log's `read()`, or an
 * import stream. Items may also be arrays of events or batches with an `events` array (as
 * `importEvents` yields).
 *
 * @example
 * ```ts
 * const summary = await summarizeCustomersAsync(log.read(), { calibrationEnd: '2024-06-30' });
 * ```
 */
export async function summarizeCustomersAsync(
  events:
    | AsyncIterable<
        TenureEvent | readonly TenureEvent[] | { readonly events: readonly TenureEvent[] }
      >
    | Iterable<TenureEvent>,
  options: SummaryOptions,
): Promise<RfmSummary> {
  const { collector, settings } = start(options);
  for await (const item of events) {
    if (Array.isArray(item)) for (const event of item) collector.add(event);
    else if ('events' in item && Array.isArray(item.events)) {
      for (const event of item.events) collector.add(event);
    } else collector.add(item as TenureEvent);
  }
  return finish(collector, settings);
}

/** A summary's periods and unit, checked (see {@link summarySettings}). Internal. */
export interface SummarySettings {
  readonly startDay: number;
  readonly endDay: number;
  readonly holdoutEndDay: number;
  readonly unitDays: number;
}

/** The UTC day number of a date option. */
export function dayOf(value: DateLike, name: string, api = API): number {
  const time = normalizeTime(value);
  if (time === undefined) {
    throw new ModelInputError(
      api,
      `options.${name}`,
      "an ISO-8601 date such as '1997-09-30', epoch milliseconds or a Date",
      value,
    );
  }
  return Math.floor(time / DAY_MS);
}

/** The checked periods and unit of summary options. Internal. */
export function summarySettings(options: SummaryOptions): SummarySettings {
  if (typeof options !== 'object' || options === null || options.calibrationEnd === undefined) {
    throw new ModelInputError(
      API,
      'options.calibrationEnd',
      "the last day of the calibration period, e.g. '1997-09-30'",
      undefined,
    );
  }
  const endDay = dayOf(options.calibrationEnd, 'calibrationEnd');
  const startDay =
    options.calibrationStart === undefined
      ? Number.NEGATIVE_INFINITY
      : dayOf(options.calibrationStart, 'calibrationStart');
  const holdoutEndDay =
    options.holdoutEnd === undefined ? endDay : dayOf(options.holdoutEnd, 'holdoutEnd');
  if (holdoutEndDay < endDay || startDay > endDay) {
    throw new ModelInputError(
      API,
      'options',
      'periods in order: calibrationStart <= calibrationEnd <= holdoutEnd',
      'periods out of order',
    );
  }
  return { startDay, endDay, holdoutEndDay, unitDays: unitDays(options.unit ?? 'week') };
}

function start(options: SummaryOptions): {
  collector: PurchaseCollector;
  settings: SummarySettings;
} {
  checkModelOptions(API, 'options', options, SUMMARY_OPTIONS);
  const settings = summarySettings(options);
  const collector = new PurchaseCollector({
    lastDay: settings.holdoutEndDay,
    api: API,
    ...(options.currency === undefined ? {} : { currency: options.currency }),
  });
  return { collector, settings };
}

/**
 * Takes one customer's purchase days, reduced: the birth day, the count, last day and summed
 * net spend of the repeat days in calibration, the birth day's net spend, and the holdout's
 * count and spend. Internal.
 */
export type AddCustomerDays = (
  customerId: string,
  birthDay: number,
  repeats: number,
  lastDay: number,
  repeatSpend: number,
  firstSpend: number,
  holdoutX: number,
  holdoutSpend: number,
) => void;

/**
 * Reduces a customer's purchase days (ascending) and their net spend to {@link AddCustomerDays}'
 * arguments, summing in day order (the order every summary of these days must add in).
 * Internal.
 */
export function reduceCustomerDays(
  customerId: string,
  days: readonly number[],
  spend: readonly number[],
  settings: SummarySettings,
  add: AddCustomerDays,
): void {
  const { endDay, holdoutEndDay } = settings;
  const birthDay = days[0] as number;
  let repeats = 0;
  let lastDay = birthDay;
  let repeatSpend = 0;
  let holdoutX = 0;
  let holdoutSpend = 0;
  for (let i = 1; i < days.length; i++) {
    const day = days[i] as number;
    if (day <= endDay) {
      repeats++;
      lastDay = day;
      repeatSpend += spend[i] as number;
    } else if (day <= holdoutEndDay) {
      holdoutX++;
      holdoutSpend += spend[i] as number;
    }
  }
  add(
    customerId,
    birthDay,
    repeats,
    lastDay,
    repeatSpend,
    spend[0] as number,
    holdoutX,
    holdoutSpend,
  );
}

function finish(collector: PurchaseCollector, settings: SummarySettings): RfmSummary {
  return summaryOfCustomers(
    settings,
    collector.customers,
    (add) =>
      collector.forEachCustomer(
        (customerId, days, spend) => reduceCustomerDays(customerId, days, spend, settings, add),
        settings.endDay,
      ),
    collector.otherCurrency,
  );
}

/**
 * The summary of the customers `each` adds (at most `capacity`), in the order added: their
 * columns, and their (x, t_x, T) rows grouped and sorted as the fits take them. Internal: the
 * end of {@link summarizeCustomers}, and of summaries kept customer by customer as a log streams.
 */
export function summaryOfCustomers(
  settings: SummarySettings,
  capacity: number,
  each: (add: AddCustomerDays) => void,
  ignoredEvents: number,
): RfmSummary {
  const { startDay, endDay, holdoutEndDay } = settings;
  const unit = settings.unitDays;
  const columns = allocateCustomerColumns(capacity);
  const nonPositiveSpend: string[] = [];
  let bornBeforeStart = 0;
  let bornAfterEnd = 0;
  // Group on integer days, by T then by x·2^16 + t_x: small-integer keys hash fast. Rows with
  // x >= 2^14 or t_x >= 2^16 days stay ungrouped (still correct, just not merged).
  const groups: (Map<number, number> | undefined)[] = [];
  const x: number[] = [];
  const tx: number[] = [];
  const T: number[] = [];
  const weight: number[] = [];
  each(
    (customerId, birthDay, repeats, lastDay, repeatSpend, firstSpend, holdoutX, holdoutSpend) => {
      if (birthDay < startDay) {
        bornBeforeStart++;
        return;
      }
      if (birthDay > endDay) {
        bornAfterEnd++;
        return;
      }
      const meanSpend = repeats > 0 ? repeatSpend / repeats : 0;
      if (repeats > 0 && !(meanSpend > 0)) nonPositiveSpend.push(customerId);
      const txDays = lastDay - birthDay;
      const ageDays = endDay - birthDay;
      const k = columns.length++;
      columns.customerId.push(customerId);
      columns.birth[k] = birthDay * DAY_MS;
      columns.x[k] = repeats;
      columns.tx[k] = txDays / unit;
      columns.T[k] = ageDays / unit;
      columns.spend[k] = meanSpend;
      columns.firstSpend[k] = firstSpend;
      columns.holdoutX[k] = holdoutX;
      columns.holdoutSpend[k] = holdoutSpend;
      const grouped = repeats < 16_384 && txDays < 65_536;
      const key = repeats * 65_536 + txDays;
      let byAge = groups[ageDays];
      if (byAge === undefined) {
        byAge = new Map();
        groups[ageDays] = byAge;
      }
      const found = grouped ? byAge.get(key) : undefined;
      if (found === undefined) {
        if (grouped) byAge.set(key, x.length);
        columns.row[k] = x.length;
        x.push(repeats);
        tx.push(txDays / unit);
        T.push(ageDays / unit);
        weight.push(1);
      } else {
        columns.row[k] = found;
        weight[found] = (weight[found] as number) + 1;
      }
    },
  );
  const rank = new Int32Array(x.length);
  const rows = sortRows(x, tx, T, weight, rank);
  for (let k = 0; k < columns.length; k++)
    columns.row[k] = rank[columns.row[k] as number] as number;
  const filled = trimCustomerColumns(columns);
  let customers: CustomerRfm[] | undefined;
  return {
    get customers() {
      customers ??= customersFromColumns(filled);
      return customers;
    },
    columns: filled,
    rows,
    nonPositiveSpend,
    unitDays: unit,
    calibrationEnd: endDay * DAY_MS,
    holdoutLength: (holdoutEndDay - endDay) / unit,
    excluded: { bornBeforeStart, bornAfterEnd },
    ignoredEvents,
  };
}
