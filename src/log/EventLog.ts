import type { EventInputOf, StoredEventOf, TenureEvent } from '../events/TenureEvent.js';
import type { ExpectedVersion } from './expectedVersion.js';

/** Options of {@link EventLog.append}. */
export interface AppendOptions {
  /**
   * Per customer stream, the version the caller expects before this batch (optimistic
   * concurrency). A mismatch rejects the whole batch with a `ConcurrencyError`, unless the batch
   * is a resend of the stored append that was made with these versions (see `append`).
   * Default: no check for any stream.
   */
  readonly expectedVersions?: Readonly<Record<string, ExpectedVersion>>;
}

/** What an append stored. */
export interface AppendResult<TEvent extends TenureEvent = TenureEvent> {
  /** The events written by this call, with their positions and versions, in batch order. */
  readonly appended: readonly StoredEventOf<TEvent>[];
  /** Ids of events skipped because an identical event was already stored. */
  readonly skipped: readonly string[];
  /** The log's last global position after the append (0 for an empty log). */
  readonly position: number;
}

/** Options of {@link EventLog.read}. */
export interface ReadOptions {
  /** Only this customer's stream. Default: every customer. */
  readonly customerId?: string;
  /** First global position to return (inclusive). Default: 1. */
  readonly from?: number;
  /**
   * Only events that happened at or before this time (event time `at`, epoch ms or ISO-8601).
   * Default: no limit.
   */
  readonly until?: number | string | Date;
}

/**
 * An adapter's log as the typed log its caller asked for (see {@link EventLog}'s type parameter:
 * a compile-time promise; the adapter checks events at run time either way). Internal.
 */
export function asTypedLog<TEvent extends TenureEvent>(log: EventLog): EventLog<TEvent> {
  return log as unknown as EventLog<TEvent>;
}

/** The outcome of {@link EventLog.verify}. */
export type VerifyResult =
  | { readonly ok: true; readonly records: number }
  | {
      readonly ok: false;
      readonly records: number;
      /** Where the first bad record is (e.g. `line 17`). */
      readonly location: string;
      readonly reason: string;
    };

/**
 * An append-only log of customer events. Every adapter (memory, file, PostgreSQL) implements
 * this one contract, checked by `testEventLog` from `tenure/testing`.
 *
 * - Appends are atomic: a batch is stored whole or not at all.
 * - Appends are idempotent by event id: an identical event is skipped, a different one with the
 *   same id is rejected (`DuplicateEventError`).
 * - Log order is storage order (`position`); event time (`at`) may go backwards (late events).
 * - Reads stream: they never hold the whole log in memory.
 *
 * Typed: `EventLog<BuiltInEvent>` (e.g. `createMemoryLog<BuiltInEvent>()`) checks each appended
 * event's `type` and `data` at compile time and reads a union to narrow on `type`. The type
 * argument is a promise the caller makes: the log checks events at run time against its event
 * types (the built-in ones and its `eventTypes`), so give it the union of those. Without one,
 * any type and `data: unknown`.
 *
 * @typeParam TEvent - the events the log holds (default: any).
 * @example
 * ```ts
 * const log = createMemoryLog<BuiltInEvent>();
 * await log.append([{ id: 'e1', type: 'purchase', customerId: 'c1', at: '2024-05-01',
 *   data: { orderId: 'o1', amount: 20, currency: 'EUR' } }]); // a typo in data fails to compile
 * for await (const event of log.read()) {
 *   if (event.type === 'purchase') console.log(event.data.amount); // number
 * }
 * ```
 */
export interface EventLog<TEvent extends TenureEvent = TenureEvent> {
  /**
   * Validates and appends a batch atomically.
   *
   * Retrying is safe. Events already stored identically are skipped (listed in `skipped`), and
   * a resend of an append that was stored but whose acknowledgement was lost succeeds with the
   * same `expectedVersions` as the first call: a stream's check passes when the batch's events
   * of that stream are exactly the events stored right after the expected version, in batch
   * order (EventStoreDB's rule). A batch that only partly repeats a stored append, or repeats it
   * at other versions, still fails with `ConcurrencyError`.
   *
   * @example
   * ```ts
   * const options = { expectedVersions: { c1: 3 } };
   * await log.append(batch, options); // stored, but the reply was lost
   * const retry = await log.append(batch, options); // no ConcurrencyError
   * retry.appended.length; // 0: nothing was stored twice
   * ```
   * @throws EventValidationError when an event is invalid; `ConcurrencyError` when an expected
   *   version does not match; `DuplicateEventError` when an id is reused for different content.
   *   In every case nothing was written.
   */
  append(
    events: readonly EventInputOf<TEvent>[],
    options?: AppendOptions,
  ): Promise<AppendResult<TEvent>>;
  /** Streams stored events in log order. */
  read(options?: ReadOptions): AsyncIterable<StoredEventOf<TEvent>>;
  /** The customer stream's current version (0 when it has no events). */
  version(customerId: string): Promise<number>;
  /** The last global position (0 for an empty log). */
  position(): Promise<number>;
  /** Checks the log's integrity (the hash chain where the adapter keeps one). */
  verify(): Promise<VerifyResult>;
  /** Releases files, locks and connections. Further calls reject. */
  close(): Promise<void>;
}
