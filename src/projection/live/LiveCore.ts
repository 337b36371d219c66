import type { CompiledLifecycle } from '../../machines/index.js';
import type { PersonalFields } from '../../privacy/personalFields.js';
import { startFold } from '../CustomerFold.js';
import type { StageChange, StageChangeListener } from '../LiveProjection.js';
import type { LiveCustomer } from './LiveCustomer.js';
import { UndoJournal } from './UndoJournal.js';
import { WakeQueue } from './WakeQueue.js';

/**
 * The mutable state of one live projection, which the functions it is made of (one concept per
 * file beside this one) share. Internal.
 */
export interface LiveCore {
  readonly compiled: CompiledLifecycle;
  /** Which fields of an event are erased once its customer is forgotten. */
  readonly personalFields: PersonalFields;
  /** Every customer of the projection, by id. */
  readonly customers: Map<string, LiveCustomer>;
  /** When each customer's clocks may next change their fold (see `advanceClock`). */
  readonly wakes: WakeQueue;
  /**
   * Customers whose due wake-up changed nothing (a machine waiting for an event): the clock does
   * not queue them again until their next event. Almost always empty.
   */
  readonly unqueued: Set<string>;
  readonly listeners: Set<StageChangeListener>;
  /** The stage changes of the call being applied, reported to the listeners when it ends. */
  pending: StageChange[];
  /** The projection's clock, -Infinity until it first moves. */
  now: number;
  /** The highest log position applied (bookkeeping events included), 0 before any. */
  position: number;
  /** What the call being applied changed, to undo it if the lifecycle's code fails. */
  readonly journal: UndoJournal;
  /**
   * Per forgotten customer, the position of their latest `customer.forgotten` record: events
   * logged before it are erased however late they are applied.
   */
  readonly forgottenAt: Map<string, number>;
}

/** An empty live projection's state. Internal. */
export function createLiveCore(
  compiled: CompiledLifecycle,
  personalFields: PersonalFields,
): LiveCore {
  return {
    compiled,
    personalFields,
    customers: new Map(),
    wakes: new WakeQueue(),
    unqueued: new Set(),
    listeners: new Set(),
    pending: [],
    now: Number.NEGATIVE_INFINITY,
    position: 0,
    journal: new UndoJournal(),
    forgottenAt: new Map(),
  };
}

/**
 * The customer an event is about to change, new if the projection has none of that id, saved in
 * the journal first. Internal.
 */
export function customerToChange(live: LiveCore, customerId: string): LiveCustomer {
  let customer = live.customers.get(customerId);
  const created = customer === undefined;
  if (customer === undefined) {
    customer = {
      events: [],
      fold: startFold(live.compiled, customerId),
      voided: undefined,
      slot: -1,
      saved: -1,
    };
    live.customers.set(customerId, customer);
  }
  const unqueued = live.unqueued;
  live.journal.save(customer, created, unqueued.size > 0 && unqueued.has(customerId));
  return customer;
}
