import { describeValue } from '../errors/describeValue.js';
import { ProjectionError } from './ProjectionError.js';

/**
 * Throws `TENURE_INVALID_PROJECTION_INPUT` when `source` (of `api`) is neither an event log nor
 * an iterable of events: a log that was not awaited (`createFileLog` resolves to it) failed with
 * "source is not iterable", and a file path was read character by character as events. Internal.
 */
export function checkProjectionSource(api: string, source: unknown): void {
  if (typeof source === 'string') {
    throw new ProjectionError(
      'TENURE_INVALID_PROJECTION_INPUT',
      `${api}: the source is the string ${JSON.stringify(source)}, not an event log; open it first (const log = await createFileLog(${JSON.stringify(source)})).`,
    );
  }
  if (typeof source === 'object' && source !== null) {
    if (typeof (source as { read?: unknown }).read === 'function') return;
    if (Symbol.asyncIterator in source || Symbol.iterator in source) return;
    if (typeof (source as { then?: unknown }).then === 'function') {
      throw new ProjectionError(
        'TENURE_INVALID_PROJECTION_INPUT',
        `${api}: the source is a Promise, not an event log; await it first (const log = await createFileLog(path)).`,
      );
    }
  }
  throw new ProjectionError(
    'TENURE_INVALID_PROJECTION_INPUT',
    `${api}: the source must be an event log (createMemoryLog(), await createFileLog(path)) or an iterable of stored events, received ${describeValue(source)}.`,
  );
}
