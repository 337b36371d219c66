import { TenureError } from '../errors/TenureError.js';

/**
 * Thrown when a lifecycle cannot be defined or compiled: a machine uses an XState feature the
 * compiled fast path does not support (so it would diverge from XState), a stage function
 * returns a name that is not among the lifecycle's stages, or a state does not belong to it.
 * The message names the lifecycle, the machine and state node, and what to change.
 *
 * @example
 * ```ts
 * try {
 *   defineLifecycle({ name: 'mine', machines: { m: machineWithTimers }, stages: ['a'], stageOf: () => 'a' });
 * } catch (error) {
 *   if (isTenureError(error, 'TENURE_INVALID_LIFECYCLE')) console.error(error.message);
 * }
 * ```
 */
export class LifecycleDefinitionError extends TenureError {
  /** The lifecycle's name, when known. */
  readonly lifecycle: string | undefined;
  /** The machine id within the lifecycle, when the problem is in one machine. */
  readonly machineId: string | undefined;

  constructor(
    message: string,
    details: { lifecycle?: string; machineId?: string } = {},
    options?: { cause?: unknown },
  ) {
    super('TENURE_INVALID_LIFECYCLE', message, options);
    this.lifecycle = details.lifecycle;
    this.machineId = details.machineId;
  }
}
