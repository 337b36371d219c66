/**
 * The advice in a fit's reason that only the fit's own options can follow (a penalty, other
 * starting values, more evaluations), written here once for every model and taken out here for
 * the callers that fit without options: the valuation (`project`'s `churn` and `clv`, the
 * workers) and `tenure fit`. A model writes its reasons with {@link orPassAPenalty} and
 * {@link EXHAUSTED_ADVICE}; {@link withoutFitOptionAdvice} removes exactly what they add, so a
 * reason reworded elsewhere cannot keep advice the caller cannot take. Internal.
 */

const OR_PENALTY = ' or pass a penalty';

/**
 * How a fit's reason ends when an L2 penalty would give the same data an estimate: `fix` (what to
 * do with the data) or a penalty.
 *
 * @example
 * ```ts
 * orPassAPenalty('fit on more customers'); // 'fit on more customers or pass a penalty'
 * ```
 */
export function orPassAPenalty(fix: string): string {
  return `${fix}${OR_PENALTY}`;
}

/** What to do when the optimiser used up its evaluations: options of the fit alone. */
export const EXHAUSTED_ADVICE = 'pass other starting values, a penalty, or a larger maxEvaluations';

/**
 * A fit's reason without its advice to pass fit options, for callers that fit without them.
 *
 * @example
 * ```ts
 * withoutFitOptionAdvice('...; fit on more customers or pass a penalty'); // '...; fit on more customers'
 * withoutFitOptionAdvice(`...convergence test; ${EXHAUSTED_ADVICE}`); // '...convergence test'
 * ```
 */
export function withoutFitOptionAdvice(reason: string): string {
  return reason.replaceAll(OR_PENALTY, '').replaceAll(`; ${EXHAUSTED_ADVICE}`, '');
}
