import { TenureError } from './TenureError.js';

/**
 * Thrown when an event reuses the `id` of a stored event but differs from it. (An identical
 * event is skipped silently: appends are idempotent.) Nothing of the batch was written.
 */
export class DuplicateEventError extends TenureError {
  readonly eventId: string;
  /** Index of the offending event in the batch. */
  readonly index: number;

  /**
   * @param earlierIndex - the index of the batch's earlier event with this id, when the clash is
   *   inside the batch (`undefined`: with a stored event).
   */
  constructor(api: string, eventId: string, index: number, earlierIndex?: number) {
    super(
      'TENURE_DUPLICATE_EVENT_ID',
      earlierIndex === undefined
        ? `${api}: event #${index} has id "${eventId}", which is already stored with different content; nothing was written. Give a new event a new id, or resend the original unchanged.`
        : `${api}: event #${index} has id "${eventId}", as event #${earlierIndex} of this batch does, with different content; nothing was written. Give a new event a new id, or send one copy of the event.`,
    );
    this.eventId = eventId;
    this.index = index;
  }
}
