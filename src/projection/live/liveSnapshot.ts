import { dropVoided } from '../../events/dropVoided.js';
import { addToFacts } from '../CustomerFacts.js';
import {
  historyOf,
  publishState,
  restoreHistory,
  restoreState,
  startFold,
} from '../CustomerFold.js';
import {
  type ProjectionSnapshot,
  SNAPSHOT_FORMAT,
  SNAPSHOT_VERSION,
  type SnapshotCustomer,
} from '../ProjectionSnapshot.js';
import { scheduleWake } from './advanceClock.js';
import { forgottenRecords } from './eraseForgotten.js';
import type { LiveCore } from './LiveCore.js';
import { voidedIds } from './voidedIds.js';

/**
 * The live projection as a snapshot (`live.snapshot()`), tagged with the lifecycle's
 * `fingerprint`. Internal.
 */
export function saveSnapshot(live: LiveCore, fingerprint: string): ProjectionSnapshot {
  const { customers, unqueued, forgottenAt } = live;
  const ids = [...customers.keys()].sort();
  const saved: SnapshotCustomer[] = ids.map((customerId) => {
    const { events, fold } = customers.get(customerId)!;
    const entry: SnapshotCustomer = {
      customerId,
      events: events.slice(),
      state: publishState(fold),
      history: historyOf(fold).slice(),
      clockedTo: finiteOrNull(fold.clockedTo),
      lastClockAt: finiteOrNull(fold.lastClockAt),
    };
    // Only where true, so that every other customer's entry is as before the field existed.
    return unqueued.has(customerId) ? { ...entry, waitsForEvent: true } : entry;
  });
  return {
    format: SNAPSHOT_FORMAT,
    version: SNAPSHOT_VERSION,
    lifecycle: fingerprint,
    now: Number.isFinite(live.now) ? live.now : null,
    position: live.position,
    customers: saved,
    // Only when there is one, so that snapshots without erasures are as before it existed.
    ...(forgottenAt.size === 0 ? {} : { forgotten: forgottenRecords(live) }),
  };
}

/**
 * Fills an empty live projection from `saved` (checked by the caller with `checkSnapshot`): each
 * customer's fold is rebuilt from the saved machine states and history, not by folding their
 * events again. Internal.
 */
export function restoreSnapshot(live: LiveCore, saved: ProjectionSnapshot): void {
  const { compiled, customers, unqueued, forgottenAt } = live;
  for (const [customerId, at] of Object.entries(saved.forgotten ?? {})) {
    forgottenAt.set(customerId, at);
  }
  for (const entry of saved.customers) {
    const fold = startFold(compiled, entry.customerId);
    const events = entry.events.slice();
    const counted = dropVoided(events);
    for (const event of counted) addToFacts(fold, event);
    // The last counted event, as a fold that folded them all has it (a void is not folded).
    const last = counted[counted.length - 1];
    // No history: every event of the customer is voided, the fold is in its initial stage.
    const current = entry.history[entry.history.length - 1];
    restoreState(compiled, fold, entry.state);
    if (current !== undefined) fold.stage = current.stage;
    restoreHistory(fold, entry.history);
    fold.clockedTo = entry.clockedTo ?? Number.NEGATIVE_INFINITY;
    fold.lastClockAt = entry.lastClockAt ?? Number.NEGATIVE_INFINITY;
    if (last !== undefined) {
      fold.lastAt = last.at;
      fold.lastPosition = last.position;
    }
    customers.set(entry.customerId, {
      events,
      fold,
      voided: voidedIds(events),
      slot: -1,
      saved: -1,
    });
    if (entry.waitsForEvent === true) unqueued.add(entry.customerId);
    else scheduleWake(live, entry.customerId, fold);
  }
  live.now = saved.now ?? Number.NEGATIVE_INFINITY;
  live.position = saved.position;
}

/** -Infinity (a fold that counts no event) as null, the JSON it becomes anyway. */
function finiteOrNull(time: number): number | null {
  return time === Number.NEGATIVE_INFINITY ? null : time;
}
