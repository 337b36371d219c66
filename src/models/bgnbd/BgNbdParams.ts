/**
 * Parameters of the BG/NBD model (Fader, Hardie & Lee 2005), in the time unit of the data they
 * were fitted on. While alive, a customer buys at rate λ ~ Gamma(r, alpha); after each purchase
 * the customer drops out with probability p ~ Beta(a, b).
 */
export interface BgNbdParams {
  /** Shape of the purchase-rate distribution. */
  readonly r: number;
  /** Scale of the purchase-rate distribution (in time units; E[λ] = r / alpha). */
  readonly alpha: number;
  /** First shape of the dropout-probability distribution. */
  readonly a: number;
  /** Second shape of the dropout-probability distribution. */
  readonly b: number;
}

/** A customer's history: repeat purchases x, recency t_x and age T (all times in model units). */
export interface CustomerHistory {
  readonly x: number;
  readonly tx: number;
  readonly T: number;
}

/** Options of the fits. */
export interface FrequencyFitOptions<TParams> {
  /** Starting point of the optimiser. Default: a data-scaled start that converges on usual data. */
  readonly start?: TParams;
  /**
   * L2 penalty on the log-parameters: `penalty * Σ (ln θ)²` is added to the negative
   * log-likelihood, summed over customers. Not lifetimes' `penalizer_coef`, which adds
   * `coef * Σ θ²` (the parameters themselves) to the mean per customer, so the same number
   * pulls differently; CLVTools' `reg.lambdas` penalise covariates only. Default: `0`.
   */
  readonly penalty?: number;
  /** Iteration limit of each optimiser run. Default: `1000`. */
  readonly maxIterations?: number;
  /**
   * Most log-likelihood evaluations over all starting points; past it the fit stops with
   * `converged: false`. Bounds the work of any input. Default: `3000`.
   */
  readonly maxEvaluations?: number;
}
