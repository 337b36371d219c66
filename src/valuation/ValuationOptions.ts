import { checkModelOptions } from '../errors/checkModelOptions.js';
import { ModelInputError } from '../errors/ModelInputError.js';
import type { Duration } from '../models/clv/durationIn.js';
import { durationIn } from '../models/clv/durationIn.js';
import type { DiscountRate } from '../models/clv/ratePerUnit.js';
import {
  type PurchaseModelChoice,
  type PurchaseModelName,
  parsePurchaseModel,
} from '../models/purchaseModelName.js';
import { type TimeUnit, unitDays } from '../models/summary/timeUnit.js';

export type {
  FittedPurchaseModelName,
  PurchaseModelChoice,
  PurchaseModelName,
} from '../models/purchaseModelName.js';

/** Which model to fit and in which time unit; shared by {@link ChurnOptions} and {@link ClvOptions}. */
export interface ModelChoice {
  /**
   * Purchase model of customers without a subscription: `'bgnbd'` (BG/NBD, Fader, Hardie & Lee
   * 2005) or `'pareto-nbd'`; the names results give them (`'bg/nbd'`, `'pareto/nbd'`, as in
   * `customer.churnRisk.model`) work too. Default: `'bgnbd'`. Customers with an active
   * subscription always use the sBG model.
   */
  readonly model?: PurchaseModelChoice;
  /** Time unit of the purchase model's parameters (t_x, T, horizons). Default: `'week'`. */
  readonly unit?: TimeUnit;
}

/** Probability thresholds of the churn-risk bands: `low` below `medium`, `high` from `high` on. */
export interface ChurnBands {
  /** Risk from which a customer is `medium`. Default: `0.3`. */
  readonly medium: number;
  /** Risk from which a customer is `high`. Default: `0.7`. */
  readonly high: number;
}

/** The bands of `churn` and `churnBand` when given none. Internal. */
export const DEFAULT_CHURN_BANDS: ChurnBands = Object.freeze({ medium: 0.3, high: 0.7 });

/**
 * Checks churn bands found at `path` of `api`'s input: no other keys, and `0 < medium < high < 1`.
 *
 * @throws ModelInputError naming `api` and `path`.
 */
export function checkChurnBands(api: string, path: string, bands: ChurnBands): void {
  checkModelOptions(api, path, bands, BAND_OPTIONS);
  if (
    typeof bands !== 'object' ||
    bands === null ||
    !(bands.medium > 0 && bands.medium < bands.high && bands.high < 1)
  ) {
    throw new ModelInputError(api, path, 'thresholds with 0 < medium < high < 1', bands);
  }
}

/** Options of the churn risk (`project(log, { asOf, churn })`). */
export interface ChurnOptions extends ModelChoice {
  /** Band thresholds. Default: `{ medium: 0.3, high: 0.7 }`. */
  readonly bands?: ChurnBands;
}

/** Options of the lifetime value (`project(log, { asOf, clv })`). */
export interface ClvOptions extends ModelChoice {
  /** Share of spend that is profit, in [0, 1]. Default: `1` (values are revenue, not margin). */
  readonly margin?: number;
  /**
   * Discount rate with its period, compounded. Default: `{ rate: 0.1, per: { days: 365.25 } }`
   * (10 % a year). Converted to the model's time unit (and to the renewal period for
   * subscriptions) explicitly, never as "a month is 30 units". With an unlimited horizon a
   * subscriber needs at least 1e-6 per renewal period (about 0.0012 % a year on monthly plans):
   * below it her `clv` is undefined and `valuation.valued.notValued` says why.
   */
  readonly discount?: DiscountRate;
  /**
   * How far ahead the residual value counts. Default: no limit (`{ length: Infinity, unit:
   * 'day' }`), which needs a discount rate > 0; a finite one is at most 2^53 - 1 days. BG/NBD's unlimited horizon is integrated until
   * the discount factor falls below 1e-12 (`bgNbdDert`, within 1e-9 of the exact value).
   */
  readonly horizon?: Duration;
  /**
   * The "next period" of each customer's `expectedPurchases` and of the portfolio's expected
   * purchases. Default: `{ length: 365.25, unit: 'day' }` (a year).
   */
  readonly period?: Duration;
  /**
   * Only purchases, refunds and payments in this currency are valued. Default: the currency of
   * most purchases before `asOf` (ties: alphabetical order); customers who buy only in another
   * get `clv: undefined`, and one who buys in both is valued on her purchases in this one alone
   * (the others count neither as purchases nor as spend).
   */
  readonly currency?: string;
}

/** Every valuation setting, resolved with its default. */
export interface ValuationSettings {
  readonly model: PurchaseModelName;
  readonly unit: TimeUnit;
  readonly unitDays: number;
  readonly bands: ChurnBands;
  readonly margin: number;
  readonly discount: DiscountRate;
  readonly horizon: Duration;
  readonly period: Duration;
  readonly currency: string | undefined;
  /** Whether churn risk and lifetime value were asked for. */
  readonly churn: boolean;
  readonly clv: boolean;
}

const YEAR: TimeUnit = { days: 365.25 };

const CHURN_OPTIONS: readonly (keyof ChurnOptions)[] = ['model', 'unit', 'bands'];
const BAND_OPTIONS: readonly (keyof ChurnBands)[] = ['medium', 'high'];
const CLV_OPTIONS: readonly (keyof ClvOptions)[] = [
  'model',
  'unit',
  'margin',
  'discount',
  'horizon',
  'period',
  'currency',
];

/**
 * Resolves `churn` and `clv` options (each `true`, an options object, or absent) into settings,
 * with every default applied and every value checked.
 *
 * @throws ModelInputError naming the option, e.g. a margin outside [0, 1], a band order that is
 *   not `0 < medium < high < 1`, an unlimited horizon without discounting, two different models,
 *   or an option that `churn` or `clv` does not have.
 */
export function resolveValuationSettings(
  api: string,
  churn: boolean | ChurnOptions | undefined,
  clv: boolean | ClvOptions | undefined,
): ValuationSettings {
  // A JavaScript caller's churn: 'pareto-nbd' or clv: 0.3 would read as true and value with
  // the defaults, dropping the model or margin asked for without a word.
  checkSwitch(api, 'churn', churn, "{ model: 'pareto-nbd' }");
  checkSwitch(api, 'clv', clv, '{ margin: 0.3 }');
  const churnOptions: ChurnOptions = typeof churn === 'object' && churn !== null ? churn : {};
  const clvOptions: ClvOptions = typeof clv === 'object' && clv !== null ? clv : {};
  checkModelOptions(api, 'churn', churnOptions, CHURN_OPTIONS);
  checkModelOptions(api, 'clv', clvOptions, CLV_OPTIONS);
  const model = agreeOnModel(api, churnOptions.model, clvOptions.model);
  const unit = agree(api, 'unit', churnOptions.unit, clvOptions.unit) ?? 'week';
  const days = unitDays(unit, api, churnOptions.unit === undefined ? 'clv.unit' : 'churn.unit');
  const bands = churnOptions.bands ?? DEFAULT_CHURN_BANDS;
  checkChurnBands(api, 'churn.bands', bands);
  const margin = clvOptions.margin ?? 1;
  if (typeof margin !== 'number' || !(margin >= 0 && margin <= 1)) {
    throw new ModelInputError(api, 'clv.margin', 'a share in [0, 1] (1 for revenue)', margin);
  }
  const discount = clvOptions.discount ?? { rate: 0.1, per: YEAR };
  if (typeof discount.rate !== 'number' || !Number.isFinite(discount.rate) || discount.rate < 0) {
    throw new ModelInputError(api, 'clv.discount.rate', 'a finite rate >= 0', discount.rate);
  }
  unitDays(discount.per, api, 'clv.discount.per');
  const horizon = clvOptions.horizon ?? { length: Number.POSITIVE_INFINITY, unit: 'day' };
  const horizonLength = daysIn(api, 'clv.horizon', horizon);
  // Subscribers' payments are counted in whole periods, a safe integer at most: a day's billing
  // over this many days. Beyond it the horizon is no limit in any sense a value needs.
  if (horizonLength !== Number.POSITIVE_INFINITY && horizonLength > Number.MAX_SAFE_INTEGER) {
    throw new ModelInputError(
      api,
      'clv.horizon.length',
      `Infinity or at most ${Number.MAX_SAFE_INTEGER} days (2.5e13 years)`,
      horizon.length,
    );
  }
  if (horizonLength === Number.POSITIVE_INFINITY && discount.rate === 0) {
    throw new ModelInputError(
      api,
      'clv.horizon',
      'finite when the discount rate is 0',
      horizon.length,
      'An undiscounted value over an unlimited horizon is not finite: pass a horizon such as { length: 3, unit: { days: 365.25 } } or a discount rate > 0.',
    );
  }
  const period = clvOptions.period ?? { length: 365.25, unit: 'day' };
  const periodLength = daysIn(api, 'clv.period', period);
  if (!(periodLength > 0 && Number.isFinite(periodLength))) {
    throw new ModelInputError(api, 'clv.period', 'a finite duration > 0', period.length);
  }
  return {
    model,
    unit,
    unitDays: days,
    bands,
    margin,
    discount,
    horizon,
    period,
    currency: clvOptions.currency,
    churn: churn !== undefined && churn !== false,
    clv: clv !== undefined && clv !== false,
  };
}

function checkSwitch(api: string, name: string, value: unknown, example: string): void {
  if (value === undefined || typeof value === 'boolean') return;
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) return;
  throw new ModelInputError(
    api,
    name,
    `true, false or an options object such as ${example}`,
    value,
  );
}

function agree<T>(api: string, name: string, fromChurn: T, fromClv: T): T {
  if (
    fromChurn !== undefined &&
    fromClv !== undefined &&
    JSON.stringify(fromChurn) !== JSON.stringify(fromClv)
  ) {
    throw new ModelInputError(
      api,
      `clv.${name}`,
      `the same as churn.${name} (${JSON.stringify(fromChurn)}): one model values a customer`,
      fromClv,
    );
  }
  return fromChurn ?? fromClv;
}

/** The one purchase model of `churn.model` and `clv.model`, each given by either of its names. */
function agreeOnModel(api: string, fromChurn: unknown, fromClv: unknown): PurchaseModelName {
  const churnModel = parsePurchaseModel(api, 'churn.model', fromChurn, undefined);
  const clvModel = parsePurchaseModel(api, 'clv.model', fromClv, undefined);
  // 'bg/nbd' beside 'bgnbd' is one model; the message quotes the names as the caller gave them.
  if (churnModel !== undefined && clvModel !== undefined && churnModel !== clvModel) {
    agree(api, 'model', fromChurn, fromClv);
  }
  return churnModel ?? clvModel ?? 'bgnbd';
}

/** The duration option at `path` in days, each part checked under its own path. */
function daysIn(api: string, path: string, duration: unknown): number {
  if (typeof duration !== 'object' || duration === null) {
    throw new ModelInputError(
      api,
      path,
      'a duration { length, unit }, e.g. { length: 3, unit: { days: 365.25 } }',
      duration,
    );
  }
  const { length, unit } = duration as Duration;
  if (typeof length !== 'number' || Number.isNaN(length) || length < 0) {
    throw new ModelInputError(api, `${path}.length`, 'a number >= 0', length);
  }
  unitDays(unit, api, `${path}.unit`);
  return durationIn(duration as Duration, 'day', api);
}
