import { dropVoided } from '../../events/dropVoided.js';
import type { TenureEvent } from '../../events/TenureEvent.js';
import type { BgBbRow } from '../../models/bgbb/BgBbParams.js';
import { bgbbConditionalExpectedTransactions } from '../../models/bgbb/bgbbConditionalExpectedTransactions.js';
import { fitBgBb } from '../../models/bgbb/fitBgBb.js';
import { fitBgNbd } from '../../models/bgnbd/fitBgNbd.js';
import { withoutFitOptionAdvice } from '../../models/fitOptionAdvice.js';
import { fitGammaGamma } from '../../models/gammaGamma/fitGammaGamma.js';
import { gammaGammaExpectedSpend } from '../../models/gammaGamma/gammaGammaExpectedSpend.js';
import { fitParetoNbd } from '../../models/paretoNbd/fitParetoNbd.js';
import { fitSbg } from '../../models/sbg/fitSbg.js';
import { summarizeCustomers } from '../../models/summary/summarizeCustomers.js';
import { type TimeUnit, unitDays } from '../../models/summary/timeUnit.js';
import { checkHoldout } from '../../valuation/checkHoldout.js';
import { collectSubscriptions } from '../../valuation/collectSubscriptions.js';
import {
  GAMMA_GAMMA_BOUNDED,
  unidentifiedParameter,
} from '../../valuation/unidentifiedParameter.js';

/** The models `tenure fit` fits, by their `--model` names. */
export const fitModels = ['bgnbd', 'pareto-nbd', 'gamma-gamma', 'bgbb', 'sbg'] as const;
export type FitModelName = (typeof fitModels)[number];

/**
 * The name `tenure fit --json` gives a model: the `model` of the library's fit
 * (`fitBgNbd(...).model` is `'bg/nbd'`), as `tenure project --json` and the valuation name it.
 */
export type FittedModelName = 'bg/nbd' | 'pareto/nbd' | 'gamma-gamma' | 'bg/bb' | 'sbg';

/** What to fit: the model, the periods (UTC days, epoch ms of their midnight) and the unit. */
export interface FitRequest {
  readonly model: FitModelName;
  readonly calibrationEnd: number;
  readonly holdoutEnd: number | undefined;
  readonly unit: TimeUnit;
  /** Only purchases in this currency count. */
  readonly currency: string | undefined;
}

/** A fit as `tenure fit` reports it. Plain JSON data. */
export interface FitResult {
  readonly model: FittedModelName;
  /** What the fit counted: customers, repeat buyers (Gamma-Gamma) or subscriptions (sBG). */
  readonly observations: number;
  readonly params: Readonly<Record<string, number>>;
  readonly se: Readonly<Record<string, number>> | null;
  readonly logLikelihood: number;
  /**
   * Whether the estimates can be used: the optimiser converged to a maximum that pins every
   * parameter down. A maximum at a limit (a parameter of 1e6 and beyond, or known only within a
   * factor e^10) is not an estimate; the valuation does not use it either.
   */
  readonly converged: boolean;
  /** Why the estimates are not to be used; `null` when they converged. */
  readonly reason: string | null;
  readonly iterations: number;
  /**
   * sbg: the renewal period fitted (`'1 month'`), the one with most subscriptions (ties:
   * alphabetical); subscriptions renewed over other periods are left out, as each period has a
   * churn rate of its own. Absent for the other models.
   */
  readonly period?: string;
  /** Forecast vs actual in the holdout period; `null` without a holdout. */
  readonly holdout: {
    /** What is compared, in words. */
    readonly measure: string;
    /** `null` when there is no forecast (a fit that did not converge). */
    readonly forecast: number | null;
    readonly actual: number;
    /**
     * Why the comparison may mislead, in words (a holdout past the log's last event); `null`
     * when nothing is amiss. Set by `tenure fit`, which knows the whole log.
     */
    readonly note?: string | null;
  } | null;
}

const DAY_MS = 86_400_000;

/** Fits one model on a log's events (see {@link FitRequest}) and forecasts the holdout. */
export function fitModelOnEvents(events: readonly TenureEvent[], request: FitRequest): FitResult {
  const { model } = request;
  // Voided events do not count, as in the API's fits (checkHoldout, project's valuation).
  const counting = dropVoided(events);
  if (model === 'sbg') return fitSubscriptions(counting, request.calibrationEnd);
  if (model === 'bgbb') return fitDiscrete(counting, request);
  const day = (time: number) => new Date(time).toISOString().slice(0, 10);
  const summary = summarizeCustomers(counting, {
    calibrationEnd: day(request.calibrationEnd),
    unit: request.unit,
    ...(request.holdoutEnd === undefined ? {} : { holdoutEnd: day(request.holdoutEnd) }),
    ...(request.currency === undefined ? {} : { currency: request.currency }),
  });
  const withHoldout = request.holdoutEnd !== undefined;
  if (model === 'gamma-gamma') {
    const actualRepeats = summary.customers.reduce((sum, customer) => sum + customer.holdoutX, 0);
    const fit = fitGammaGamma(
      summary.customers.map((customer) => ({ x: customer.x, meanSpend: customer.spend })),
      { nonPositiveSpend: 'exclude' },
    );
    // Estimates that did not converge, or a mean spend that is infinite (q <= 1), forecast nothing;
    // the holdout's actual spend is the same whatever the fit.
    const result = common(fit, GAMMA_GAMMA_BOUNDED);
    const forecasts = result.converged && fit.params.q > 1;
    let forecastSpend = 0;
    let actualSpend = 0;
    if (withHoldout) {
      for (const customer of summary.customers) {
        if (customer.holdoutX === 0) continue;
        actualSpend += customer.holdoutSpend;
        if (!forecasts) continue;
        const history = {
          x: customer.spend > 0 ? customer.x : 0,
          meanSpend: Math.max(0, customer.spend),
        };
        forecastSpend += customer.holdoutX * gammaGammaExpectedSpend(fit.params, history);
      }
    }
    return {
      ...result,
      observations: fit.customers,
      holdout:
        withHoldout && actualRepeats > 0
          ? {
              measure: 'mean spend per repeat purchase day of the holdout buyers',
              forecast: forecasts ? forecastSpend / actualRepeats : null,
              actual: actualSpend / actualRepeats,
            }
          : null,
    };
  }
  const fit = model === 'bgnbd' ? fitBgNbd(summary) : fitParetoNbd(summary);
  const result = common(fit);
  const holdout = withHoldout ? cohortHoldout(counting, request, day) : null;
  return {
    ...result,
    observations: fit.customers,
    holdout: holdout !== null && !result.converged ? { ...holdout, forecast: null } : holdout,
  };
}

/**
 * The holdout of BG/NBD and Pareto/NBD is `checkHoldout`'s, so that the CLI, the API, the docs
 * and the report's tracking plot give one figure: the calibration cohort's expected repeat
 * purchase days in the holdout (Σ E[X(t)] by first purchase day, Fader, Hardie & Lee 2005), not
 * a sum of each customer's conditional expectation, which is another forecast.
 */
function cohortHoldout(
  events: readonly TenureEvent[],
  request: FitRequest,
  day: (time: number) => string,
): NonNullable<FitResult['holdout']> {
  const check = checkHoldout(events, {
    calibrationEnd: day(request.calibrationEnd),
    holdoutEnd: day(request.holdoutEnd as number),
    model: request.model === 'pareto-nbd' ? 'pareto-nbd' : 'bgnbd',
    unit: request.unit,
    ...(request.currency === undefined ? {} : { currency: request.currency }),
  });
  return {
    measure:
      "the cohort's expected repeat purchase days in the holdout (checkHoldout's tracking curve) vs actual",
    forecast: check.holdout.forecast ?? null,
    actual: check.holdout.actual,
  };
}

/**
 * What every model reports. `bounded` names the parameters a value of 1e6 and beyond puts at a
 * limit (see `unidentifiedParameter`); by default all.
 */
function common(
  fit: {
    model: FittedModelName;
    params: object;
    se: object | undefined;
    logLikelihood: number;
    converged: boolean;
    reason: string | undefined;
    iterations: number;
  },
  bounded?: readonly string[],
): Omit<FitResult, 'observations' | 'holdout'> {
  const params = { ...(fit.params as Record<string, number>) };
  const se = fit.se === undefined ? null : { ...(fit.se as Record<string, number>) };
  const unidentified = fit.converged
    ? unidentifiedParameter(params, se ?? undefined, bounded)
    : undefined;
  const reason = !fit.converged
    ? withoutFitOptionAdvice(fit.reason ?? 'the optimiser did not converge')
    : unidentified === undefined
      ? null
      : `the optimiser stopped at a limit: ${unidentified}`;
  return {
    model: fit.model,
    params,
    se,
    logLikelihood: fit.logLikelihood,
    converged: reason === null,
    reason,
    iterations: fit.iterations,
  };
}

/**
 * BG/BB: each `unit` after a customer's first purchase day is a transaction opportunity; x counts
 * the opportunities with a purchase, t_x is the last one, n those that ended by the calibration end.
 * Opportunity k holds the days (birth + (k - 1) unit, birth + k unit], so that the n counted end
 * on or before the calibration end: no holdout day falls in one, and none after the first
 * purchase falls outside them.
 */
function fitDiscrete(events: readonly TenureEvent[], request: FitRequest): FitResult {
  const length = unitDays(request.unit);
  const endDay = Math.floor(request.calibrationEnd / DAY_MS);
  const holdoutDay = Math.floor((request.holdoutEnd ?? request.calibrationEnd) / DAY_MS);
  const days = purchaseDays(events, request.currency, holdoutDay);
  const rows: (BgBbRow & { nStar: number; actual: number })[] = [];
  for (const list of days.values()) {
    const birth = list[0] as number;
    if (birth > endDay) continue;
    const n = Math.floor((endDay - birth) / length);
    const nStar = Math.floor((holdoutDay - birth) / length) - n;
    const periods = new Set(list.map((day) => Math.ceil((day - birth) / length)));
    let x = 0;
    let tx = 0;
    let actual = 0;
    for (const period of periods) {
      if (period >= 1 && period <= n) {
        x++;
        tx = Math.max(tx, period);
      } else if (period > n && period <= n + nStar) actual++;
    }
    rows.push({ x, tx, n, nStar, actual });
  }
  const fit = fitBgBb(rows.filter((row) => row.n > 0).map(({ x, tx, n }) => ({ x, tx, n })));
  const result = common(fit);
  const withHoldout = request.holdoutEnd !== undefined;
  let forecast = 0;
  let actual = 0;
  if (withHoldout) {
    for (const row of rows) {
      actual += row.actual;
      // A fit that did not converge returns its starting point: nothing to forecast with.
      if (result.converged && row.nStar > 0)
        forecast += bgbbConditionalExpectedTransactions(fit.params, row, row.nStar);
    }
  }
  return {
    ...result,
    observations: fit.customers,
    holdout: withHoldout
      ? {
          measure: 'periods with a repeat purchase in the holdout',
          forecast: result.converged ? forecast : null,
          actual,
        }
      : null,
  };
}

function purchaseDays(
  events: readonly TenureEvent[],
  currency: string | undefined,
  lastDay: number,
): Map<string, number[]> {
  const days = new Map<string, number[]>();
  for (const event of events) {
    if (event.type !== 'purchase') continue;
    const data = event.data as { currency?: unknown };
    if (currency !== undefined && data.currency !== currency) continue;
    const day = Math.floor(event.at / DAY_MS);
    if (day > lastDay) continue;
    const list = days.get(event.customerId);
    if (list === undefined) days.set(event.customerId, [day]);
    else list.push(day);
  }
  for (const list of days.values()) list.sort((a, b) => a - b);
  return days;
}

/**
 * sBG on subscriptions as the projection's valuation sees them at the calibration end
 * (`collectSubscriptions`): payments = the start plus each renewal; churned = cancelled, or
 * lapsed (not renewed within the grace days after the paid period). One renewal period is
 * fitted, the most common: a monthly and a yearly churn rate are not one geometric process.
 */
function fitSubscriptions(events: readonly TenureEvent[], calibrationEnd: number): FitResult {
  const byPeriod = new Map<string, { payments: number; churned: boolean }[]>();
  for (const record of collectSubscriptions(events, calibrationEnd)) {
    const rows = byPeriod.get(record.period);
    const row = { payments: record.payments, churned: record.churned };
    if (rows === undefined) byPeriod.set(record.period, [row]);
    else rows.push(row);
  }
  let period: string | undefined;
  for (const [name, rows] of [...byPeriod].sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (period === undefined || rows.length > (byPeriod.get(period)?.length ?? 0)) period = name;
  }
  const fit = fitSbg({ rows: byPeriod.get(period ?? '') ?? [] });
  return {
    ...common(fit),
    observations: fit.customers,
    ...(period === undefined ? {} : { period }),
    holdout: null,
  };
}

/** The currency of most purchases at or before `asOf` (ties: alphabetical order). */
export function mainCurrency(events: readonly TenureEvent[], asOf: number): string | undefined {
  const counts = new Map<string, number>();
  for (const event of events) {
    if (event.type !== 'purchase' || event.at > asOf) continue;
    const currency = (event.data as { currency?: unknown }).currency;
    if (typeof currency === 'string') counts.set(currency, (counts.get(currency) ?? 0) + 1);
  }
  let best: string | undefined;
  for (const [currency, count] of [...counts].sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (best === undefined || count > (counts.get(best) ?? 0)) best = currency;
  }
  return best;
}
