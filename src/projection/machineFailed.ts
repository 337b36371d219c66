import { errorMessage } from '../errors/errorMessage.js';
import { isTenureError, type TenureError } from '../errors/TenureError.js';
import type { LifecycleEvent } from '../machines/index.js';
import { ProjectionError } from './ProjectionError.js';

/** The code of {@link machineFailed}'s error. */
export const MACHINE_FAILED = 'TENURE_MACHINE_FAILED';

/**
 * The error for a lifecycle's own code (a machine's guard or action, `stageOf`, `wakeAt`) that
 * threw while folding `event` for `customerId`: the original error becomes the `cause`, and the
 * message names the customer and the event, which the original (`Cannot read properties of
 * undefined`) does not. tenure's own errors pass through with their codes: one already named
 * so, and a definition the replay refuses as it runs (`TENURE_INVALID_LIFECYCLE`: a `stageOf`
 * answer outside the stages, an assign calling `spawn`). Internal.
 */
export function machineFailed(
  customerId: string,
  event: LifecycleEvent,
  error: unknown,
): TenureError {
  if (isTenureError(error)) return error;
  const what =
    event.type === 'clock'
      ? `the clock at ${isoOf(event.at)} (a wake-up time falling due)`
      : `event ${JSON.stringify((event as { id?: unknown }).id)} (${event.type} at ${isoOf(event.at)})`;
  // The message goes on with a sentence of its own: one that ends its own is not ended twice.
  const reason = errorMessage(error).replace(/(?<!\.)\.$/, '');
  return new ProjectionError(
    MACHINE_FAILED,
    `the lifecycle threw on ${what} of customer ${JSON.stringify(customerId)}: ${reason}. A machine's guard or action, or the lifecycle's stageOf or wakeAt, cannot handle it: fix that code for such events (the original error is this error's cause), or void the event.`,
    { cause: error },
  );
}

function isoOf(time: number): string {
  return Number.isFinite(time) ? new Date(time).toISOString() : String(time);
}
