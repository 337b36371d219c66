import type { StoredEvent } from '../events/TenureEvent.js';
import type { CompiledLifecycle, LifecycleState } from '../machines/index.js';
import { addToFacts, copyFacts, emptyFacts, type FactsAccumulator } from './CustomerFacts.js';
import type { CustomerState, StageEntry } from './CustomerState.js';

/**
 * One customer's running fold: the machines' state after the customer's events (applied in
 * (at, position) order) and after every clock that fell due up to `clockedTo`. Internal: the
 * batch projection folds and discards it, the live projection keeps one per customer.
 */
export interface CustomerFold {
  readonly customerId: string;
  state: LifecycleState;
  stage: string;
  stageEnteredAt: number;
  history: StageEntry[];
  /** `compiled.wakeAt(state)`, cached: it only changes when the state does. */
  wake: number | undefined;
  /** Time up to which due clocks were injected (the last event's time or a later advance). */
  clockedTo: number;
  /**
   * Time of the last clock that changed the state (or of the first event). An event earlier
   * than this must be re-folded from scratch: a clock after it has already been applied.
   */
  lastClockAt: number;
  /** Time of the customer's last event (the events' order key, with `lastPosition`). */
  lastAt: number;
  lastPosition: number;
  facts: FactsAccumulator;
  /** Batch only: an older event arrived after newer ones; the fold waits to be redone. */
  stale: boolean;
}

const MAX_CLOCKS = 10_000;

/** A fold with no events yet, in the lifecycle's initial state. */
export function startFold(compiled: CompiledLifecycle, customerId: string): CustomerFold {
  const state = compiled.initial();
  return {
    customerId,
    state,
    stage: compiled.stageOf(state),
    stageEnteredAt: Number.NaN,
    history: [],
    wake: compiled.wakeAt(state),
    clockedTo: Number.NEGATIVE_INFINITY,
    lastClockAt: Number.NEGATIVE_INFINITY,
    lastAt: Number.NEGATIVE_INFINITY,
    lastPosition: 0,
    facts: emptyFacts(),
    stale: false,
  };
}

/**
 * Applies the customer's next event. The caller guarantees the order: `event` sorts after
 * every event already folded. Clocks that fall due before `event.at` are injected first.
 *
 * @returns true when the headline stage changed.
 */
export function foldEvent(
  compiled: CompiledLifecycle,
  fold: CustomerFold,
  event: StoredEvent,
): boolean {
  const first = fold.facts.events === 0;
  const wake = fold.wake;
  let changed =
    !first && wake !== undefined && wake <= event.at
      ? advanceFold(compiled, fold, event.at)
      : false;
  const next = compiled.transition(fold.state, event);
  addToFacts(fold.facts, event);
  fold.lastAt = event.at;
  fold.lastPosition = event.position;
  if (event.at > fold.clockedTo) fold.clockedTo = event.at;
  if (first) {
    setState(compiled, fold, next);
    fold.stage = compiled.stageOf(next);
    fold.stageEnteredAt = event.at;
    fold.lastClockAt = event.at;
    fold.history.push({ stage: fold.stage, at: event.at });
    return true;
  }
  if (next !== fold.state) {
    setState(compiled, fold, next);
    changed = enterStage(compiled, fold, event.at) || changed;
  }
  return changed;
}

/**
 * Injects `{ type: 'clock', at: w }` for every wake-up time `w <= time`, oldest first, so that
 * time-driven transitions (inactivity, renewals due) happen at the time they fall due, whenever
 * the projection runs. Does nothing before the customer's first event.
 *
 * @returns true when the headline stage changed.
 */
export function advanceFold(
  compiled: CompiledLifecycle,
  fold: CustomerFold,
  time: number,
): boolean {
  if (fold.facts.events === 0) return false;
  let changed = false;
  // A clock that changes nothing, or a machine that keeps re-arming at the same instant, would
  // otherwise loop forever; MAX_CLOCKS bounds the damage of such a machine.
  for (let step = 0; step < MAX_CLOCKS; step++) {
    const wake = fold.wake;
    if (wake === undefined || wake > time) break;
    const next = compiled.transition(fold.state, { type: 'clock', at: wake });
    if (next === fold.state) break;
    setState(compiled, fold, next);
    fold.lastClockAt = wake;
    changed = enterStage(compiled, fold, wake) || changed;
  }
  if (time > fold.clockedTo) fold.clockedTo = time;
  return changed;
}

/**
 * The customer as seen at `asOf` (>= every folded event): due clocks, then a clock at `asOf`
 * itself. With `reuse` the fold is consumed (its arrays frozen into the result); without, the
 * fold is left as it was and the result copies what it needs.
 */
export function closeFold(
  compiled: CompiledLifecycle,
  fold: CustomerFold,
  asOf: number,
  reuse: boolean,
): CustomerState {
  const target = reuse ? fold : copyFold(fold);
  advanceFold(compiled, target, asOf);
  const next = compiled.transition(target.state, { type: 'clock', at: asOf });
  if (next !== target.state) {
    setState(compiled, target, next);
    enterStage(compiled, target, asOf);
  }
  return {
    customerId: target.customerId,
    stage: target.stage,
    stageEnteredAt: target.stageEnteredAt,
    timeInStage: asOf - target.stageEnteredAt,
    machines: target.state.machines,
    // A tight copy: arrays grown by push keep spare capacity, which adds up over a portfolio.
    history: target.history.slice(),
    // The accumulator has exactly the public facts' fields; the fold is done with it.
    facts: target.facts,
  };
}

/** A copy that can be advanced without touching the original (states are immutable). */
export function copyFold(fold: CustomerFold): CustomerFold {
  return { ...fold, history: fold.history.slice(), facts: copyFacts(fold.facts) };
}

function setState(compiled: CompiledLifecycle, fold: CustomerFold, state: LifecycleState): void {
  fold.state = state;
  fold.wake = compiled.wakeAt(state);
}

function enterStage(compiled: CompiledLifecycle, fold: CustomerFold, at: number): boolean {
  const stage = compiled.stageOf(fold.state);
  if (stage === fold.stage) return false;
  fold.stage = stage;
  fold.stageEnteredAt = at;
  fold.history.push({ stage, at });
  return true;
}
