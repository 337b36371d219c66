import { VOIDED_EVENT_TYPE } from '../../events/dropVoided.js';
import { isBookkeepingEvent } from '../../events/isBookkeepingEvent.js';
import type { StoredEvent } from '../../events/TenureEvent.js';
import { FORGOTTEN_EVENT_TYPE } from '../erasedEvent.js';
import { advanceClock, scheduleWake } from './advanceClock.js';
import { checkEvent } from './checkLiveInput.js';
import { eraseForgotten } from './eraseForgotten.js';
import { foldIntoCustomer } from './foldIntoCustomer.js';
import { customerToChange, type LiveCore } from './LiveCore.js';
import { rollBack } from './rollBack.js';

/**
 * Applies one event (checked first, `api` naming the call in the error), or nothing when the
 * lifecycle's code fails on it (or on a clock it makes fall due): the projection is then as
 * before, and the error is thrown. Returns whether the event changed a customer (false for a
 * duplicate or a bookkeeping event). Internal.
 */
export function applyOne(live: LiveCore, event: StoredEvent, api: string): boolean {
  checkEvent(event, api);
  // Profiles and erasures are not behaviour (voids are folded as corrections); the position
  // still moves past them, or a catch-up from `position + 1` would read them again each time.
  if (event.type !== VOIDED_EVENT_TYPE && isBookkeepingEvent(event.type)) {
    if (event.type === FORGOTTEN_EVENT_TYPE) eraseForgotten(live, event);
    if (event.position > live.position) live.position = event.position;
    return false;
  }
  const nowBefore = live.now;
  const positionBefore = live.position;
  const pendingBefore = live.pending.length;
  try {
    const customer = customerToChange(live, event.customerId);
    if (!foldIntoCustomer(live, customer, event, live.now)) {
      live.journal.commit();
      return false;
    }
    scheduleWake(live, event.customerId, customer.fold);
    if (event.position > live.position) live.position = event.position;
    if (event.at > live.now) advanceClock(live, event.at);
    live.journal.commit();
    return true;
  } catch (error) {
    rollBack(live, nowBefore, positionBefore, pendingBefore);
    throw error;
  }
}
