import type { Projection } from '../Projection.js';
import { ProjectionError } from '../ProjectionError.js';
import { resolveTime } from '../resolveTime.js';

/**
 * The option `name` resolved, or the projection's `asOf` when not given (or when the view has
 * no such option: `name` undefined). Internal.
 */
export function timeOrAsOf(
  api: string,
  name: string | undefined,
  projection: Projection,
  value: unknown,
): number {
  if (name !== undefined && value !== undefined) {
    return resolveTime(api, name, value, projection.asOf);
  }
  const asOf = projection.asOf;
  if (asOf === undefined || !Number.isFinite(asOf)) {
    throw new ProjectionError(
      'TENURE_INVALID_PROJECTION_INPUT',
      name === undefined
        ? `${api}: the projection has no asOf (empty log); project with an asOf.`
        : `${api}: the projection has no asOf (empty log) and no ${name} was given; pass ${name} in the options.`,
    );
  }
  return asOf;
}
