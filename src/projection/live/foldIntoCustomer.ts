import { VOIDED_EVENT_TYPE, voidTarget } from '../../events/dropVoided.js';
import type { StoredEvent } from '../../events/TenureEvent.js';
import { advanceFold, foldEvent } from '../CustomerFold.js';
import { compareEvents } from '../compareEvents.js';
import { erasedIfForgotten } from './eraseForgotten.js';
import type { LiveCore } from './LiveCore.js';
import type { LiveCustomer } from './LiveCustomer.js';
import { refoldClockedTo } from './refold.js';
import { recordLateChange, recordStageChanges } from './stageChanges.js';

/**
 * Folds a behaviour event into its customer as `apply` does when the projection's clock reads
 * `clock` (the time before the event). An event later than all the customer's others (and not
 * a void, nor one a void names) is folded in place; any other is inserted among the customer's
 * events in order and the customer re-folded from them. False for a duplicate, which changes
 * nothing. Internal.
 */
export function foldIntoCustomer(
  live: LiveCore,
  customer: LiveCustomer,
  applied: StoredEvent,
  clock: number,
): boolean {
  const { events, fold } = customer;
  const compiled = live.compiled;
  const event = erasedIfForgotten(live, applied);
  const last = events[events.length - 1];
  const inOrder =
    event.type !== VOIDED_EVENT_TYPE &&
    (last === undefined || (compareEvents(last, event) < 0 && event.at >= fold.lastClockAt)) &&
    customer.voided?.has(event.id) !== true;
  if (inOrder) {
    events.push(event);
    let before = fold.history.length;
    // The clocks due by the event's time come first (`foldEvent` would inject them): they are
    // the clock's changes, also at the event's own instant.
    if (live.listeners.size > 0 && fold.wake <= event.at && fold.events > 0) {
      advanceFold(compiled, fold, event.at);
      recordStageChanges(live, fold, before, 'clock');
      before = fold.history.length;
    }
    foldEvent(compiled, fold, event);
    recordStageChanges(live, fold, before, 'event');
    before = fold.history.length;
    advanceFold(compiled, fold, clock);
    recordStageChanges(live, fold, before, 'clock');
    return true;
  }
  const index = insertionIndex(events, event);
  if (index < events.length && compareEvents(events[index]!, event) === 0) return false;
  live.journal.beforeInsert(customer);
  events.splice(index, 0, event);
  const target = voidTarget(event);
  if (target !== undefined) {
    customer.voided ??= new Set();
    customer.voided.add(target);
  }
  const rebuilt = refoldClockedTo(
    compiled,
    fold.customerId,
    events,
    Math.max(clock, fold.clockedTo),
  );
  recordLateChange(live, fold, rebuilt, event);
  customer.fold = rebuilt;
  return true;
}

/** Where `event` goes among `events` (in fold order): before the first not earlier than it. */
function insertionIndex(events: readonly StoredEvent[], event: StoredEvent): number {
  let low = 0;
  let high = events.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (compareEvents(events[middle]!, event) < 0) low = middle + 1;
    else high = middle;
  }
  return low;
}
