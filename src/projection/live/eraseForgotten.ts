import type { StoredEvent } from '../../events/TenureEvent.js';
import { erasedEvent } from '../erasedEvent.js';
import type { LiveCore } from './LiveCore.js';

/**
 * The customer's personal data erased (`forgotten`, their `customer.forgotten` record): each
 * personal field of their events logged before it reads `'[erased]'`, as the private log reads
 * them from then on (what was logged after it is under a new key, and readable). The folds
 * are left as they are: stages and facts do not come from personal data. Internal.
 */
export function eraseForgotten(live: LiveCore, forgotten: StoredEvent): void {
  const latest = live.forgottenAt.get(forgotten.customerId);
  if (latest === undefined || forgotten.position > latest) {
    live.forgottenAt.set(forgotten.customerId, forgotten.position);
  }
  const customer = live.customers.get(forgotten.customerId);
  if (customer === undefined) return;
  const { events } = customer;
  for (let index = 0; index < events.length; index++) {
    const event = events[index]!;
    if (event.position > forgotten.position) continue;
    const erased = erasedEvent(event, live.personalFields);
    if (erased !== undefined) events[index] = erased;
  }
}

/**
 * `event` erased when it was logged before its customer's applied `customer.forgotten`: how an
 * event applied after the erasure is kept. Internal.
 */
export function erasedIfForgotten(live: LiveCore, event: StoredEvent): StoredEvent {
  const forgottenAt = live.forgottenAt;
  if (forgottenAt.size === 0) return event;
  const latest = forgottenAt.get(event.customerId);
  if (latest === undefined || event.position > latest) return event;
  return erasedEvent(event, live.personalFields) ?? event;
}

/**
 * The forgotten customers' record positions, by customer id in order (the snapshot's `forgotten`).
 * Internal.
 */
export function forgottenRecords(live: LiveCore): Record<string, number> {
  // fromEntries defines own properties: a customer id "__proto__" is a key like any other.
  return Object.fromEntries([...live.forgottenAt.entries()].sort(([a], [b]) => (a < b ? -1 : 1)));
}
