import { hessianFromGradient, invertPositiveDefinite, standardErrors } from './hessian.js';
import { minimize } from './minimize.js';

/** What {@link maximizeLikelihood} needs to know about a model. */
export interface LikelihoodProblem {
  /**
   * The log-likelihood at natural (positive) parameters. When `gradient` is passed, write the
   * gradient with respect to the log-parameters into it (or leave it untouched when the model has
   * no analytic gradient and `analyticGradient` is false).
   */
  readonly logLikelihood: (params: readonly number[], gradient?: number[]) => number;
  /** Whether `logLikelihood` fills `gradient`. */
  readonly analyticGradient: boolean;
  /** Starting points (natural parameters), tried in order until one converges. */
  readonly starts: readonly (readonly number[])[];
  /** L2 penalty on the log-parameters. Default: 0. */
  readonly penalty?: number;
  readonly maxIterations?: number;
  /**
   * Most log-likelihood evaluations (with or without gradient) over all starts, so that no input
   * can make a fit run on: past it the fit stops with `converged: false`. The standard errors'
   * Hessian is not counted. Default: {@link DEFAULT_MAX_EVALUATIONS}.
   */
  readonly maxEvaluations?: number;
}

/**
 * The default evaluation budget of {@link maximizeLikelihood}: the published fits take a few
 * hundred evaluations; a run that needs thousands is heading for a boundary, not a maximum.
 */
export const DEFAULT_MAX_EVALUATIONS = 3000;

/** The result of {@link maximizeLikelihood}. */
export interface LikelihoodMaximum {
  readonly params: number[];
  /** Standard errors of `params`, `undefined` when the Hessian is not positive definite. */
  readonly se: number[] | undefined;
  /** The log-likelihood at `params` (without the penalty). */
  readonly logLikelihood: number;
  /**
   * True when the optimiser met its gradient test, no parameter ran off to 0 or infinity, and the
   * Hessian there is positive definite (a strict maximum, so `se` is defined).
   */
  readonly converged: boolean;
  readonly iterations: number;
  /** Log-likelihood evaluations spent by the optimiser (with or without gradient). */
  readonly evaluations: number;
  /** True when the optimiser stopped at `maxEvaluations`. */
  readonly exhausted: boolean;
}

/** |ln θ| beyond this means the likelihood has no interior maximum in that direction. */
const BOUNDARY = 30;

/**
 * Maximum-likelihood fit of a model with positive parameters: minimises the penalised negative
 * log-likelihood over the log-parameters with {@link minimize}, then takes standard errors from
 * the Hessian on the natural parameters.
 *
 * @example
 * ```ts
 * // Exponential rate of 4 observations with mean 2: the MLE is 1/2.
 * const fit = maximizeLikelihood({
 *   logLikelihood: ([rate = 1]) => 4 * Math.log(rate) - rate * 8,
 *   analyticGradient: false,
 *   starts: [[1]],
 * });
 * fit.params; // ≈ [0.5]
 * ```
 */
export function maximizeLikelihood(problem: LikelihoodProblem): LikelihoodMaximum {
  const penalty = problem.penalty ?? 0;
  const n = problem.starts[0]?.length ?? 0;
  const scratch = new Array<number>(n).fill(0);
  const objective = (logParams: readonly number[]): number => {
    const value = -problem.logLikelihood(logParams.map(Math.exp));
    return value + penaltyOf(logParams, penalty);
  };
  const gradient = problem.analyticGradient
    ? (logParams: readonly number[]): number[] => {
        problem.logLikelihood(logParams.map(Math.exp), scratch);
        return scratch.map((g, i) => -g + 2 * penalty * (logParams[i] as number));
      }
    : undefined;
  let best: { x: number[]; value: number; converged: boolean; iterations: number } | undefined;
  let iterations = 0;
  let evaluations = 0;
  let exhausted = false;
  const budget = problem.maxEvaluations ?? DEFAULT_MAX_EVALUATIONS;
  for (const start of problem.starts) {
    if (evaluations >= budget) break;
    const result = minimize(objective, start.map(Math.log), {
      ...(gradient === undefined ? {} : { gradient }),
      ...(problem.maxIterations === undefined ? {} : { maxIterations: problem.maxIterations }),
      maxEvaluations: budget - evaluations,
    });
    iterations += result.iterations;
    evaluations += result.evaluations;
    exhausted = result.exhausted;
    const interior = result.x.every((value) => Math.abs(value) < BOUNDARY);
    const candidate = { ...result, converged: result.converged && interior };
    if (
      best === undefined ||
      (candidate.converged && !best.converged) ||
      (candidate.converged === best.converged && candidate.value < best.value)
    ) {
      best = candidate;
    }
    if (best.converged) break;
  }
  const logParams = best?.x ?? [];
  const params = logParams.map(Math.exp);
  const negLogLik = (natural: readonly number[]): number =>
    -problem.logLikelihood(natural) + penaltyOf(natural.map(Math.log), penalty);
  let se: number[] | undefined;
  if (best?.converged) {
    se = problem.analyticGradient
      ? errorsFromGradient(problem, penalty, params)
      : standardErrors(negLogLik, params);
  }
  // A strict interior maximum has a positive-definite Hessian: without one (a flat direction,
  // a parameter running off to 0 or infinity) the estimates are not identified.
  return {
    params,
    se,
    logLikelihood: problem.logLikelihood(params),
    converged: (best?.converged ?? false) && se !== undefined,
    iterations,
    evaluations,
    exhausted,
  };
}

/** Standard errors from the Hessian of the analytic gradient, on the natural parameters. */
function errorsFromGradient(
  problem: LikelihoodProblem,
  penalty: number,
  params: readonly number[],
): number[] | undefined {
  const naturalGradient = (natural: readonly number[]): number[] => {
    const logGradient = new Array<number>(natural.length).fill(0);
    problem.logLikelihood(natural, logGradient);
    // d/dθ = (d/d ln θ) / θ; the penalty λ(ln θ)² adds 2λ ln θ / θ to the negative gradient.
    return logGradient.map((g, i) => {
      const theta = natural[i] as number;
      return (-g + 2 * penalty * Math.log(theta)) / theta;
    });
  };
  const inverse = invertPositiveDefinite(hessianFromGradient(naturalGradient, params));
  if (inverse === undefined) return undefined;
  const errors = inverse.map((row, i) => Math.sqrt(row[i] as number));
  return errors.every(Number.isFinite) ? errors : undefined;
}

function penaltyOf(logParams: readonly number[], penalty: number): number {
  if (penalty === 0) return 0;
  let sum = 0;
  for (const value of logParams) sum += value * value;
  return penalty * sum;
}
