import type { StoredEvent } from '../../events/TenureEvent.js';
import type { CustomerFold } from '../CustomerFold.js';
import type { UndoJournal } from './UndoJournal.js';

/** One customer of a live projection. Internal. */
export interface LiveCustomer {
  /** Every event of the customer, in fold order: a late event is re-folded from these. */
  events: StoredEvent[];
  fold: CustomerFold;
  /**
   * The ids the customer's voids (among `events`) name, undefined while they have none: an event
   * one of them names is folded as a late one (re-folded without it), even when it is the latest,
   * since a void may be dated before the event it voids.
   */
  voided: Set<string> | undefined;
  /** Where the customer is in the batch `applyAll` is folding, -1 outside one. */
  slot: number;
  /**
   * Where the {@link UndoJournal} keeps what the customer was before the call being applied
   * first changed them; -1 outside a call, or when the call has not changed them.
   */
  saved: number;
}
