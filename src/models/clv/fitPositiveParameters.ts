import { checkModelOptions } from '../../errors/checkModelOptions.js';
import { ModelInputError } from '../../errors/ModelInputError.js';
import { orPassAPenalty } from '../fitOptionAdvice.js';
import { maximizeLikelihood } from '../numerics/maximizeLikelihood.js';
import { DEGENERATE_MAX_EVALUATIONS, failureReason } from './fitFrequencyModel.js';

const MAX_LOG_STANDARD_ERROR = 10;

/** Options shared by the maximum-likelihood fits of Gamma-Gamma, BG/BB and sBG. */
export interface FitOptions<TParams> {
  /**
   * L2 penalty λ >= 0 on the log-parameters: the fit maximises LL - λ Σ (ln θ)², which keeps
   * parameters of small or degenerate samples from running off to 0 or infinity. Default: `0`
   * (plain maximum likelihood, the published figures).
   */
  readonly penalty?: number;
  /** Where the optimiser starts. Default: every parameter 1, then 0.1, then 10, until one converges. */
  readonly start?: TParams;
  /** Iteration limit of each optimiser run. Default: `1000`. */
  readonly maxIterations?: number;
  /**
   * Most log-likelihood evaluations over all starting points (numerical gradients included);
   * past it the fit stops with `converged: false`. Bounds the work of any input. Default: `3000`.
   */
  readonly maxEvaluations?: number;
}

/** The options every fit has, {@link FitOptions} and `FrequencyFitOptions`. Internal. */
export const FIT_OPTIONS: readonly (keyof FitOptions<unknown>)[] = [
  'penalty',
  'start',
  'maxIterations',
  'maxEvaluations',
];

/** The result of a maximum-likelihood fit. */
export interface ModelFit<TParams> {
  /**
   * The estimates. Check `converged` before trusting them: when it is false, the best point
   * reached (for data without an estimate, the starting point).
   */
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
  /** Why `converged` is false, with what to change; `undefined` when it is true. */
  readonly reason: string | undefined;
  /** Optimiser iterations spent. */
  readonly iterations: number;
  /** Log-likelihood evaluations the optimiser spent (numerical gradients included). */
  readonly evaluations: number;
}

/** Starting points tried in order when the caller gives none: the first that converges wins. */
const DEFAULT_STARTS = [1, 0.1, 10];

/** The model side of {@link fitPositiveParameters}. */
export interface PositiveLikelihood {
  /**
   * The log-likelihood at natural parameters; when `analyticGradient` is true and `gradient` is
   * given, also writes the gradient with respect to the log-parameters into it.
   */
  readonly logLikelihood: (params: readonly number[], gradient?: number[]) => number;
  /** Whether `logLikelihood` fills `gradient`. Default: numerical gradients. */
  readonly analyticGradient?: boolean;
  /**
   * The model's reason why the data have no estimate (found before optimising), or `undefined`:
   * without a penalty such a fit gets `converged: false` and that reason after a single
   * evaluation at the starting point (`params` is that point, not an estimate).
   */
  readonly degeneracy?: string | undefined;
}

/**
 * Maximises a log-likelihood over positive parameters with `maximizeLikelihood` (log-space
 * search, BFGS with Nelder-Mead fallback, several starting points, standard errors), and adds
 * the checks the spend and value models need: a valid penalty, start and budget, and identified
 * parameters. Internal to the Gamma-Gamma, BG/BB and sBG fits.
 */
export function fitPositiveParameters<TParams extends { readonly [K in keyof TParams]: number }>(
  api: string,
  names: readonly (keyof TParams & string)[],
  likelihood: PositiveLikelihood,
  options: FitOptions<TParams> = {},
  known: readonly string[] = FIT_OPTIONS,
): ModelFit<TParams> {
  checkModelOptions(api, 'options', options, known);
  checkModelOptions(api, 'options.start', options.start, names);
  const penalty = options.penalty ?? 0;
  if (typeof penalty !== 'number' || !Number.isFinite(penalty) || penalty < 0) {
    throw new ModelInputError(api, 'options.penalty', 'a finite number >= 0', penalty);
  }
  const budget = options.maxEvaluations;
  if (budget !== undefined && !(Number.isSafeInteger(budget) && budget >= 1)) {
    throw new ModelInputError(api, 'options.maxEvaluations', 'an integer >= 1', budget);
  }
  const degenerate = penalty > 0 ? undefined : likelihood.degeneracy;
  const given = options.start;
  const starts =
    given === undefined
      ? DEFAULT_STARTS.map((value) => names.map(() => value))
      : [
          names.map((name) => {
            const value: number = given[name];
            if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
              throw new ModelInputError(api, `options.start.${name}`, 'a finite number > 0', value);
            }
            return value;
          }),
        ];
  const result = maximizeLikelihood({
    logLikelihood: likelihood.logLikelihood,
    analyticGradient: likelihood.analyticGradient ?? false,
    starts: degenerate === undefined ? starts : starts.slice(0, 1),
    penalty,
    maxEvaluations: degenerate === undefined ? budget : DEGENERATE_MAX_EVALUATIONS,
    ...(options.maxIterations === undefined ? {} : { maxIterations: options.maxIterations }),
  });
  const values = result.params;
  const errors = result.se;
  // A standard error of ln θ above 10 (θ known only within a factor e^10) means the data do not
  // pin the parameter down: the optimum is a ridge or at a boundary, not an estimate.
  const identified =
    errors?.every((error, i) => error / (values[i] as number) < MAX_LOG_STANDARD_ERROR) === true;
  const converged =
    degenerate === undefined &&
    result.converged &&
    identified &&
    Number.isFinite(result.logLikelihood);
  const toParams = (list: readonly number[]): TParams =>
    Object.fromEntries(names.map((name, i) => [name, list[i]])) as TParams;
  return {
    params: toParams(values),
    se: converged && errors !== undefined ? toParams(errors) : undefined,
    logLikelihood: Number.isFinite(result.logLikelihood)
      ? result.logLikelihood
      : Number.NEGATIVE_INFINITY,
    converged,
    reason: converged
      ? undefined
      : (degenerate ??
        (result.converged
          ? `a parameter is not identified (standard error of its logarithm above 10): the likelihood is nearly flat along it; ${orPassAPenalty('fit on more customers')}`
          : failureReason(result))),
    iterations: result.iterations,
    evaluations: result.evaluations,
  };
}
