import { unknownOption } from '../errors/unknownOption.js';
import { ProjectionError } from './ProjectionError.js';

/**
 * Throws `TENURE_INVALID_PROJECTION_INPUT` for the options of a projection or a portfolio view
 * that are not an object or hold a key it does not have: `project(log, { asof })` or
 * `stageCounts(projection, { At })` ignored would describe another time without a word. Internal.
 */
export function checkProjectionOptions(
  api: string,
  options: unknown,
  known: readonly string[],
): void {
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new ProjectionError(
      'TENURE_INVALID_PROJECTION_INPUT',
      `${api}: options must be an object like { ${known.join(', ')} }, received ${options === null ? 'null' : Array.isArray(options) ? 'an array' : typeof options}.`,
    );
  }
  const unknown = unknownOption(api, options, known);
  if (unknown !== undefined) throw new ProjectionError('TENURE_INVALID_PROJECTION_INPUT', unknown);
}
