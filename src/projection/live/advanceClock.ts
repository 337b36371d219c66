import { advanceFold, type CustomerFold } from '../CustomerFold.js';
import type { LiveCore } from './LiveCore.js';
import { recordStageChanges } from './stageChanges.js';

/**
 * Queues the customer's next wake-up (the time their clocks may next change their fold), if they
 * have one: after any change to their fold. Internal.
 */
export function scheduleWake(live: LiveCore, customerId: string, fold: CustomerFold): void {
  if (live.unqueued.size > 0) live.unqueued.delete(customerId);
  if (fold.wake !== Number.POSITIVE_INFINITY) live.wakes.push(fold.wake, customerId);
}

/**
 * Moves the clock to `time`, firing due wake-ups (of customers outside the batch being folded).
 * Internal.
 */
export function advanceClock(live: LiveCore, time: number): void {
  const { wakes, customers, unqueued, compiled } = live;
  live.now = time;
  for (let due = wakes.peek(); due !== undefined && due <= time; due = wakes.peek()) {
    const customerId = wakes.pop()!;
    const customer = customers.get(customerId);
    // Stale entry: the customer's wake-up time changed since it was queued. A customer in
    // the batch was woken with its events; it is queued again afterwards.
    if (customer === undefined || customer.fold.wake !== due || customer.slot >= 0) continue;
    live.journal.save(customer, false, unqueued.size > 0 && unqueued.has(customerId));
    const before = customer.fold.history.length;
    advanceFold(compiled, customer.fold, time);
    recordStageChanges(live, customer.fold, before, 'clock');
    if (customer.fold.wake !== due) scheduleWake(live, customerId, customer.fold);
    // A clock that changed nothing: its machine waits for an event (see `unqueued`).
    else unqueued.add(customerId);
  }
}
