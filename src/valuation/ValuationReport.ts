import type { Duration } from '../models/clv/durationIn.js';
import type { DiscountRate } from '../models/clv/ratePerUnit.js';
import type { TimeUnit } from '../models/summary/timeUnit.js';
import type { ChurnBands, PurchaseModelName } from './ValuationOptions.js';

/** How one model fit went. Plain JSON data. */
export interface ModelFitReport<TParams> {
  readonly model: 'bg/nbd' | 'pareto/nbd' | 'gamma-gamma' | 'sbg';
  /** False when the fit failed or was not attempted: the values it feeds are `undefined`. */
  readonly converged: boolean;
  /** Why `converged` is false, in plain words; `undefined` when it converged. */
  readonly reason: string | undefined;
  /** The estimates (only when converged). */
  readonly params: TParams | undefined;
  readonly logLikelihood: number | undefined;
  /** Customers (or subscriptions, for sBG) the fit used. */
  readonly observations: number;
}

/** What a valuing projection fitted and with which settings: the projection's model report. */
export interface ValuationReport {
  /** Calibration end: the UTC day of `asOf`; only events at or before `asOf` were used. */
  readonly calibrationEnd: string;
  readonly model: PurchaseModelName;
  readonly unit: TimeUnit;
  readonly currency: string | undefined;
  readonly margin: number;
  readonly discount: DiscountRate;
  /** `length` is `null` for an unlimited horizon (JSON has no Infinity). */
  readonly horizon: { readonly length: number | null; readonly unit: TimeUnit };
  readonly period: Duration;
  readonly bands: ChurnBands;
  /** BG/NBD or Pareto/NBD on the customers' (x, t_x, T). */
  readonly purchases: ModelFitReport<Readonly<Record<string, number>>>;
  /** Gamma-Gamma on the repeat buyers' mean spend. */
  readonly spend: ModelFitReport<Readonly<Record<string, number>>> & {
    /** Expected spend per purchase of a customer without repeat purchases (p·gamma/(q-1)). */
    readonly populationMean: number | undefined;
  };
  /** sBG per billing period (e.g. `'1 month'`); empty when nobody subscribed. */
  readonly subscriptions: Readonly<
    Record<string, ModelFitReport<Readonly<Record<string, number>>>>
  >;
  /** Customers with a churn risk, with a lifetime value, and without either (with the reason). */
  readonly valued: {
    readonly churnRisk: number;
    readonly clv: number;
    readonly notValued: Readonly<Record<string, number>>;
  };
}
