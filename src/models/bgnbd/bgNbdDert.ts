import { checkModelOptions } from '../../errors/checkModelOptions.js';
import { ModelInputError } from '../../errors/ModelInputError.js';
import type { BgNbdParams, CustomerHistory } from './BgNbdParams.js';
import {
  bgNbdConditionalExpectedPurchasesUnchecked,
  bgNbdLifetimePurchases,
} from './bgNbdConditionalExpectedPurchases.js';
import { checkBgNbdInput } from './bgNbdPAlive.js';

/** Options of {@link bgNbdDert}. */
export interface DertOptions {
  /**
   * Discount rate per time unit, e.g. `0.0027` per week (≈ 15 % a year), >= 0. A rate of 0 needs
   * a finite `horizon` (or a > 1, when the unlimited sum is finite).
   */
  readonly discountRate: number;
  /**
   * How far ahead to sum, in time units, >= 0. Default: until the discount factor falls below
   * 1e-6 (`ln(1e6) / ln(1 + discountRate)`); at a rate of 0, the customer's whole lifetime.
   */
  readonly horizon?: number;
  /** Intervals of the numerical integral (Simpson's rule). Default: `400`. */
  readonly steps?: number;
}

const DERT_OPTIONS: readonly (keyof DertOptions)[] = ['discountRate', 'horizon', 'steps'];

/**
 * Discounted expected residual transactions (DERT) of a customer under BG/NBD: the expected
 * number of future purchases, each discounted at `discountRate` per time unit (continuously,
 * δ = ln(1 + discountRate)), up to `horizon`. BG/NBD has no closed form for it; tenure
 * integrates ∫ e^(-δt) dE[Y(t) | x, t_x, T] numerically: by parts, in the discount factor
 * u = e^(-δt) = s³, with Simpson's rule in s. Multiply by the expected
 * spend per purchase for a residual CLV.
 *
 * @example
 * ```ts
 * const params = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
 * bgNbdDert(params, { x: 2, tx: 30.43, T: 38.86 }, { discountRate: 0.0027 });
 * ```
 */
export function bgNbdDert(
  params: BgNbdParams,
  customer: CustomerHistory,
  options: DertOptions,
): number {
  const api = 'bgNbdDert';
  checkModelOptions(api, 'options', options, DERT_OPTIONS);
  checkBgNbdInput(api, params, customer);
  const { discountRate } = options;
  // A rate or horizon that is not a number used to give 0, a value no customer has.
  if (typeof discountRate !== 'number' || !Number.isFinite(discountRate) || discountRate < 0) {
    throw new ModelInputError(
      api,
      'options.discountRate',
      'a finite rate per time unit >= 0',
      discountRate,
    );
  }
  if (
    options.horizon !== undefined &&
    (typeof options.horizon !== 'number' || !(options.horizon >= 0))
  ) {
    throw new ModelInputError(api, 'options.horizon', 'a number >= 0', options.horizon);
  }
  const delta = Math.log1p(discountRate);
  if (delta === 0) return undiscounted(api, params, customer, options.horizon);
  const horizon = options.horizon ?? Math.log(1e6) / delta;
  const steps = Math.max(1, Math.floor(options.steps ?? 400));
  if (!(horizon > 0)) return 0;
  // By parts: ∫₀ᴴ e^(-δt) dE(t) = e^(-δH) E(H) + ∫ E(t(u)) du over u = e^(-δt) in [e^(-δH), 1].
  // With u = s³ the integrand 3s² E(t(s³)) is smooth at both ends; Simpson's rule in s.
  const lastFactor = Math.exp(-delta * horizon);
  const intervals = 2 * Math.ceil(steps / 2);
  const low = Math.cbrt(lastFactor);
  const width = (1 - low) / intervals;
  const integrand = (k: number): number => {
    if (k === intervals) return 0; // t = 0: E = 0
    const s = low + k * width;
    const t = k === 0 ? horizon : (-3 * Math.log(s)) / delta;
    return 3 * s * s * bgNbdConditionalExpectedPurchasesUnchecked(params, customer, t);
  };
  let sum = integrand(0) + integrand(intervals);
  for (let k = 1; k < intervals; k++) sum += (k % 2 === 1 ? 4 : 2) * integrand(k);
  const atHorizon = bgNbdConditionalExpectedPurchasesUnchecked(params, customer, horizon);
  const total = lastFactor * atHorizon + (sum * width) / 3;
  return Number.isFinite(total) && total > 0 ? total : 0;
}

/**
 * The DERT at a discount rate of 0: E[Y(horizon)], or over the whole lifetime its limit
 * P(alive) (a + b + x - 1) / (a - 1), finite only for a > 1 (the expected purchases before
 * dropping out, E[1/p], diverge otherwise).
 */
function undiscounted(
  api: string,
  params: BgNbdParams,
  customer: CustomerHistory,
  horizon: number | undefined,
): number {
  if (horizon !== undefined && Number.isFinite(horizon)) {
    return bgNbdConditionalExpectedPurchasesUnchecked(params, customer, horizon);
  }
  if (!(params.a > 1)) {
    throw new ModelInputError(
      api,
      'options.discountRate',
      '> 0 for an unlimited horizon when a <= 1 (the undiscounted expectation diverges)',
      0,
      'Pass a discount rate or a finite horizon.',
    );
  }
  return bgNbdLifetimePurchases(api, params, customer);
}
