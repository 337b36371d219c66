import { TenureError } from '../errors/TenureError.js';

/**
 * Thrown by the projection for misuse: an event without the fields a fold needs
 * (`TENURE_INVALID_PROJECTION_INPUT`), a snapshot that is not one (`TENURE_INVALID_SNAPSHOT`),
 * or a snapshot taken with another lifecycle or other machine inputs
 * (`TENURE_SNAPSHOT_MISMATCH`); and when the lifecycle's own code throws on an event
 * (`TENURE_MACHINE_FAILED`, naming the event and the customer, the original error as `cause`).
 * The message names the input and the fix.
 *
 * @example
 * ```ts
 * try {
 *   lifecycle.resume(JSON.parse(saved));
 * } catch (error) {
 *   if (isTenureError(error, 'TENURE_SNAPSHOT_MISMATCH')) rebuildFromLog();
 * }
 * ```
 */
export class ProjectionError extends TenureError {}
