import { checkModelOptions } from '../../errors/checkModelOptions.js';
import { ModelInputError } from '../../errors/ModelInputError.js';
import type { FrequencyFitOptions } from '../bgnbd/BgNbdParams.js';
import { EXHAUSTED_ADVICE, orPassAPenalty } from '../fitOptionAdvice.js';
import { type LikelihoodMaximum, maximizeLikelihood } from '../numerics/maximizeLikelihood.js';
import {
  type FrequencyInput,
  type FrequencyRows,
  toFrequencyRows,
} from '../summary/FrequencyRows.js';
import { frequencyRowsDegeneracy } from '../summary/frequencyRowsDegeneracy.js';

/** What BG/NBD and Pareto/NBD fits return besides the model's name. */
export interface FrequencyModelFit<TParams> {
  /**
   * Maximum-likelihood estimates, in the time unit of the data. When `converged` is false, the
   * best point the optimiser reached (for data without an estimate, the starting point): not an
   * estimate.
   */
  readonly params: TParams;
  /** Asymptotic standard errors; `undefined` when the fit did not converge or is degenerate. */
  readonly se: TParams | undefined;
  /** Log-likelihood at `params` (without any penalty). */
  readonly logLikelihood: number;
  /**
   * False when the data have no estimate (see `reason`), the optimiser failed or ran out of its
   * evaluation budget, or the maximum lies at a boundary (e.g. no repeat buyer).
   */
  readonly converged: boolean;
  /** Why `converged` is false, with what to change; `undefined` when it is true. */
  readonly reason: string | undefined;
  readonly iterations: number;
  /** Log-likelihood evaluations the optimiser spent. */
  readonly evaluations: number;
  /** Customers the fit used. */
  readonly customers: number;
}

/** How a frequency model plugs into {@link fitFrequencyModel}. */
export interface FrequencyModel<TParams> {
  /** The public fit's name, for errors. */
  readonly api: string;
  /** The parameters in the optimiser's order. */
  readonly names: readonly (keyof TParams & string)[];
  /** Log-likelihood of the rows; fills `gradient` (w.r.t. the log-parameters) when given. */
  readonly logLikelihood: (params: TParams, rows: FrequencyRows, gradient?: number[]) => number;
  /** Starting points scaled to the data, tried in order after the caller's. */
  readonly starts: (rows: FrequencyRows, totals: FrequencyTotals) => TParams[];
}

/** Weighted totals of the rows that starting points are scaled with. */
export interface FrequencyTotals {
  /** Repeat purchases per unit of time, or 1 when there are none. */
  readonly rate: number;
  /** Mean T per customer, or 1 when every T is 0. */
  readonly span: number;
}

/**
 * Evaluations a fit on data without an estimate spends: one, at the starting point, which it
 * returns with `converged: false` (a search would only run towards a boundary, and the
 * likelihood's series get slow there).
 */
export const DEGENERATE_MAX_EVALUATIONS = 1;

const FREQUENCY_FIT_OPTIONS: readonly (keyof FrequencyFitOptions<unknown>)[] = [
  'start',
  'penalty',
  'maxIterations',
  'maxEvaluations',
];

/**
 * Fits a model of (x, t_x, T) rows by maximum likelihood with an analytic gradient: the shared
 * body of `fitBgNbd` and `fitParetoNbd`. Data without an estimate (see
 * {@link frequencyRowsDegeneracy}) are recognised before optimising: unless a penalty is given
 * they get `converged: false`, the reason and the starting point, without a search.
 *
 * @throws ModelInputError when there are no customers, a row is invalid, or an option is not a
 *   number of the expected kind.
 * @example
 * ```ts
 * const fit = fitFrequencyModel(bgNbdModel, summary, {});
 * ```
 */
export function fitFrequencyModel<TParams extends { readonly [K in keyof TParams]: number }>(
  model: FrequencyModel<TParams>,
  input: FrequencyInput,
  options: FrequencyFitOptions<TParams>,
): FrequencyModelFit<TParams> {
  const { api, names } = model;
  checkModelOptions(api, 'options', options, FREQUENCY_FIT_OPTIONS);
  checkModelOptions(api, 'options.start', options.start, names);
  const rows = toFrequencyRows(input, api);
  if (rows.customers === 0) {
    throw new ModelInputError(
      api,
      'summary',
      'at least one customer',
      'none',
      'Summarise some purchases first.',
    );
  }
  const penalty = options.penalty ?? 0;
  if (!(Number.isFinite(penalty) && penalty >= 0)) {
    throw new ModelInputError(api, 'options.penalty', 'a finite number >= 0', penalty);
  }
  const budget = options.maxEvaluations;
  if (budget !== undefined && !(Number.isSafeInteger(budget) && budget >= 1)) {
    throw new ModelInputError(api, 'options.maxEvaluations', 'an integer >= 1', budget);
  }
  const toParams = (list: readonly number[]): TParams =>
    Object.fromEntries(names.map((name, i) => [name, list[i] ?? Number.NaN])) as TParams;
  const fromParams = (params: TParams): number[] => names.map((name) => params[name]);
  const starts = [
    ...(options.start === undefined ? [] : [fromParams(options.start)]),
    ...model.starts(rows, totalsOf(rows)).map(fromParams),
  ];
  const degeneracy = penalty > 0 ? undefined : frequencyRowsDegeneracy(rows);
  const result = maximizeLikelihood({
    logLikelihood: (theta, gradient) => model.logLikelihood(toParams(theta), rows, gradient),
    analyticGradient: true,
    starts: degeneracy === undefined ? starts : starts.slice(0, 1),
    penalty,
    maxEvaluations: degeneracy === undefined ? budget : DEGENERATE_MAX_EVALUATIONS,
    ...(options.maxIterations === undefined ? {} : { maxIterations: options.maxIterations }),
  });
  const converged = degeneracy === undefined && result.converged;
  return {
    params: toParams(result.params),
    se: converged && result.se !== undefined ? toParams(result.se) : undefined,
    logLikelihood: result.logLikelihood,
    converged,
    reason: converged ? undefined : (degeneracy ?? failureReason(result)),
    iterations: result.iterations,
    evaluations: result.evaluations,
    customers: rows.customers,
  };
}

/** Why a fit on data that could have an estimate did not converge, with what to change. */
export function failureReason(result: LikelihoodMaximum): string {
  if (result.exhausted) {
    return `the optimiser spent its ${result.evaluations} evaluations without meeting its convergence test; ${EXHAUSTED_ADVICE}`;
  }
  return `the maximum is not a strict interior one (a parameter runs off to 0 or infinity, or the likelihood is flat in some direction); ${orPassAPenalty('fit on more customers')}`;
}

function totalsOf(rows: FrequencyRows): FrequencyTotals {
  let purchases = 0;
  let time = 0;
  for (let i = 0; i < rows.length; i++) {
    purchases += (rows.x[i] as number) * (rows.weight[i] as number);
    time += (rows.T[i] as number) * (rows.weight[i] as number);
  }
  return {
    rate: purchases > 0 && time > 0 ? purchases / time : 1,
    span: rows.customers > 0 && time > 0 ? time / rows.customers : 1,
  };
}
