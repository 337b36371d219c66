import {
  compileMachine,
  type MachineStep,
  type MachineStepInPlace,
  type OwnedMachineState,
} from './compileMachine.js';
import { type LifecycleDefinition, structuresOf } from './defineLifecycle.js';
import { compileEarliestContextWakeAt, earliestContextWakeAt } from './earliestContextWakeAt.js';
import { LifecycleDefinitionError } from './LifecycleDefinitionError.js';
import type { LifecycleEvent } from './LifecycleEvent.js';
import type { LifecycleState, MachineState } from './LifecycleState.js';
import { shapeCopier } from './shapeCopier.js';

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

  /** Per event type, the machines that handle it and their steps for it (built on first use). */
  interface Dispatch {
    readonly ids: readonly string[];
    readonly steps: readonly MachineStep[];
    readonly inPlace: readonly MachineStepInPlace[];
  }
  const byType = new Map<string, Dispatch>();
  const dispatchFor = (type: string): Dispatch => {
    const ids: string[] = [];
    const steps: MachineStep[] = [];
    const inPlace: MachineStepInPlace[] = [];
    for (const machine of machines) {
      const step = machine.stepFor(type);
      if (step !== undefined) {
        ids.push(machine.id);
        steps.push(step);
        inPlace.push(machine.stepInPlaceFor(type)!);
      }
    }
    const dispatch = { ids, steps, inPlace };
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
      : (state: LifecycleState) => definedWakeAt(state);

  // Contexts are copied by their machine's copier when a fold takes ownership of them.
  const copiers = machines.map((machine) =>
    isPlainObject(machine.initial.context)
      ? shapeCopier(Object.keys(machine.initial.context))
      : undefined,
  );
  const own = (state: LifecycleState): LifecycleState | undefined => {
    const current = state.machines;
    const record = clone(current);
    for (let i = 0; i < machines.length; i++) {
      const id = machineIds[i]!;
      const machine = current[id];
      if (machine === undefined) continue;
      const context = machine.context;
      if (!isPlainObject(context)) return undefined;
      const copy = copiers[i];
      record[id] = { value: machine.value, context: copy?.(context) ?? { ...context } };
    }
    return { machines: record };
  };
  const apply = (state: LifecycleState, event: LifecycleEvent): boolean => {
    const { ids, inPlace } = byType.get(event.type) ?? dispatchFor(event.type);
    const current = state.machines;
    let changed = false;
    for (let i = 0; i < inPlace.length; i++) {
      const id = ids[i]!;
      const machine = (current[id] ?? missing(id)) as OwnedMachineState;
      if (inPlace[i]!(machine, event)) changed = true;
    }
    return changed;
  };

  const compiled: CompiledLifecycle = Object.freeze({
    definition,
    machineIds: Object.freeze(machineIds),
    stages: definition.stages,
    initial: () => initialState,
    transition,
    stageOf: (state: LifecycleState) => definition.stageOf(state),
    wakeAt,
  });
  inPlaceSteps.set(compiled, { own, apply });
  return compiled;
}

/**
 * The in-place steps of a compiled lifecycle: a projection that folds a customer's events keeps
 * one state of its own per customer and lets the assigns write into it, rather than allocating
 * new contexts and states per event that outlive the young generation. Internal to the
 * projection; the results are those of `transition` (the differential tests run both).
 */
export interface InPlaceSteps {
  /**
   * A copy of `state` that the caller owns alone: new state, machines record, machine states
   * and top-level contexts (nested values are shared: assigns replace them, never change them).
   * Undefined when a context is not a plain object (use `transition` then).
   */
  own(state: LifecycleState): LifecycleState | undefined;
  /**
   * `transition` applied to an owned state, in place: true when any machine's value or context
   * changed. Nothing else may hold the state's parts while it is owned.
   */
  apply(state: LifecycleState, event: LifecycleEvent): boolean;
}

const inPlaceSteps = new WeakMap<CompiledLifecycle, InPlaceSteps>();

/** The {@link InPlaceSteps} of a lifecycle compiled by {@link compileLifecycle}, or undefined. */
export function inPlaceStepsOf(compiled: CompiledLifecycle): InPlaceSteps | undefined {
  return inPlaceSteps.get(compiled);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return (
    typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype
  );
}
