import type { StoredEvent } from '../../events/TenureEvent.js';
import type { CompiledLifecycle } from '../../machines/index.js';
import { defaultPersonalFields, type PersonalFields } from '../../privacy/personalFields.js';
import type { LiveProjection } from '../LiveProjection.js';
import type { ProjectionSnapshot } from '../ProjectionSnapshot.js';
import { resolveTime } from '../resolveTime.js';
import { advanceClock } from './advanceClock.js';
import { applyOne } from './applyOne.js';
import { catchUp } from './catchUp.js';
import { checkEvent, checkIterable, checkListener } from './checkLiveInput.js';
import { createLiveCore } from './LiveCore.js';
import { queryCustomer, queryState } from './liveQueries.js';
import { restoreSnapshot, saveSnapshot } from './liveSnapshot.js';
import { rollBack } from './rollBack.js';
import { reportStageChanges, reportStageChangesAndThrow } from './stageChanges.js';

/** What the live projection needs to know about its lifecycle. Internal. */
export interface LiveLifecycle {
  readonly compiled: CompiledLifecycle;
  readonly name: string;
  /** The snapshot's `lifecycle` tag: name, version, machines, stages and machine inputs. */
  readonly fingerprint: string;
  readonly activeStages: readonly string[] | undefined;
}

/**
 * Creates a live projection, empty or from a snapshot (checked by the caller with
 * `checkSnapshot`). Internal: see `createLifecycle`.
 */
export function createLiveProjection(
  lifecycle: LiveLifecycle,
  snapshot?: ProjectionSnapshot,
  personalFields: PersonalFields = defaultPersonalFields,
): LiveProjection {
  const live = createLiveCore(lifecycle.compiled, personalFields);
  if (snapshot !== undefined) restoreSnapshot(live, snapshot);

  return {
    apply(event) {
      let added: boolean;
      try {
        added = applyOne(live, event, 'live.apply');
      } catch (error) {
        reportStageChangesAndThrow(live, error);
      }
      reportStageChanges(live);
      return added;
    },
    applyAll(events) {
      checkIterable(events);
      if (live.listeners.size > 0) {
        let added = 0;
        try {
          for (const event of events) if (applyOne(live, event, 'live.applyAll')) added++;
        } catch (error) {
          reportStageChangesAndThrow(live, error);
        }
        reportStageChanges(live);
        return added;
      }
      // Read up to the first bad event, as the loop above stops there, then fold what was read
      // before rethrowing: the events before a bad one are applied either way.
      const batch: StoredEvent[] = [];
      let failure: { error: unknown } | undefined;
      try {
        for (const event of events) {
          checkEvent(event, 'live.applyAll');
          batch.push(event);
        }
      } catch (error) {
        failure = { error };
      }
      const added = catchUp(live, batch);
      if (failure !== undefined) throw failure.error;
      return added;
    },
    advanceTo(time) {
      const at = resolveTime('live.advanceTo', 'time', time, undefined);
      if (at <= live.now) return;
      const nowBefore = live.now;
      try {
        advanceClock(live, at);
        live.journal.commit();
      } catch (error) {
        // Undone whole, as each customer's clock cannot be half moved.
        rollBack(live, nowBefore, live.position, 0);
        throw error;
      }
      reportStageChanges(live);
    },
    get now() {
      return Number.isFinite(live.now) ? live.now : undefined;
    },
    get position() {
      return live.position;
    },
    get size() {
      return live.customers.size;
    },
    state(options) {
      return queryState(live, lifecycle, options);
    },
    customer(customerId, options) {
      return queryCustomer(live, customerId, options);
    },
    snapshot() {
      return saveSnapshot(live, lifecycle.fingerprint);
    },
    onStageChange(listener) {
      checkListener(listener);
      live.listeners.add(listener);
      return () => {
        live.listeners.delete(listener);
      };
    },
  };
}
