import { VOIDED_EVENT_TYPE } from '../events/dropVoided.js';
import { isBookkeepingEvent } from '../events/isBookkeepingEvent.js';
import type { StoredEvent } from '../events/TenureEvent.js';
import type { EventLog } from './EventLog.js';

/**
 * The mark of an event log that keeps each customer's events in memory, in position order (the
 * memory log): a batch projection takes those streams as they are instead of reading the whole
 * log and grouping it by customer again. A registered symbol, so that a log of another copy of
 * the package is recognised too. Internal.
 */
export const CUSTOMER_STREAMS: unique symbol = Symbol.for('tenure.log.customerStreams') as never;

/**
 * A log's customer streams, as {@link CUSTOMER_STREAMS} hands them out. The streams are the
 * log's own arrays, not copies: read them, never change them. Events appended later are pushed
 * onto them, so a reader stops at `end`.
 */
export interface CustomerStreams {
  /** The log's position when the streams were taken: the events of this read. */
  readonly end: number;
  /**
   * The latest time of the events a projection folds (behaviour and voids, not profiles or
   * erasures) up to `end`; undefined when there is none.
   */
  readonly lastFoldedAt: number | undefined;
  /** Each customer's events in position order, a customer per key. */
  readonly streams: ReadonlyMap<string, readonly StoredEvent[]>;
}

/** A log that hands out its {@link CustomerStreams}. */
export interface HoldsCustomerStreams {
  [CUSTOMER_STREAMS](): CustomerStreams;
}

/**
 * True when a projection folds events of this type: behaviour, and the voids that correct it
 * (profiles and erasures are not folded).
 */
export function isFoldedEvent(type: string): boolean {
  return type === VOIDED_EVENT_TYPE || !isBookkeepingEvent(type);
}

/**
 * True when `log` keeps its customers' streams in memory and hands them out (see
 * {@link CUSTOMER_STREAMS}): the memory log.
 *
 * @example
 * ```ts
 * holdsCustomerStreams(createMemoryLog()); // true
 * ```
 */
export function holdsCustomerStreams(log: EventLog): log is EventLog & HoldsCustomerStreams {
  return typeof (log as unknown as Partial<HoldsCustomerStreams>)[CUSTOMER_STREAMS] === 'function';
}
