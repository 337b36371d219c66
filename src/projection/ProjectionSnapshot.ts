import type { StoredEvent } from '../events/TenureEvent.js';
import type { LifecycleState } from '../machines/index.js';
import type { StageEntry } from './CustomerState.js';

/** Format tag of {@link ProjectionSnapshot}. */
export const SNAPSHOT_FORMAT = 'tenure.projection-snapshot';
/** Version of the snapshot format this build writes and reads. */
export const SNAPSHOT_VERSION = 1;

/**
 * A live projection saved as plain JSON data (`JSON.stringify` it, store it, `JSON.parse` it and
 * pass it to `lifecycle.resume`). It keeps each customer's events, so that late events after a
 * resume are still folded in event-time order: a resumed projection fed the remaining events
 * equals a full replay, byte for byte.
 *
 * The events are kept as they were applied, data included: read from a private log, their
 * personal fields (a review's text, a survey comment) are in clear until the live projection
 * applies the customer's `customer.forgotten` record, which erases them (see
 * `LiveProjectionOptions.personalFields`). Store a snapshot as personal data, and delete the
 * ones saved before an erasure.
 */
export interface ProjectionSnapshot {
  readonly format: typeof SNAPSHOT_FORMAT;
  readonly version: typeof SNAPSHOT_VERSION;
  /** Identifies the lifecycle and its machine inputs; `resume` refuses another one. */
  readonly lifecycle: string;
  /** The live projection's current time (the latest event or `advanceTo`), null when empty. */
  readonly now: number | null;
  /** Highest log position applied, 0 when empty: resume reading the log after it. */
  readonly position: number;
  /** Customers sorted by id. */
  readonly customers: readonly SnapshotCustomer[];
  /**
   * The customers whose `customer.forgotten` record was applied, each with the log position of
   * their latest one: an event logged before it and applied after it (a late delivery) is kept
   * erased. Present only when there is one; absent in snapshots written before it existed.
   */
  readonly forgotten?: Readonly<Record<string, number>>;
}

/** One customer inside a {@link ProjectionSnapshot}. */
export interface SnapshotCustomer {
  readonly customerId: string;
  /** The customer's events in fold order (at, position). */
  readonly events: readonly StoredEvent[];
  readonly state: LifecycleState;
  /** Empty when every event of the customer is voided (they are not in the projection). */
  readonly history: readonly StageEntry[];
  /** Time up to which due clocks were applied; null when no event of the customer counts. */
  readonly clockedTo: number | null;
  /** Time of the last clock that changed the customer's state; null when no event counts. */
  readonly lastClockAt: number | null;
  /**
   * Present (true) when the customer's last due wake-up changed nothing: the projection does
   * not wake them again until their next event, and a resumed one must not either. Absent in
   * snapshots written before it existed, which resume as before (the customer is woken once
   * more, which changes nothing but `clockedTo`).
   */
  readonly waitsForEvent?: true;
}
