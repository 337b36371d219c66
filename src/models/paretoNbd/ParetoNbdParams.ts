/**
 * Parameters of the Pareto/NBD model (Schmittlein, Morrison & Colombo 1987), in the time unit of
 * the data they were fitted on. While alive, a customer buys at rate λ ~ Gamma(r, alpha); the
 * customer's lifetime is exponential with rate μ ~ Gamma(s, beta).
 */
export interface ParetoNbdParams {
  /** Shape of the purchase-rate distribution. */
  readonly r: number;
  /** Scale of the purchase-rate distribution (E[λ] = r / alpha). */
  readonly alpha: number;
  /** Shape of the dropout-rate distribution. */
  readonly s: number;
  /** Scale of the dropout-rate distribution (E[μ] = s / beta). */
  readonly beta: number;
}
