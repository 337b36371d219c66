import { errorMessage } from '../errors/errorMessage.js';
import { ModelInputError } from '../errors/ModelInputError.js';
import { dropVoided } from '../events/dropVoided.js';
import type { TenureEvent } from '../events/TenureEvent.js';
import type { BgNbdParams } from '../models/bgnbd/BgNbdParams.js';
import { bgNbdExpectedPurchases } from '../models/bgnbd/bgNbdExpectedPurchases.js';
import { fitBgNbd } from '../models/bgnbd/fitBgNbd.js';
import { fitParetoNbd } from '../models/paretoNbd/fitParetoNbd.js';
import type { ParetoNbdParams } from '../models/paretoNbd/ParetoNbdParams.js';
import { paretoNbdExpectedPurchases } from '../models/paretoNbd/paretoNbdExpectedPurchases.js';
import {
  fittedPurchaseModelName,
  type PurchaseModelChoice,
  parsePurchaseModel,
} from '../models/purchaseModelName.js';
import { type DateLike, summarizeCustomers } from '../models/summary/summarizeCustomers.js';
import { type TimeUnit, unitDays } from '../models/summary/timeUnit.js';
import { trackRepeatPurchases } from '../models/summary/trackRepeatPurchases.js';
import { checkHoldoutOptions } from './checkHoldoutOptions.js';

const DAY_MS = 86_400_000;

/** Options of {@link checkHoldout}. */
export interface HoldoutCheckOptions {
  /** Last UTC day the model may see (inclusive), e.g. `'1997-09-30'`. Required. */
  readonly calibrationEnd: DateLike;
  /** Last UTC day of the holdout (inclusive), e.g. `'1998-06-30'`. Required. */
  readonly holdoutEnd: DateLike;
  /**
   * First day of period 1. Default: the first purchase day of the cohort. Actual and forecast
   * count the repeat purchases from it on.
   */
  readonly start?: DateLike;
  /**
   * Purchase model: `'bgnbd'` or `'pareto-nbd'`, or the name the result gives it (`'bg/nbd'`,
   * `'pareto/nbd'`). Default: `'bgnbd'`.
   */
  readonly model?: PurchaseModelChoice;
  /** Period length and the model's time unit. Default: `'week'`. */
  readonly unit?: TimeUnit;
  /** Only purchases in this currency. Default: the first purchase's currency. */
  readonly currency?: string;
}

/** One period of a {@link HoldoutCheck}. Plain JSON data. */
export interface TrackingPeriod {
  /** First day of the period, ISO-8601 (`'1997-10-01'`). */
  readonly start: string;
  /** True for periods after the calibration end (the model did not see them). */
  readonly holdout: boolean;
  /** Repeat purchase days that happened in the period. */
  readonly actual: number;
  /** Repeat purchase days the model expected in the period. */
  readonly forecast: number;
  readonly cumulativeActual: number;
  readonly cumulativeForecast: number;
}

/** The result of {@link checkHoldout}: how well the model fits this business. Plain JSON data. */
export type HoldoutCheck = BgNbdCheck | ParetoNbdCheck;

/** A {@link HoldoutCheck} of BG/NBD. */
export interface BgNbdCheck extends HoldoutCheckFigures {
  readonly model: 'bg/nbd';
  /** The calibration fit's parameters; undefined when it did not converge. */
  readonly params: Readonly<BgNbdParams> | undefined;
}

/** A {@link HoldoutCheck} of Pareto/NBD. */
export interface ParetoNbdCheck extends HoldoutCheckFigures {
  readonly model: 'pareto/nbd';
  /** The calibration fit's parameters; undefined when it did not converge. */
  readonly params: Readonly<ParetoNbdParams> | undefined;
}

/** What a {@link HoldoutCheck} holds whichever the model. */
export interface HoldoutCheckFigures {
  /** False when the calibration fit did not converge: `periods` then has no forecast. */
  readonly converged: boolean;
  /** Why it did not converge; undefined when it did. */
  readonly reason: string | undefined;
  /** Customers of the cohort (first purchase on or before the calibration end). */
  readonly customers: number;
  readonly periods: readonly TrackingPeriod[];
  /**
   * Totals over the holdout, the days after `calibrationEnd` up to `holdoutEnd` (whatever the
   * periods: one that holds the calibration end is marked `holdout: false` but may hold holdout
   * days), and the relative error (forecast - actual) / actual.
   */
  readonly holdout: {
    readonly actual: number;
    readonly forecast: number | undefined;
    readonly relativeError: number | undefined;
  };
}

/**
 * The tracking check of a purchase model on the user's own data: fits BG/NBD (or Pareto/NBD) on
 * the purchases up to `calibrationEnd`, then lays the cohort's expected repeat purchases per
 * period beside the actual ones, through the holdout up to `holdoutEnd`. The forecast of a period
 * is Σ over customers of E[X(t)] at its end minus at its start, t counted from each customer's
 * first purchase, as in Fader, Hardie & Lee (2005), figure 3. On CDNOW (calibration to
 * 1997-09-30, holdout to 1998-06-30) the actual cumulative repeat purchases are 4,339 at week 78.
 *
 * @throws ModelInputError for a missing date, dates that are not dates or out of order, a
 *   currency that is not a string, or a model other than `'bgnbd'` and `'pareto-nbd'` (or their
 *   result names `'bg/nbd'` and `'pareto/nbd'`).
 * @example
 * ```ts
 * const check = checkHoldout(events, { calibrationEnd: '1997-09-30', holdoutEnd: '1998-06-30' });
 * check.holdout; // { actual: 1882, forecast: ..., relativeError: ... }
 * ```
 */
export function checkHoldout(
  events: readonly TenureEvent[],
  options: HoldoutCheckOptions,
): HoldoutCheck {
  const api = 'checkHoldout';
  const days = checkHoldoutOptions(api, options);
  const counting = dropVoided(events);
  const unit = options.unit ?? 'week';
  const length = unitDays(unit, api, 'options.unit');
  const model = fittedPurchaseModelName(
    parsePurchaseModel(api, 'options.model', options.model, 'bgnbd'),
  );
  const summary = summarizeCustomers(counting, {
    calibrationEnd: options.calibrationEnd,
    holdoutEnd: options.holdoutEnd,
    unit,
    ...(options.currency === undefined ? {} : { currency: options.currency }),
  });
  const cohort = new Set(summary.customers.map((customer) => customer.customerId));
  if (cohort.size === 0) {
    throw new ModelInputError(
      api,
      'events',
      'purchases on or before calibrationEnd',
      'none',
      'Choose a calibration end after the first purchases.',
    );
  }
  const calibrationEndDay = summary.calibrationEnd / DAY_MS;
  const holdoutEndDay = calibrationEndDay + summary.holdoutLength * length;
  let startDay = Number.POSITIVE_INFINITY;
  for (const customer of summary.customers) startDay = Math.min(startDay, customer.birth / DAY_MS);
  if (days.start !== undefined) startDay = days.start;
  const periods = Math.max(1, Math.ceil((holdoutEndDay + 1 - startDay) / length));
  const tracking = trackRepeatPurchases(
    counting.filter((event) => cohort.has(event.customerId)),
    {
      start: startDay * DAY_MS,
      periods,
      unit,
      ...(options.currency === undefined ? {} : { currency: options.currency }),
    },
  );
  let expected: ((t: number) => number) | undefined;
  let fitted: Pick<BgNbdCheck, 'model' | 'params'> | Pick<ParetoNbdCheck, 'model' | 'params'> =
    model === 'bg/nbd' ? { model, params: undefined } : { model, params: undefined };
  let reason: string | undefined;
  try {
    const fit = model === 'bg/nbd' ? fitBgNbd(summary) : fitParetoNbd(summary);
    if (fit.converged) {
      fitted =
        fit.model === 'bg/nbd'
          ? { model: fit.model, params: { ...fit.params } }
          : { model: fit.model, params: { ...fit.params } };
      expected =
        fit.model === 'bg/nbd'
          ? (t) => bgNbdExpectedPurchases(fit.params, t)
          : (t) => paretoNbdExpectedPurchases(fit.params, t);
    } else reason = 'the calibration fit did not converge';
  } catch (error) {
    reason = errorMessage(error);
  }
  // Customers by birth day: E[X(t)] is evaluated once per (birth day, period end).
  const births = new Map<number, number>();
  for (const customer of summary.customers) {
    const day = customer.birth / DAY_MS;
    births.set(day, (births.get(day) ?? 0) + 1);
  }
  const cumulativeAt = (endDay: number): number => {
    if (expected === undefined) return 0;
    let sum = 0;
    for (const [birth, count] of births) {
      const elapsed = (endDay - birth) / length;
      if (elapsed > 0) sum += count * expected(elapsed);
    }
    return sum;
  };
  const rows: TrackingPeriod[] = [];
  // The actual counts purchases from the start on: so does the forecast (0 before the first
  // birth, the default start; a later start leaves out what was expected before it).
  const beforeStart = cumulativeAt(startDay - 1);
  let previous = 0;
  for (let k = 0; k < periods; k++) {
    const first = startDay + k * length;
    // The last day counted in period k: repeat purchases happen on whole days after birth, and
    // trackRepeatPurchases puts day d in period floor((d - start) / length), so with a length
    // that is not a whole number of days (months) the last is the day before the next whole day.
    const cumulativeForecast =
      cumulativeAt(Math.min(Math.ceil(startDay + (k + 1) * length), holdoutEndDay + 1) - 1) -
      beforeStart;
    const actual = tracking.repeats[k] as number;
    const forecast = cumulativeForecast - previous;
    previous = cumulativeForecast;
    const holdout = first > calibrationEndDay;
    rows.push({
      start: new Date(first * DAY_MS).toISOString().slice(0, 10),
      holdout,
      actual,
      forecast,
      cumulativeActual: tracking.cumulative[k] as number,
      cumulativeForecast,
    });
  }
  // The holdout's totals are those of its days, not of the periods after the calibration end:
  // a unit that does not divide the calibration (months, 10 days) puts holdout days in the
  // period that holds the calibration end, and they were left out.
  let holdoutActual = 0;
  for (const customer of summary.customers) holdoutActual += customer.holdoutX;
  const holdoutForecast = cumulativeAt(holdoutEndDay) - cumulativeAt(calibrationEndDay);
  const converged = expected !== undefined;
  return {
    ...fitted,
    converged,
    reason,
    customers: cohort.size,
    periods: converged ? rows : rows.map((row) => ({ ...row, forecast: 0, cumulativeForecast: 0 })),
    holdout: {
      actual: holdoutActual,
      forecast: converged ? holdoutForecast : undefined,
      relativeError:
        converged && holdoutActual > 0
          ? (holdoutForecast - holdoutActual) / holdoutActual
          : undefined,
    },
  };
}
