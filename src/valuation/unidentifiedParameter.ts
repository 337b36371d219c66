/** Parameters by name, as the model fits return them. */
type Params = Readonly<Record<string, number>>;

/** Largest parameter value taken as an estimate: beyond it the model sits at a limit. */
const MAX_PARAMETER = 1e6;
/** Largest standard error of ln θ (θ known within a factor e^10 is not known). */
const MAX_LOG_STANDARD_ERROR = 10;

/**
 * Gamma-Gamma's parameters held to {@link MAX_PARAMETER}: p and q. Its gamma is a scale in
 * currency units, judged by its standard error alone.
 */
export const GAMMA_GAMMA_BOUNDED: readonly string[] = Object.freeze(['p', 'q']);

/**
 * The first parameter the data do not pin down, described, or `undefined`: the check that an
 * optimiser's "converged" is an estimate, shared by the valuation and `tenure fit`. A maximum at
 * a = 2e9, b = 5e9 (BG/NBD) is the limit of a homogeneous dropout probability, not an estimate,
 * and its hypergeometric terms cost seconds per customer. `bounded` names the parameters held to
 * {@link MAX_PARAMETER} (by default all): a scale in currency units (Gamma-Gamma's gamma) may
 * exceed it legitimately (yen, cents) and is judged by its standard error alone.
 */
export function unidentifiedParameter(
  params: Params,
  se: Params | undefined,
  bounded: readonly string[] = Object.keys(params),
): string | undefined {
  if (se === undefined) return 'no standard errors: the maximum is not a strict interior one';
  for (const [name, value] of Object.entries(params)) {
    const limit = bounded.includes(name) ? MAX_PARAMETER : Number.POSITIVE_INFINITY;
    if (!(Number.isFinite(value) && value > 0 && value < limit)) {
      return `${name} = ${value.toPrecision(3)} is not identified`;
    }
    const error = se[name];
    if (!(error !== undefined && error / value < MAX_LOG_STANDARD_ERROR)) {
      return `${name} is not identified (standard error ${error?.toPrecision(3)})`;
    }
  }
  return undefined;
}
