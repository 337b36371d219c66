import { standardErrors as hessianStandardErrors } from '../numerics/hessian.js';
import { minimize } from '../numerics/minimize.js';
import { ModelInputError } from './ModelInputError.js';

const MAX_LOG_STANDARD_ERROR = 10;

/** Options shared by the maximum-likelihood fits of Gamma-Gamma, BG/BB and sBG. */
export interface FitOptions<TParams> {
  /**
   * L2 penalty λ >= 0 on the log-parameters: the fit maximises LL - λ Σ (ln θ)², which keeps
   * parameters of small or degenerate samples from running off to 0 or infinity. Default: `0`
   * (plain maximum likelihood, the published figures).
   */
  readonly penalty?: number;
  /** Where the optimiser starts. Default: every parameter 1. */
  readonly start?: TParams;
  /** Iteration limit of each optimiser run. Default: `1000`. */
  readonly maxIterations?: number;
}

/** The result of a maximum-likelihood fit. */
export interface ModelFit<TParams> {
  /** The estimates. Check `converged` before trusting them. */
  readonly params: TParams;
  /** The log-likelihood at `params` (without the penalty). */
  readonly logLikelihood: number;
  /**
   * Asymptotic standard errors from the inverse Hessian of the (penalised) negative
   * log-likelihood on the natural parameters; `undefined` when the fit did not converge.
   */
  readonly se: TParams | undefined;
  /**
   * True when the optimiser met its gradient test at a point where the log-likelihood is finite
   * and the Hessian is positive definite, and every parameter is identified (standard error of
   * its logarithm below 10). False means: do not use these numbers as estimates
   * (add a `penalty`, more data, or other starting values).
   */
  readonly converged: boolean;
  /** Optimiser iterations spent. */
  readonly iterations: number;
}

/**
 * Maximises a log-likelihood over positive parameters, searching in log space with
 * `minimize` (BFGS with Nelder-Mead fallback), and reports standard errors and convergence.
 * Internal to the model fits.
 */
export function fitPositiveParameters<TParams extends { readonly [K in keyof TParams]: number }>(
  api: string,
  names: readonly (keyof TParams & string)[],
  logLikelihood: (params: readonly number[]) => number,
  options: FitOptions<TParams> = {},
): ModelFit<TParams> {
  const penalty = options.penalty ?? 0;
  if (typeof penalty !== 'number' || !Number.isFinite(penalty) || penalty < 0) {
    throw new ModelInputError(api, 'options.penalty', 'a finite number >= 0', penalty);
  }
  const start = names.map((name) => {
    const value: number = options.start?.[name] ?? 1;
    if (!Number.isFinite(value) || value <= 0) {
      throw new ModelInputError(api, `options.start.${name}`, 'a finite number > 0', value);
    }
    return Math.log(value);
  });
  const penalised = (params: readonly number[]): number => {
    let sum = 0;
    for (const value of params) sum += Math.log(value) ** 2;
    return -logLikelihood(params) + penalty * sum;
  };
  const result = minimize(
    (logParams) => penalised(logParams.map(Math.exp)),
    start,
    options.maxIterations === undefined ? {} : { maxIterations: options.maxIterations },
  );
  const values = result.x.map(Math.exp);
  const logLik = logLikelihood(values);
  const finite =
    values.every((value) => Number.isFinite(value) && value > 0) && Number.isFinite(logLik);
  const errors = finite ? hessianStandardErrors(penalised, values) : undefined;
  const toParams = (list: readonly number[]): TParams =>
    Object.fromEntries(names.map((name, i) => [name, list[i]])) as TParams;
  // A standard error of ln θ above 10 (θ known only within a factor e^10) means the data do not
  // pin the parameter down: the optimum is a ridge or at a boundary, not an estimate.
  const identified =
    errors !== undefined &&
    errors.every((error, i) => error / (values[i] as number) < MAX_LOG_STANDARD_ERROR);
  const converged = result.converged && finite && identified;
  return {
    params: toParams(values),
    se: converged && errors !== undefined ? toParams(errors) : undefined,
    logLikelihood: Number.isFinite(logLik) ? logLik : Number.NEGATIVE_INFINITY,
    converged,
    iterations: result.iterations,
  };
}
