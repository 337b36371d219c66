import { dropVoided } from '../../events/dropVoided.js';
import type { StoredEvent } from '../../events/TenureEvent.js';
import type { CompiledLifecycle } from '../../machines/index.js';
import { advanceFold, type CustomerFold, foldEvent, startFold } from '../CustomerFold.js';

/**
 * A customer's fold rebuilt from their `events` (in fold order) up to `until`: how a late event,
 * a rolled-back call and a view of the past get a fold the in-order path did not build.
 * Internal.
 */
export function refold(
  compiled: CompiledLifecycle,
  customerId: string,
  events: readonly StoredEvent[],
  until: number,
): CustomerFold {
  const fold = startFold(compiled, customerId);
  let end = 0;
  while (end < events.length && events[end]!.at <= until) end++;
  // Corrections known by `until` apply: voided events are not folded.
  for (const event of dropVoided(end === events.length ? events : events.slice(0, end))) {
    foldEvent(compiled, fold, event);
  }
  return fold;
}

/**
 * A fold of all the customer's `events`, its clocks brought up to `time` as the live one's were.
 * Internal.
 */
export function refoldClockedTo(
  compiled: CompiledLifecycle,
  customerId: string,
  events: readonly StoredEvent[],
  time: number,
): CustomerFold {
  const fold = refold(compiled, customerId, events, Number.POSITIVE_INFINITY);
  advanceFold(compiled, fold, time);
  return fold;
}
