import { describeValue } from '../errors/describeValue.js';
import { isAbortSignal } from '../errors/isAbortSignal.js';
import { ProjectionError } from './ProjectionError.js';

/**
 * `options.signal` of a batch projection, checked: undefined, or an AbortSignal. Throws
 * `TENURE_INVALID_PROJECTION_INPUT` for anything else (a controller passed for its signal, say).
 * Internal.
 */
export function projectionSignal(api: string, signal: unknown): AbortSignal | undefined {
  if (signal === undefined || isAbortSignal(signal)) return signal;
  throw new ProjectionError(
    'TENURE_INVALID_PROJECTION_INPUT',
    `${api}: signal must be an AbortSignal, such as the signal of an AbortController (controller.signal), got ${describeValue(signal)}.`,
  );
}

/**
 * Throws the reason `signal` was aborted with (an `AbortError` DOMException for a plain
 * `controller.abort()`), as `signal.throwIfAborted()` does, once it is aborted. Internal: the
 * batch projections call it between the chunks they read and the customers they hand out.
 */
export function stopIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted === true) {
    throw signal.reason ?? new DOMException('This operation was aborted', 'AbortError');
  }
}
