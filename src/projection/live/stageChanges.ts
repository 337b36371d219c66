import type { StoredEvent } from '../../events/TenureEvent.js';
import type { CustomerFold } from '../CustomerFold.js';
import { historyOf, stageEnteredAt } from '../CustomerFold.js';
import type { StageChange } from '../LiveProjection.js';
import type { LiveCore } from './LiveCore.js';

/**
 * Notes the stage changes `fold` made from history index `from` on (a step of the in-order path
 * or of a clock), to be reported when the call ends; nothing without listeners. Internal.
 */
export function recordStageChanges(
  live: LiveCore,
  fold: CustomerFold,
  from: number,
  cause: StageChange['cause'],
): void {
  if (live.listeners.size === 0) return;
  // The history is flat: [stage0, at0, stage1, at1, ...].
  const history = fold.history;
  const pending = live.pending;
  for (let index = from; index < history.length; index += 2) {
    pending.push({
      customerId: fold.customerId,
      from: index === 0 ? undefined : (history[index - 2] as string),
      to: history[index] as string,
      at: history[index + 1] as number,
      cause,
    });
  }
}

/**
 * Notes the one change a late event or a void (`applied`) made, re-folding the customer from
 * `before` to `after`: the stage they end in, not the steps between, with the re-folded history;
 * or their leaving, when `after` counts no event. Internal.
 */
export function recordLateChange(
  live: LiveCore,
  before: CustomerFold,
  after: CustomerFold,
  applied: StoredEvent,
): void {
  if (live.listeners.size === 0) return;
  const first = before.events === 0;
  const left = after.events === 0;
  // Nothing counted before nor after (a void of an event not yet applied, or that event).
  if (first && left) return;
  if (!first && !left && after.stage === before.stage) return;
  live.pending.push({
    customerId: before.customerId,
    from: first ? undefined : before.stage,
    to: left ? undefined : after.stage,
    // A void removes the last event from its own time on, as `state({ asOf })` reads it.
    at: left ? applied.at : stageEnteredAt(after),
    cause: 'late-event',
    history: historyOf(after),
  });
}

/**
 * Reports the call's stage changes to the listeners. Every listener hears every change even when
 * one throws; the first error is rethrown after. Internal.
 */
export function reportStageChanges(live: LiveCore): void {
  if (live.pending.length === 0) return;
  const changes = live.pending;
  live.pending = [];
  let failure: { error: unknown } | undefined;
  for (const change of changes) {
    for (const listener of [...live.listeners]) {
      try {
        listener(change);
      } catch (error) {
        failure ??= { error };
      }
    }
  }
  if (failure !== undefined) throw failure.error;
}

/**
 * Reports the changes made before `error` stopped a call (the events before it are applied),
 * then rethrows it: a listener's error is dropped then, the call's own failure is the one to
 * handle. Internal.
 */
export function reportStageChangesAndThrow(live: LiveCore, error: unknown): never {
  try {
    reportStageChanges(live);
  } catch {
    // See above: `error` is rethrown instead.
  }
  throw error;
}
