import { scheduleWake } from './advanceClock.js';
import type { LiveCore } from './LiveCore.js';
import { refoldClockedTo } from './refold.js';
import { voidedIds } from './voidedIds.js';

/**
 * Undoes the call being applied: every customer it changed is as before (their fold rebuilt
 * from their events up to the clock it had, as a late event's is), and so are the clock, the
 * position and the stage changes waiting to be reported. Internal.
 */
export function rollBack(
  live: LiveCore,
  nowBefore: number,
  positionBefore: number,
  pendingBefore: number,
): void {
  for (const saved of live.journal.undo()) {
    const customer = saved.customer;
    const customerId = customer.fold.customerId;
    customer.slot = -1;
    if (saved.created) {
      live.customers.delete(customerId);
      live.unqueued.delete(customerId);
      continue;
    }
    const fold = refoldClockedTo(live.compiled, customerId, customer.events, saved.clockedTo);
    customer.fold = fold;
    customer.voided = voidedIds(customer.events);
    if (saved.waitedForEvent) live.unqueued.add(customerId);
    else scheduleWake(live, customerId, fold);
  }
  live.now = nowBefore;
  live.position = positionBefore;
  live.pending.length = pendingBefore;
}
