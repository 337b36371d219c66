import type { StoredEvent } from '../events/TenureEvent.js';
import {
  type FoldingState,
  type InPlaceSteps,
  inPlaceStepsOf,
} from '../machines/compileLifecycle.js';
import type {
  CompiledLifecycle,
  LifecycleEvent,
  LifecycleState,
  MachineState,
} from '../machines/index.js';
import { addToFacts, type FactsFields, factsOf, NO_CURRENCIES } from './CustomerFacts.js';
import type { CustomerFacts, CustomerState, StageEntry } from './CustomerState.js';
import { machineFailed } from './machineFailed.js';
import { pointerFieldsOnFirst } from './makePointerFields.js';
import { shareNumbers } from './shareNumbers.js';

/**
 * One customer's running fold: the machines' state after the customer's events (applied in
 * (at, position) order) and after every clock that fell due up to `clockedTo`, with the facts
 * counted inline. A fixed-shape record: a batch projection that streams a log holds one per
 * customer until it closes them, so every field counts. Internal: the batch projection folds
 * and discards it (from memory, one customer after the other), the live projection keeps one
 * per customer.
 */
export interface CustomerFold extends FactsFields, FoldingState, LifecycleState {
  readonly customerId: string;
  /**
   * The machines' states, the fold's own in the parts `owned` says (see {@link FoldingState}):
   * a part is copied when an event first changes it, and handing the state out (a result, a
   * snapshot or a copy of the fold) makes it shared again. The fold itself is the lifecycle
   * state its machines are asked about (no wrapper object per customer).
   */
  machines: Record<string, MachineState>;
  owned: number;
  stage: string;
  /**
   * The stage history, flat: `[stage0, at0, stage1, at1, ...]`. The `{ stage, at }` entries are
   * built only when a customer is closed (see {@link historyOf}): an object per entry for every
   * customer being folded costs about 100 B per customer while a log streams. Copy-on-write and
   * exactly sized: replaced on each stage change, never changed in place, so a copy of the fold
   * can share it. Its first time is the first counted event's (the facts' `firstActivityAt`), its
   * last one the time the current stage was entered.
   */
  history: readonly (string | number)[];
  /**
   * `compiled.wakeAt(state)`, cached (it only changes when the state does), +Infinity for none:
   * a field that always holds a number is updated in place, where `number | undefined` would
   * allocate a heap number per change.
   */
  wake: number;
  /** Time up to which due clocks were injected (the last event's time or a later advance). */
  clockedTo: number;
  /**
   * Time of the last clock that changed the state (or of the first event). An event earlier
   * than this must be re-folded from scratch: a clock after it has already been applied.
   */
  lastClockAt: number;
  /**
   * Time of the customer's last counted event (the events' order key, with `lastPosition`),
   * also the facts' `lastActivityAt`.
   */
  lastAt: number;
  lastPosition: number;
  /** Batch only: an older event arrived after newer ones; the fold waits to be redone. */
  stale: boolean;
}

const MAX_CLOCKS = 10_000;
const NO_HISTORY: readonly (string | number)[] = Object.freeze([]);
const NO_ENTRIES: readonly StageEntry[] = Object.freeze([]);

/** A fold with no events yet, in the lifecycle's initial state. */
export function startFold(compiled: CompiledLifecycle, customerId: string): CustomerFold {
  const state = compiled.initial();
  const fold = newFold(
    customerId,
    state.machines as Record<string, MachineState>,
    compiled.stageOf(state),
    wakeOf(compiled, state),
  );
  tagFold(fold);
  return fold;
}

/** Every fold is made by this one literal, so that all share one shape (see `tagFold`). */
function newFold(
  customerId: string,
  machines: Record<string, MachineState>,
  stage: string,
  wake: number,
): CustomerFold {
  return {
    customerId,
    machines,
    owned: 0,
    stage,
    history: NO_HISTORY,
    wake,
    clockedTo: Number.NEGATIVE_INFINITY,
    lastClockAt: Number.NEGATIVE_INFINITY,
    lastAt: Number.NEGATIVE_INFINITY,
    lastPosition: 0,
    events: 0,
    firstPurchaseAt: Number.NaN,
    lastPurchaseAt: Number.NaN,
    purchases: 0,
    revenue: 0,
    refundCount: 0,
    refunds: 0,
    currencies: NO_CURRENCIES,
    stale: false,
  };
}

/**
 * The fold's times and sums, made pointer fields (see `makePointerFields`): a fold's lastAt,
 * clockedTo, lastClockAt and purchase times are mostly one event's time, the wake-up time often
 * a context's, and the sums of most customers 0 (unboxed). The six times alone: about 95 B less
 * per customer while a log streams (bench/projection.memory, "live heap while folding").
 */
const tagFold = pointerFieldsOnFirst([
  'wake',
  'clockedTo',
  'lastClockAt',
  'lastAt',
  'firstPurchaseAt',
  'lastPurchaseAt',
  'revenue',
  'refunds',
]);

/** Every stage entry is made here, so that all share one shape, its time a pointer field. */
function newEntry(stage: string, at: number): StageEntry {
  const entry = { stage, at };
  tagEntry(entry);
  return entry;
}
const tagEntry = pointerFieldsOnFirst(['at']);

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
  const at = event.at;
  const first = fold.events === 0;
  const wake = fold.wake;
  let changed = !first && wake <= at ? advanceFold(compiled, fold, at) : false;
  const moved = step(compiled, fold, event);
  addToFacts(fold, event);
  fold.lastAt = at;
  fold.lastPosition = event.position;
  if (at > fold.clockedTo) fold.clockedTo = at;
  if (first) {
    fold.stage = stageAfter(compiled, fold, event);
    fold.lastClockAt = at;
    fold.history = [fold.stage, at];
    return true;
  }
  if (moved) changed = enterStage(compiled, fold, event) || changed;
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
  if (fold.events === 0) return false;
  let changed = false;
  // A clock that changes nothing, or a machine that keeps re-arming at the same instant, would
  // otherwise loop forever; MAX_CLOCKS bounds the damage of such a machine.
  for (let clocks = 0; clocks < MAX_CLOCKS; clocks++) {
    const wake = fold.wake;
    if (wake > time) break;
    const clock: LifecycleEvent = { type: 'clock', at: wake };
    if (!step(compiled, fold, clock)) break;
    fold.lastClockAt = wake;
    changed = enterStage(compiled, fold, clock) || changed;
  }
  if (time > fold.clockedTo) fold.clockedTo = time;
  return changed;
}

/**
 * The customer as seen at `asOf` (>= every folded event): due clocks, then a clock at `asOf`
 * itself. With `reuse` the fold is consumed (advanced in place); without, the fold is left as it
 * was. Either way the result shares the fold's immutable parts (machine states, history).
 */
export function closeFold(
  compiled: CompiledLifecycle,
  fold: CustomerFold,
  asOf: number,
  reuse: boolean,
): CustomerState {
  const target = reuse ? fold : copyFold(fold);
  advanceFold(compiled, target, asOf);
  const clock: LifecycleEvent = { type: 'clock', at: asOf };
  if (step(compiled, target, clock)) enterStage(compiled, target, clock);
  const history = historyOf(target);
  if (target.events > 0 && history.length > 0) {
    // Read straight from the entries (no NaN case in between, which would make them plain
    // doubles): the customer's and the facts' times then point to the entries' own numbers.
    const enteredAt = (history[history.length - 1] as StageEntry).at;
    const firstAt = (history[0] as StageEntry).at;
    const customer = newCustomer(
      target,
      history,
      enteredAt,
      asOf - enteredAt,
      factsOf(target, firstAt, target.lastAt),
    );
    shareNumbers(customer, target.lastAt, compiled.initial().machines);
    return customer;
  }
  const enteredAt = stageEnteredAt(target);
  const facts = factsOf(target, firstActivityAt(target), lastActivityAt(target));
  return newCustomer(target, history, enteredAt, asOf - enteredAt, facts);
}

/** Every customer is made by this one literal, its stageEnteredAt a pointer field. */
function newCustomer(
  fold: CustomerFold,
  history: readonly StageEntry[],
  stageEnteredAt: number,
  timeInStage: number,
  facts: CustomerFacts,
): CustomerState {
  const customer: CustomerState = {
    customerId: fold.customerId,
    stage: fold.stage,
    stageEnteredAt,
    timeInStage,
    machines: publishMachines(fold),
    history,
    facts,
  };
  tagCustomer(customer);
  return customer;
}
const tagCustomer = pointerFieldsOnFirst(['stageEnteredAt']);

/**
 * A copy that can be advanced without touching the original: both share the state from now on,
 * so neither owns it (histories are copy-on-write).
 */
export function copyFold(fold: CustomerFold): CustomerFold {
  fold.owned = 0;
  return { ...fold };
}

/** The fold's state, to hand out: from now on the fold no longer changes it in place. */
export function publishState(fold: CustomerFold): LifecycleState {
  return { machines: publishMachines(fold) };
}

/** The fold's machine states, to hand out: from now on the fold no longer changes them in place. */
function publishMachines(fold: CustomerFold): Readonly<Record<string, MachineState>> {
  fold.owned = 0;
  return fold.machines;
}

/** Sets the fold's state to `state` (shared: the next event that changes a part copies it). */
export function restoreState(
  compiled: CompiledLifecycle,
  fold: CustomerFold,
  state: LifecycleState,
): void {
  fold.machines = state.machines as Record<string, MachineState>;
  fold.owned = 0;
  fold.wake = wakeOf(compiled, fold);
}

/**
 * The fold's stage history as entries, to hand out: new ones on each call. Not cached on the
 * fold: a live projection's `state()` over 100k customers, rebuilding every customer's entries,
 * took 0.69 CPU-s against 0.66 before the history was flat (A/B interleaved, 3 runs, medians),
 * no faster with a cache, which cost 4 B more per fold and kept the entries alive beside it.
 */
export function historyOf(fold: CustomerFold): readonly StageEntry[] {
  const flat = fold.history;
  const length = flat.length >> 1;
  if (length === 0) return NO_ENTRIES;
  const entries: StageEntry[] = new Array(length);
  for (let index = 0; index < length; index++) {
    entries[index] = newEntry(flat[2 * index] as string, flat[2 * index + 1] as number);
  }
  return entries;
}

/** Sets the fold's history to `entries` (a snapshot's), kept flat. */
export function restoreHistory(fold: CustomerFold, entries: readonly StageEntry[]): void {
  const flat: (string | number)[] = new Array(2 * entries.length);
  for (let index = 0; index < entries.length; index++) {
    const entry = entries[index] as StageEntry;
    flat[2 * index] = entry.stage;
    flat[2 * index + 1] = entry.at;
  }
  fold.history = flat;
}

/** When the fold entered its current stage (its last stage entry), NaN before the first event. */
export function stageEnteredAt(fold: CustomerFold): number {
  const history = fold.history;
  return history.length === 0 ? Number.NaN : (history[history.length - 1] as number);
}

/** The time of the customer's first counted event (their first stage entry), NaN for none. */
function firstActivityAt(fold: CustomerFold): number {
  return fold.events === 0 ? Number.NaN : (fold.history[1] as number);
}

/** The time of the customer's last counted event, NaN for none. */
function lastActivityAt(fold: CustomerFold): number {
  return fold.events === 0 ? Number.NaN : fold.lastAt;
}

/**
 * The lifecycle's wake-up time for `state`, up to the next whole millisecond; +Infinity for none.
 * A machine's deadline may fall within a millisecond (the retention machine's mean gap times a
 * factor: 50 days / 7 * 2), but times are whole milliseconds (`asOf`, `advanceTo`, event
 * times): a clock there would put a stage change at a time no projection can be asked about
 * (`project(log, { asOf: customer.stageEnteredAt })` threw "is not a time"). The clock comes at
 * the first whole millisecond at or after the deadline, where the machine's `>=` guard holds.
 */
export function wakeOf(compiled: CompiledLifecycle, state: LifecycleState): number {
  return Math.ceil(compiled.wakeAt(state) ?? Number.POSITIVE_INFINITY);
}

/** The in-place steps of the last lifecycle asked for (one lifecycle folds at a time, usually). */
let stepsOf: CompiledLifecycle | undefined;
let steps: InPlaceSteps | undefined;

function inPlaceOf(compiled: CompiledLifecycle): InPlaceSteps | undefined {
  if (compiled !== stepsOf) {
    steps = inPlaceStepsOf(compiled);
    stepsOf = compiled;
  }
  return steps;
}

/** Applies `event` to the fold's state (in place where owned): true when the state changed. */
function step(compiled: CompiledLifecycle, fold: CustomerFold, event: LifecycleEvent): boolean {
  try {
    return stepMachines(compiled, fold, event);
  } catch (error) {
    throw machineFailed(fold.customerId, event, error);
  }
}

function stepMachines(
  compiled: CompiledLifecycle,
  fold: CustomerFold,
  event: LifecycleEvent,
): boolean {
  const steps = inPlaceOf(compiled);
  if (steps !== undefined) {
    if (!steps.apply(fold, event)) return false;
  } else {
    const next = compiled.transition(fold, event);
    if (next === fold) return false;
    restoreState(compiled, fold, next);
    return true;
  }
  fold.wake = wakeOf(compiled, fold);
  return true;
}

function enterStage(
  compiled: CompiledLifecycle,
  fold: CustomerFold,
  event: LifecycleEvent,
): boolean {
  const stage = stageAfter(compiled, fold, event);
  const at = event.at;
  if (stage === fold.stage) return false;
  fold.stage = stage;
  fold.history = appendEntry(fold.history, stage, at);
  return true;
}

/** The lifecycle's `stageOf` after `event`, its failure named as a machine's is. */
function stageAfter(
  compiled: CompiledLifecycle,
  fold: CustomerFold,
  event: LifecycleEvent,
): string {
  try {
    return compiled.stageOf(fold);
  } catch (error) {
    throw machineFailed(fold.customerId, event, error);
  }
}

/** A new, exactly sized history: the old one may be shared with a copy of the fold. */
function appendEntry(
  history: readonly (string | number)[],
  stage: string,
  at: number,
): (string | number)[] {
  const length = history.length;
  const next: (string | number)[] = new Array(length + 2);
  for (let index = 0; index < length; index++) next[index] = history[index] as string | number;
  next[length] = stage;
  next[length + 1] = at;
  return next;
}
