import { describeValue } from '../errors/describeValue.js';
import { unknownOption } from '../errors/unknownOption.js';
import {
  compileMachine,
  type MachineStep,
  type MachineStepInPlace,
  type OwnedMachineState,
} from './compile/compileMachine.js';
import { type ShapeCopier, shapeCopier } from './compile/shapeCopier.js';
import { checkDefinition, type LifecycleDefinition, structuresOf } from './defineLifecycle.js';
import { compileEarliestContextWakeAt, earliestContextWakeAt } from './earliestContextWakeAt.js';
import { LifecycleDefinitionError } from './LifecycleDefinitionError.js';
import type { LifecycleEvent } from './LifecycleEvent.js';
import type { LifecycleState, MachineState } from './LifecycleState.js';

export type { ClockEvent, LifecycleEvent } from './LifecycleEvent.js';
export type { LifecycleState, MachineState } from './LifecycleState.js';

/** Options of {@link compileLifecycle}. */
export interface CompileLifecycleOptions {
  /**
   * Input of each machine by machine id, e.g. `{ retention: { expectedGapDays: 30 } }`.
   * Default: no input (each machine's defaults).
   */
  readonly input?: Readonly<Record<string, unknown>>;
}

/**
 * A lifecycle compiled to transition tables: the projection's fast, pure reducer. It gives the
 * same states and contexts as running the definition's XState machines.
 */
export interface CompiledLifecycle {
  readonly definition: LifecycleDefinition;
  readonly machineIds: readonly string[];
  readonly stages: readonly string[];
  /** The stages a customer grows through, in order: the definition's `funnel`, else `stages`. */
  readonly funnel: readonly string[];
  /** Every machine at its initial state (inputs bound at compile time); the same object each call. */
  initial(): LifecycleState;
  /** The state after `event`; pure, and the SAME object when nothing changed. */
  transition(state: LifecycleState, event: LifecycleEvent): LifecycleState;
  /** The headline stage of a customer in `state`. */
  stageOf(state: LifecycleState): string;
  /** The earliest time a clock event may change `state`, or undefined when none can. */
  wakeAt(state: LifecycleState): number | undefined;
}

/**
 * Compiles a lifecycle's machines once into transition tables (states, guards and assign actions
 * taken from the XState machines themselves) and binds the machines' input. Contexts are copied
 * by small functions generated once per context shape (`new Function`); where code generation is
 * not allowed (a Content-Security-Policy without `unsafe-eval`) the same results come from
 * plain object spreads, only slower.
 *
 * A clock event moves each machine at most one step; to bring a customer up to a time `t`,
 * send `{ type: 'clock', at: wakeAt(state) }` while `wakeAt(state) <= t`, then a clock at `t`.
 *
 * @example
 * ```ts
 * const lifecycle = compileLifecycle(defaultLifecycle, { input: { retention: { expectedGapDays: 30 } } });
 * let state = lifecycle.initial();
 * for (const event of events) state = lifecycle.transition(state, event);
 * lifecycle.stageOf(state); // e.g. 'repeat'
 * ```
 */
export function compileLifecycle(
  definition: LifecycleDefinition,
  options: CompileLifecycleOptions = {},
): CompiledLifecycle {
  checkDefinition('compileLifecycle: definition', definition);
  const unknown = unknownOption('compileLifecycle', options, ['input']);
  if (unknown !== undefined) {
    throw new LifecycleDefinitionError(unknown, { lifecycle: definition.name });
  }
  const structures = structuresOf(definition);
  const machineIds = Object.keys(definition.machines);
  const input = options.input ?? {};
  for (const id of Object.keys(input)) {
    if (!structures.has(id)) {
      throw new LifecycleDefinitionError(
        `compileLifecycle: options.input.${id} names no machine of lifecycle "${definition.name}" (machines: ${machineIds.join(', ')}).`,
        { lifecycle: definition.name },
      );
    }
  }
  const machines = machineIds.map((id) =>
    compileMachine(structures.get(id)!, id, input[id], definition.name),
  );
  // Built key by key and not frozen, so that every later record (a clone of it) shares its shape.
  const initialMachines: Record<string, MachineState> = {};
  for (const machine of machines) initialMachines[machine.id] = machine.initial;
  const initialState: LifecycleState = { machines: initialMachines };
  // Records of this lifecycle's machines are copied by one generated literal (see shapeCopier).
  const copyRecord = shapeCopier(machineIds);
  const clone = (record: Readonly<Record<string, MachineState>>): Record<string, MachineState> =>
    (copyRecord(record) as Record<string, MachineState> | undefined) ?? { ...record };

  // A context is copied by its machine's copier when a fold takes it over.
  const copiers = machines.map((machine) =>
    isPlainObject(machine.initial.context)
      ? shapeCopier(Object.keys(machine.initial.context))
      : undefined,
  );

  /** Per event type, the machines that handle it and their steps for it (built on first use). */
  interface Dispatch {
    readonly ids: readonly string[];
    readonly steps: readonly MachineStep[];
    readonly inPlace: readonly MachineStepInPlace[];
    /** Each machine's bit in {@link FoldingState.owned} (0: never owned, always stepped purely). */
    readonly bits: readonly number[];
    readonly copiers: readonly (ShapeCopier | undefined)[];
  }
  const byType = new Map<string, Dispatch>();
  const dispatchFor = (type: string): Dispatch => {
    const ids: string[] = [];
    const steps: MachineStep[] = [];
    const inPlace: MachineStepInPlace[] = [];
    const bits: number[] = [];
    const copiersFor: (ShapeCopier | undefined)[] = [];
    machines.forEach((machine, index) => {
      const step = machine.stepFor(type);
      if (step !== undefined) {
        ids.push(machine.id);
        steps.push(step);
        inPlace.push(machine.stepInPlaceFor(type)!);
        bits.push(index < MAX_OWNED_MACHINES ? 2 << index : 0);
        copiersFor.push(copiers[index]);
      }
    });
    const dispatch = { ids, steps, inPlace, bits, copiers: copiersFor };
    byType.set(type, dispatch);
    return dispatch;
  };
  const missing = (id: string): never => {
    throw new LifecycleDefinitionError(
      `transition: the state has no machine "${id}"; it was not produced by lifecycle "${definition.name}" (use its initial()).`,
      { lifecycle: definition.name, machineId: id },
    );
  };

  const transition = (state: LifecycleState, event: LifecycleEvent): LifecycleState => {
    const { ids, steps } = byType.get(event.type) ?? dispatchFor(event.type);
    const current = state.machines;
    let next: Record<string, MachineState> | undefined;
    for (let i = 0; i < steps.length; i++) {
      const id = ids[i]!;
      const before = current[id] ?? missing(id);
      const after = steps[i]!(before, event);
      if (after !== before) {
        if (next === undefined) next = clone(current);
        next[id] = after;
      }
    }
    return next === undefined ? state : { machines: next };
  };

  const definedWakeAt = definition.wakeAt;
  const wakeAt =
    definedWakeAt === earliestContextWakeAt
      ? compileEarliestContextWakeAt(machineIds)
      : (state: LifecycleState) => checkWakeAt(definition.name, definedWakeAt(state));

  /**
   * `after` (a new state from a machine's pure step) as the folding state's own, or undefined
   * when its context is not a plain object (that machine then keeps being stepped purely).
   */
  const ownState = (
    after: MachineState,
    before: MachineState,
    copy: ShapeCopier | undefined,
  ): OwnedMachineState | undefined => {
    const context = after.context;
    if (!isPlainObject(context)) return undefined;
    // A new context is the step's own copy; one that only changed value still shares it.
    if (context !== before.context) return after as OwnedMachineState;
    return { value: after.value, context: copy?.(context) ?? { ...context } };
  };
  const apply = (target: FoldingState, event: LifecycleEvent): boolean => {
    const {
      ids,
      steps,
      inPlace,
      bits,
      copiers: copy,
    } = byType.get(event.type) ?? dispatchFor(event.type);
    let record = target.machines;
    let owned = target.owned;
    let changed = false;
    for (let i = 0; i < steps.length; i++) {
      const id = ids[i]!;
      const bit = bits[i]!;
      const before = record[id] ?? missing(id);
      if ((owned & bit) !== 0) {
        if (inPlace[i]!(before as OwnedMachineState, event)) changed = true;
        continue;
      }
      const after = steps[i]!(before, event);
      if (after === before) continue;
      changed = true;
      if ((owned & RECORD_OWNED) === 0) {
        record = clone(record);
        target.machines = record;
        owned |= RECORD_OWNED;
      }
      const own = bit === 0 ? undefined : ownState(after, before, copy[i]);
      record[id] = own ?? after;
      if (own !== undefined) owned |= bit;
    }
    target.owned = owned;
    return changed;
  };

  const compiled: CompiledLifecycle = Object.freeze({
    definition,
    machineIds: Object.freeze(machineIds),
    stages: definition.stages,
    funnel: definition.funnel ?? definition.stages,
    initial: () => initialState,
    transition,
    stageOf: (state: LifecycleState) => definition.stageOf(state),
    wakeAt,
  });
  inPlaceSteps.set(compiled, { apply });
  return compiled;
}

/**
 * A lifecycle state being folded, with which of its parts belong to the folder alone (those are
 * changed in place): a fold shares the initial (or a published) state and takes a copy of a
 * part only when an event changes it, so that a customer whose machines never move holds no
 * copies of their states.
 */
export interface FoldingState {
  machines: Record<string, MachineState>;
  /**
   * Bit 0 ({@link RECORD_OWNED}): the machines record is the folder's own; bit `i + 1`: the
   * state of machine `i` (in `machineIds` order) and its top-level context are. 0 for a state
   * that is shared (just started, or handed out: a result, a snapshot, a copy of a fold).
   */
  owned: number;
}

/** {@link FoldingState.owned}: the machines record is the folder's own. */
export const RECORD_OWNED = 1;
/** Machines past this index are never owned (their bit would leave the small-integer range). */
const MAX_OWNED_MACHINES = 29;

/**
 * The in-place steps of a compiled lifecycle: a projection that folds a customer's events keeps
 * one state per customer, copies a part of it when an event first changes that part, and lets
 * the assigns write into its own parts, rather than allocating new contexts and states per event
 * that outlive the young generation. Internal to the projection; the results are those of
 * `transition` (the differential tests run both).
 */
export interface InPlaceSteps {
  /**
   * `transition` applied to a folding state: parts it owns are changed in place, a part an
   * event changes is first copied (record, machine state, top-level context; nested values are
   * shared: assigns replace them, never change them) and owned from then on. True when any
   * machine's value or context changed. Nothing else may hold the parts the state owns.
   */
  apply(target: FoldingState, event: LifecycleEvent): boolean;
}

const inPlaceSteps = new WeakMap<CompiledLifecycle, InPlaceSteps>();

/** The {@link InPlaceSteps} of a lifecycle compiled by {@link compileLifecycle}, or undefined. */
export function inPlaceStepsOf(compiled: CompiledLifecycle): InPlaceSteps | undefined {
  return inPlaceSteps.get(compiled);
}

/**
 * A defined `wakeAt`'s answer, refused when it is not a time: the clock of a Date, a string or
 * NaN would never come (comparisons with it are false), and nothing would say so.
 */
function checkWakeAt(lifecycle: string, wakeAt: unknown): number | undefined {
  if (wakeAt === undefined || wakeAt === null) return undefined;
  if (typeof wakeAt === 'number' && !Number.isNaN(wakeAt) && wakeAt !== Number.NEGATIVE_INFINITY) {
    return wakeAt;
  }
  throw new LifecycleDefinitionError(
    `wakeAt: lifecycle "${lifecycle}" returned ${describeValue(wakeAt)}; a wake-up time is a time in epoch milliseconds (a number; from a Date, date.getTime()), or undefined for none.`,
    { lifecycle },
  );
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return (
    typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype
  );
}
