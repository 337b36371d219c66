import { requirePositiveParams } from '../clv/checkModelInput.js';

/**
 * Parameters of the shifted-beta-geometric (sBG) model of contractual retention: each customer
 * churns at the end of every period with a constant probability θ, and θ is beta(alpha, beta)
 * distributed across customers (Fader & Hardie 2007).
 */
export interface SbgParams {
  readonly alpha: number;
  readonly beta: number;
}

/** Throws `ModelInputError` unless alpha and beta are finite numbers > 0. */
export function checkSbgParams(api: string, params: SbgParams): void {
  requirePositiveParams(api, { alpha: params.alpha, beta: params.beta });
}
