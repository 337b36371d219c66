/**
 * The machine compiler: an XState v5 machine turned into a transition table that replays it
 * without XState's per-event interpretation, with the same results (test/machines/differential).
 *
 * In two steps. `analyzeMachine` walks the machine once per lifecycle definition, checks that it
 * uses only what the table reproduces exactly, and prepares its guards (`compileGuard`) and
 * assigns (`compileAction`, with `assignInPlace` and `mergeContext`). `compileMachine` binds the
 * machine's input and builds, per event type and state, the transitions XState would consider
 * (`transitionsFor`) and the actions and target of each (`planTransition`, the SCXML microstep).
 */
import { initialTransition } from 'xstate';
import { formatStateValue } from '../formatStateValue.js';
import { LifecycleDefinitionError } from '../LifecycleDefinitionError.js';
import type { MachineState } from '../LifecycleState.js';
import type { Leaf, MachineStructure } from './analyzeMachine.js';
import type { Action, InPlaceAction } from './compileAction.js';
import type { Guard } from './compileGuard.js';
import { noCopier } from './mergeContext.js';
import { planTransition } from './planTransition.js';
import { shapeCopier } from './shapeCopier.js';
import { matchesDescriptor, transitionsFor } from './transitionsFor.js';
import type { AnyEvent, NodeLike } from './xstateNodes.js';

/**
 * A machine state whose context (the top-level object) belongs to one fold alone, so that
 * assigns may write into it instead of copying it. Internal to the batch and live projections.
 */
export interface OwnedMachineState {
  value: string;
  context: unknown;
}

/** One transition as the compiled table holds it, from one leaf state. */
interface Candidate {
  readonly guard: Guard | undefined;
  /** Exit, transition and entry actions in XState's order, or undefined when there are none. */
  readonly actions: readonly Action[] | undefined;
  /** The same actions, writing into an owned context. */
  readonly inPlace: readonly InPlaceAction[] | undefined;
  /** The leaf state the machine is in afterwards. */
  readonly target: Leaf;
}

/** One machine's step for events of one type: the next state, the SAME object when nothing changed. */
export type MachineStep = (state: MachineState, event: AnyEvent) => MachineState;

/**
 * {@link MachineStep} on an owned state, changed in place (value, and the context's keys):
 * true when the value or a context value changed.
 */
export type MachineStepInPlace = (state: OwnedMachineState, event: AnyEvent) => boolean;

/**
 * A machine compiled to a transition table: the same states, guards and assign actions, called
 * without XState's per-event interpretation.
 */
export interface CompiledMachine {
  readonly id: string;
  readonly initial: MachineState;
  /** The leaf values of the machine, in document order. */
  readonly values: readonly string[];
  /**
   * The step for events of `eventType`, or undefined when no state of the machine has a
   * transition for it (the machine ignores such events). The same function on every call.
   */
  stepFor(eventType: string): MachineStep | undefined;
  /** {@link CompiledMachine.stepFor} for owned states: the same table, assigns written in place. */
  stepInPlaceFor(eventType: string): MachineStepInPlace | undefined;
}

/**
 * Binds `input` and returns the compiled machine. The initial state comes from XState itself
 * (`initialTransition`), so context factories and initial entry actions behave exactly as in XState.
 */
export function compileMachine(
  structure: MachineStructure,
  id: string,
  input: unknown,
  lifecycle: string,
): CompiledMachine {
  const { machine, leaves, compileGuard, compileAction } = structure;
  const [snapshot] = initialTransition(machine, input);
  if (snapshot.status === 'error') {
    throw new LifecycleDefinitionError(
      `compileLifecycle: lifecycle "${lifecycle}", machine "${id}": the initial state could not be computed (${String((snapshot.error as Error | undefined)?.message ?? snapshot.error)}). Check the machine's input.`,
      { lifecycle, machineId: id },
      { cause: snapshot.error },
    );
  }
  const spawned = Object.keys(snapshot.children);
  if (spawned.length > 0) {
    // Only a context factory can have spawned them (invoke and spawnChild are refused): the
    // replay would carry actor references that nothing runs.
    throw new LifecycleDefinitionError(
      `compileLifecycle: lifecycle "${lifecycle}", machine "${id}": the initial context spawns actors (${spawned.join(', ')}); lifecycle machines are replayed without actors: keep what they would track in the context.`,
      { lifecycle, machineId: id },
    );
  }
  const initial: MachineState = {
    value: formatStateValue(snapshot.value as never),
    context: snapshot.context,
  };

  // Every context this machine produces is a copy of the initial one plus assigned keys; a
  // copier generated for the initial shape makes those copies cheap (see shapeCopier).
  const copy =
    typeof initial.context === 'object' && initial.context !== null
      ? shapeCopier(Object.keys(initial.context))
      : noCopier;
  const leafOf = (node: NodeLike): Leaf => leaves.get(node.path.join('.'))!;
  const candidatesOf = (leaf: Leaf, eventType: string): readonly Candidate[] => {
    const list: Candidate[] = [];
    for (let node: NodeLike | undefined = leaf.node; node; node = node.parent) {
      for (const transition of transitionsFor(node, eventType)) {
        const where = `on "${eventType}" in state "${node.path.join('.') || '(root)'}"`;
        const plan = planTransition(leaf.node, transition);
        const actions = plan.actions.map((action) => compileAction(action, where, copy));
        list.push({
          guard: transition.guard === undefined ? undefined : compileGuard(transition.guard, where),
          actions: actions.length === 0 ? undefined : actions.map((action) => action.pure),
          inPlace: actions.length === 0 ? undefined : actions.map((action) => action.inPlace),
          target: leafOf(plan.leaf),
        });
      }
    }
    return list;
  };

  const fail = (value: unknown): never => {
    throw new LifecycleDefinitionError(
      `transition: machine "${id}" of lifecycle "${lifecycle}" has no state "${String(value)}"; the state was not produced by this lifecycle (states: ${[...leaves.keys()].join(', ')}).`,
      { lifecycle, machineId: id },
    );
  };

  /** Per event type, a table from a state's value to its candidates (filled on first use). */
  const tables = new Map<string, (value: string) => readonly Candidate[]>();
  const tableFor = (type: string): ((value: string) => readonly Candidate[]) => {
    let lookup = tables.get(type);
    if (lookup === undefined) {
      const table = new Map<string, readonly Candidate[]>();
      const resolve = (value: string): readonly Candidate[] => {
        const leaf = leaves.get(value) ?? fail(value);
        const candidates = candidatesOf(leaf, type);
        table.set(value, candidates);
        return candidates;
      };
      lookup = (value) => table.get(value) ?? resolve(value);
      tables.set(type, lookup);
    }
    return lookup;
  };

  /**
   * {@link tableFor} that remembers its last answer: a customer's events come one after the
   * other, mostly in one state, so the table is looked up only when the state changed.
   */
  const cachedTableFor = (type: string): ((value: string) => readonly Candidate[]) => {
    const lookup = tableFor(type);
    let lastValue: string | undefined;
    let lastCandidates: readonly Candidate[] = [];
    return (value) => {
      if (value !== lastValue) {
        lastCandidates = lookup(value);
        lastValue = value;
      }
      return lastCandidates;
    };
  };

  const makeStep = (type: string): MachineStep => {
    const candidatesFor = cachedTableFor(type);
    return (state, event) => {
      const value = state.value;
      const candidates = candidatesFor(value);
      const context = state.context;
      for (let i = 0; i < candidates.length; i++) {
        const candidate = candidates[i]!;
        if (candidate.guard !== undefined && !candidate.guard(context, event)) continue;
        let next = context;
        const actions = candidate.actions;
        if (actions !== undefined) {
          for (let j = 0; j < actions.length; j++) next = actions[j]!(next, event);
        }
        const target = candidate.target.value;
        if (next === context && target === value) return state;
        return { value: target, context: next };
      }
      return state;
    };
  };

  const makeStepInPlace = (type: string): MachineStepInPlace => {
    const candidatesFor = cachedTableFor(type);
    return (state, event) => {
      const value = state.value;
      const candidates = candidatesFor(value);
      for (let i = 0; i < candidates.length; i++) {
        const candidate = candidates[i]!;
        if (candidate.guard !== undefined && !candidate.guard(state.context, event)) continue;
        let changed = false;
        const actions = candidate.inPlace;
        if (actions !== undefined) {
          for (let j = 0; j < actions.length; j++) changed = actions[j]!(state, event) || changed;
        }
        const target = candidate.target.value;
        if (target === value) return changed;
        state.value = target;
        return true;
      }
      return false;
    };
  };

  const handles = (eventType: string): boolean =>
    structure.descriptors.some((descriptor) => matchesDescriptor(eventType, descriptor));
  /** `make(type)` once per event type the machine handles; undefined for the others. */
  const perHandledType = <T>(make: (type: string) => T): ((eventType: string) => T | undefined) => {
    const made = new Map<string, T | undefined>();
    return (eventType) => {
      if (made.has(eventType)) return made.get(eventType);
      const value = handles(eventType) ? make(eventType) : undefined;
      made.set(eventType, value);
      return value;
    };
  };
  const stepFor = perHandledType(makeStep);
  const stepInPlaceFor = perHandledType(makeStepInPlace);

  return { id, initial, values: [...leaves.keys()], stepFor, stepInPlaceFor };
}
