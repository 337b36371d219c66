import { VOIDED_EVENT_TYPE } from '../../events/dropVoided.js';
import { isBookkeepingEvent } from '../../events/isBookkeepingEvent.js';
import type { StoredEvent } from '../../events/TenureEvent.js';
import type { CompiledLifecycle } from '../../machines/index.js';
import { advanceFold } from '../CustomerFold.js';
import { FORGOTTEN_EVENT_TYPE } from '../erasedEvent.js';
import { advanceClock, scheduleWake } from './advanceClock.js';
import { applyOne } from './applyOne.js';
import { eraseForgotten } from './eraseForgotten.js';
import { foldIntoCustomer } from './foldIntoCustomer.js';
import { customerToChange, type LiveCore } from './LiveCore.js';
import type { LiveCustomer } from './LiveCustomer.js';
import { rollBack } from './rollBack.js';

/**
 * `applyAll` without listeners, for `batch` (its events checked): the batch folded customer by
 * customer, each customer seeing the clock the event-by-event path would show it. The clock
 * advances at each event later than every one before it (an advance point); the event-by-event
 * path then advances every customer whose queued wake-up is due, to that time. A customer's fold
 * depends only on its own events, the clock before each of them and the advance points at which
 * it was woken, so replaying those per customer gives the same folds (also `clockedTo` and
 * `lastClockAt`), with a queue entry per customer rather than per event. Returns how many events
 * changed a customer. Internal.
 */
export function catchUp(live: LiveCore, batch: readonly StoredEvent[]): number {
  const count = batch.length;
  const clockBefore = new Float64Array(count);
  // pointsBefore[i]: how many advance points the events before i made.
  const pointsBefore = new Int32Array(count);
  // The batch's customers in order of appearance, each with its events as a linked list.
  const members: LiveCustomer[] = [];
  const first = new Int32Array(count);
  const last = new Int32Array(count);
  const next = new Int32Array(count);
  const points: number[] = [];
  const nowBefore = live.now;
  const positionBefore = live.position;
  // Erasures are done once the batch is folded (a failing batch is applied again event by
  // event, which erases in order).
  const forgotten: StoredEvent[] = [];
  let clock = live.now;
  try {
    for (let index = 0; index < count; index++) {
      const event = batch[index]!;
      pointsBefore[index] = points.length;
      if (event.type !== VOIDED_EVENT_TYPE && isBookkeepingEvent(event.type)) {
        if (event.type === FORGOTTEN_EVENT_TYPE) forgotten.push(event);
        if (event.position > live.position) live.position = event.position;
        continue;
      }
      clockBefore[index] = clock;
      // A duplicate is never later than the clock (its first copy moved it): counting it
      // adds no advance point, as `apply`, which returns before advancing, adds none.
      if (event.at > clock) {
        clock = event.at;
        points.push(clock);
      }
      const customer = customerToChange(live, event.customerId);
      next[index] = -1;
      if (customer.slot < 0) {
        customer.slot = members.length;
        first[customer.slot] = index;
        members.push(customer);
      } else {
        next[last[customer.slot]!] = index;
      }
      last[customer.slot] = index;
    }
    const { compiled, unqueued } = live;
    let added = 0;
    // Whether each member is still queued after its fold (a clock may leave it waiting).
    const stillQueued = new Uint8Array(members.length);
    for (const customer of members) {
      const customerId = customer.fold.customerId;
      // A customer is queued once it has an event, unless a clock left it waiting for one.
      let queued = customer.events.length > 0 && !unqueued.has(customerId);
      let from = 0;
      for (let index = first[customer.slot]!; index >= 0; index = next[index]!) {
        if (queued) queued = wakeWithin(compiled, customer, points, from, pointsBefore[index]!);
        const event = batch[index]!;
        if (foldIntoCustomer(live, customer, event, clockBefore[index]!)) {
          added++;
          queued = true;
          if (event.position > live.position) live.position = event.position;
        }
        from = pointsBefore[index]!;
      }
      if (queued) queued = wakeWithin(compiled, customer, points, from, points.length);
      stillQueued[customer.slot] = queued ? 1 : 0;
    }
    // The customers outside the batch, woken at each advance point as `apply` would wake them
    // (members are skipped: their slot is still set).
    for (const time of points) advanceClock(live, time);
    for (const customer of members) {
      const customerId = customer.fold.customerId;
      if (stillQueued[customer.slot] === 1) scheduleWake(live, customerId, customer.fold);
      else unqueued.add(customerId);
      customer.slot = -1;
    }
    live.journal.commit();
    for (const record of forgotten) eraseForgotten(live, record);
    return added;
  } catch {
    // The lifecycle's code failed somewhere in the batch: undone whole, it is applied again
    // event by event, which applies the events before the one that fails and throws there.
    rollBack(live, nowBefore, positionBefore, 0);
    let added = 0;
    for (const event of batch) if (applyOne(live, event, 'live.applyAll')) added++;
    // Only code that fails now and then gets here (the same code fails on the same events):
    // the batch is then applied, and its first failure is not thrown.
    return added;
  }
}

/**
 * Wakes a queued customer at the advance points `from` to `to` (exclusive), as `advanceClock`
 * would there. Returns whether the customer is still queued afterwards.
 */
function wakeWithin(
  compiled: CompiledLifecycle,
  customer: LiveCustomer,
  points: readonly number[],
  from: number,
  to: number,
): boolean {
  const fold = customer.fold;
  let point = from;
  for (;;) {
    const due = fold.wake;
    if (due === Number.POSITIVE_INFINITY) return true;
    point = firstAtOrAfter(points, due, point, to);
    if (point === to) return true;
    advanceFold(compiled, fold, points[point]!);
    if (fold.wake === due) return false;
  }
}

/** The first index in [low, high) whose time is at or after `time`, `high` for none. */
function firstAtOrAfter(times: readonly number[], time: number, low: number, high: number): number {
  if (high === low || times[high - 1]! < time) return high;
  let start = low;
  let end = high - 1;
  while (start < end) {
    const middle = (start + end) >>> 1;
    if (times[middle]! < time) start = middle + 1;
    else end = middle;
  }
  return start;
}
