import { checkModelOptions } from '../../errors/checkModelOptions.js';
import { ModelInputError } from '../../errors/ModelInputError.js';
import { gaussLegendre } from '../numerics/gaussLegendre.js';
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
   * How far ahead to sum, in time units, >= 0. Default: unlimited (summed until the discount
   * factor falls below 1e-12, past which the rest weighs less than the rule's error); at a rate
   * of 0, the customer's whole lifetime.
   */
  readonly horizon?: number;
  /**
   * Nodes of the Gauss–Legendre rule, 2 to {@link MAX_DERT_NODES} (outside, the nearest bound).
   * Default: `32` (more when α + T is below 1e-4 of the discount's time scale 1/δ), within 1e-9
   * relative of the exact integral from brand-new customers to x = 200, shapes from 0.2 to 50
   * and α from 1e-5 to 300 time units (more nodes only cost time).
   */
  readonly steps?: number;
}

/** Most nodes {@link DertOptions.steps} takes: the rule has converged long before. */
export const MAX_DERT_NODES = 1000;
const DEFAULT_NODES = 32;
/** Nodes per unit of w = ln(1 + t/(α+T)) when the interval is longer than 32 nodes cover. */
const NODES_PER_UNIT = 2.5;
/** Discount factor past which an unlimited horizon is cut: the rest weighs less than this. */
const NEGLIGIBLE_FACTOR = 1e-12;

const DERT_OPTIONS: readonly (keyof DertOptions)[] = ['discountRate', 'horizon', 'steps'];

/**
 * Discounted expected residual transactions (DERT) of a customer under BG/NBD: the expected
 * number of future purchases, each discounted at `discountRate` per time unit (continuously,
 * δ = ln(1 + discountRate)), up to `horizon`. It equals P(alive) E[λ / (λp + δ)] over the
 * customer's posterior λ and p, a Laplace transform of a ₂F₁ with no closed form in ₂F₁ itself;
 * tenure integrates ∫ e^(-δt) dE[Y(t) | x, t_x, T] numerically, by parts
 * (e^(-δH) E(H) + ∫₀ᴴ δ e^(-δt) E(t) dt), with a Gauss–Legendre rule in w = ln(1 + t/(α+T)).
 * Multiply by the expected spend per purchase for a residual CLV.
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
  if (
    options.steps !== undefined &&
    (typeof options.steps !== 'number' || !Number.isFinite(options.steps))
  ) {
    throw new ModelInputError(api, 'options.steps', 'a finite number of nodes', options.steps);
  }
  const delta = Math.log1p(discountRate);
  if (delta === 0) return undiscounted(api, params, customer, options.horizon);
  const horizon = options.horizon ?? Number.POSITIVE_INFINITY;
  if (!(horizon > 0)) return 0;
  // E(t) turns from linear to its slow power law at t ≈ α + T (weeks for a young customer) while
  // the discount acts over 1/δ (years): in w = ln(1 + t/scale) both are a few units wide and the
  // integrand is analytic in a strip around the interval, where Gauss–Legendre converges
  // geometrically (Simpson in e^(-δt/3) put a young customer's rise inside one interval).
  const scale = params.alpha + customer.T;
  const end = Math.min(horizon, -Math.log(NEGLIGIBLE_FACTOR) / delta);
  const half = Math.log1p(end / scale) / 2;
  // The rule's error grows with the interval's length in w, which exceeds 13 only when α + T is
  // below 1e-4 of the discount's time scale (α near 0 and a brand-new customer).
  const nodes =
    options.steps === undefined
      ? Math.max(DEFAULT_NODES, Math.ceil(NODES_PER_UNIT * 2 * half))
      : Math.min(MAX_DERT_NODES, Math.max(2, Math.floor(options.steps)));
  const rule = gaussLegendre(nodes);
  let sum = 0;
  for (let i = 0; i < nodes; i++) {
    const t = scale * Math.expm1(half * ((rule.nodes[i] as number) + 1));
    // dt = (scale + t) dw
    sum +=
      (rule.weights[i] as number) *
      Math.exp(-delta * t) *
      (scale + t) *
      bgNbdConditionalExpectedPurchasesUnchecked(params, customer, t);
  }
  const atEnd =
    Math.exp(-delta * end) * bgNbdConditionalExpectedPurchasesUnchecked(params, customer, end);
  const total = delta * half * sum + atEnd;
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
