import { checkModelOptions } from '../../errors/checkModelOptions.js';
import { ModelInputError } from '../../errors/ModelInputError.js';
import type { CustomerHistory } from '../bgnbd/BgNbdParams.js';
import { upperIncompleteGammaScaled } from '../numerics/incompleteGamma.js';
import type { ParetoNbdParams } from './ParetoNbdParams.js';
import { checkParetoNbdInput, paretoNbdPAliveUnchecked } from './paretoNbdPAlive.js';

/**
 * Discounted expected residual transactions (DERT) of a customer under Pareto/NBD, in closed
 * form (Fader, Hardie & Lee 2005, "RFM and CLV", eq. 2):
 * DERT = P(alive) · (r+x)/(α+T) · (β+T)^s δ^(s-1) Ψ(s, s; δ(β+T)), with continuous discount rate
 * δ = ln(1 + discountRate) per time unit and Ψ(s, s; z) = e^z Γ(1-s, z). Unlike the BG/NBD
 * version there is no horizon: the sum runs over the customer's whole remaining lifetime. At a
 * rate of 0 it is the expected purchases over that lifetime, finite for s > 1 only.
 * Multiply by the expected spend per purchase for a residual CLV.
 *
 * @example
 * ```ts
 * const params = { r: 0.553, alpha: 10.578, s: 0.606, beta: 11.669 };
 * paretoNbdDert(params, { x: 2, tx: 30.43, T: 38.86 }, { discountRate: 0.0027 }); // weekly data, ≈ 15 % a year
 * ```
 */
export function paretoNbdDert(
  params: ParetoNbdParams,
  customer: CustomerHistory,
  options: { readonly discountRate: number },
): number {
  const api = 'paretoNbdDert';
  checkModelOptions(api, 'options', options, ['discountRate']);
  checkParetoNbdInput(api, params, customer);
  const { discountRate } = options;
  // A rate that is not a number used to give 0, a value no customer has.
  if (typeof discountRate !== 'number' || !Number.isFinite(discountRate) || discountRate < 0) {
    throw new ModelInputError(
      api,
      'options.discountRate',
      'a finite rate per time unit >= 0',
      discountRate,
    );
  }
  const delta = Math.log1p(discountRate);
  const { r, alpha, s, beta } = params;
  const { x, T } = customer;
  if (delta === 0) {
    // Undiscounted: E[1/μ] = (β+T)/(s-1) over the posterior, finite only for s > 1.
    if (!(s > 1)) {
      throw new ModelInputError(
        api,
        'options.discountRate',
        '> 0 when s <= 1 (the undiscounted expected lifetime is infinite)',
        discountRate,
        'Pass a discount rate.',
      );
    }
    return (
      (paretoNbdPAliveUnchecked(params, customer) * (r + x) * (beta + T)) / ((alpha + T) * (s - 1))
    );
  }
  // E[1/(μ+δ)] over the posterior μ ~ Gamma(s, β+T) = (β+T) · e^z z^(s-1) Γ(1-s, z), z = δ(β+T).
  const z = delta * (beta + T);
  const meanDiscountedLifetime = (beta + T) * upperIncompleteGammaScaled(1 - s, z);
  const value =
    paretoNbdPAliveUnchecked(params, customer) * ((r + x) / (alpha + T)) * meanDiscountedLifetime;
  return Number.isFinite(value) && value > 0 ? value : 0;
}
