import { unknownOption } from '../../errors/unknownOption.js';
import { ProjectionError } from '../ProjectionError.js';

/**
 * Throws `TENURE_INVALID_PROJECTION_INPUT` for options of a portfolio view that are not an object
 * or hold a key the view does not have: `stageCounts(projection, { At })` ignored would count
 * at `asOf` without a word. Internal.
 */
export function checkViewOptions(api: string, options: unknown, known: readonly string[]): void {
  if (typeof options !== 'object' || options === null) {
    throw new ProjectionError(
      'TENURE_INVALID_PROJECTION_INPUT',
      `${api}: options must be an object like { ${known.join(', ')} }, received ${options === null ? 'null' : typeof options}.`,
    );
  }
  const unknown = unknownOption(api, options, known);
  if (unknown !== undefined) throw new ProjectionError('TENURE_INVALID_PROJECTION_INPUT', unknown);
}
