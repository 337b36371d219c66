import type { StoredEvent } from '../../events/TenureEvent.js';
import type { LiveCustomer } from './LiveCustomer.js';

/**
 * What a customer of a live projection was before a call first changed them. The fold itself is
 * not copied (that would end its in-place updates on every event): it is rebuilt from the events
 * and brought up to the clock it had, as a late event's fold is.
 */
export interface SavedCustomer {
  readonly customer: LiveCustomer;
  /** Whether the call added them to the projection. */
  readonly created: boolean;
  /** The time their fold was clocked to. */
  readonly clockedTo: number;
  /** Whether a clock had left them waiting for an event (not in the wake-up queue). */
  readonly waitedForEvent: boolean;
}

const CREATED = 1;
const WAITED_FOR_EVENT = 2;

/**
 * The customers a live projection's call (an event, a batch without listeners, a clock move)
 * has changed, each with what they were before, so that a call the lifecycle's own code makes
 * fail can be undone: the projection is then as it was before the call. Kept in columns that
 * are reused from call to call (a call that succeeds allocates nothing); the folds themselves
 * are rebuilt only when a call fails. Internal.
 */
export class UndoJournal {
  #size = 0;
  readonly #customers: LiveCustomer[] = [];
  /** Each customer's events before the call: how many while it only appended, else a copy. */
  readonly #events: (number | StoredEvent[])[] = [];
  readonly #clockedTo: number[] = [];
  readonly #flags: number[] = [];

  /** Notes what `customer` is now, before the call changes them (the first time only). */
  save(customer: LiveCustomer, created: boolean, waitsForEvent: boolean): void {
    if (customer.saved >= 0) return;
    const index = this.#size++;
    customer.saved = index;
    this.#customers[index] = customer;
    this.#events[index] = customer.events.length;
    this.#clockedTo[index] = customer.fold.clockedTo;
    this.#flags[index] = (created ? CREATED : 0) | (waitsForEvent ? WAITED_FOR_EVENT : 0);
  }

  /** Before an event is inserted among `customer`'s events (not appended): keeps the ones they had. */
  beforeInsert(customer: LiveCustomer): void {
    const index = customer.saved;
    const saved = index >= 0 ? this.#events[index] : undefined;
    if (typeof saved === 'number') this.#events[index] = customer.events.slice(0, saved);
  }

  /** The call succeeded: what was saved is let go. */
  commit(): void {
    const customers = this.#customers;
    // The columns keep their entries until overwritten (customers of the projection, copies of
    // lists of events it holds), so that a call that succeeds writes no more than it saved.
    for (let index = 0; index < this.#size; index++) customers[index]!.saved = -1;
    this.#size = 0;
  }

  /**
   * The call failed: each changed customer with their events put back as they were, and what
   * was saved of them (for the caller to rebuild their fold); the journal is emptied.
   */
  undo(): SavedCustomer[] {
    const undone: SavedCustomer[] = [];
    for (let index = 0; index < this.#size; index++) {
      const customer = this.#customers[index]!;
      const events = this.#events[index]!;
      if (typeof events === 'number') customer.events.length = events;
      else customer.events = events;
      const flags = this.#flags[index]!;
      undone.push({
        customer,
        created: (flags & CREATED) !== 0,
        clockedTo: this.#clockedTo[index]!,
        waitedForEvent: (flags & WAITED_FOR_EVENT) !== 0,
      });
    }
    this.commit();
    // A customer the call had added is let go by the projection: not kept here either.
    this.#customers.length = 0;
    this.#events.length = 0;
    return undone;
  }
}
