import { TenureError } from './TenureError.js';

/** One problem found in one event of a batch. */
export interface EventIssue {
  /** Index of the event in the batch passed to the API. */
  readonly index: number;
  /** The event's `id` when it has a usable one. */
  readonly eventId: string | undefined;
  /** The event's `type` when it has a usable one. */
  readonly eventType: string | undefined;
  /** Dotted path of the offending field, e.g. `data.items.0.productId`; empty for the event itself. */
  readonly path: string;
  /** What was expected there, e.g. `a finite number >= 0`. */
  readonly expected: string;
  /** A short description of what was received instead. */
  readonly received: string;
  /** The whole sentence, as it appears in the error message. */
  readonly message: string;
}

/**
 * Thrown when one or more events of a batch are not valid. Nothing of the batch was written.
 * `issues` lists every problem found, each naming the event's index, id, field and expectation.
 */
export class EventValidationError extends TenureError {
  readonly issues: readonly EventIssue[];

  constructor(api: string, issues: readonly EventIssue[]) {
    const shown = issues.slice(0, 5).map((issue) => `  - ${issue.message}`);
    const more = issues.length > 5 ? [`  - ... and ${issues.length - 5} more`] : [];
    super(
      'TENURE_INVALID_EVENT',
      `${api}: ${issues.length} invalid event field${issues.length === 1 ? '' : 's'}; nothing was written. Fix the events and append the batch again:\n${[...shown, ...more].join('\n')}`,
    );
    this.issues = issues;
  }
}
