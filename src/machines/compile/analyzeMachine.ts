import type { AnyStateMachine } from 'xstate';
import { LifecycleDefinitionError } from '../LifecycleDefinitionError.js';
import { type Action, actionCompiler, type InPlaceAction } from './compileAction.js';
import { type Guard, guardCompiler } from './compileGuard.js';
import type { ShapeCopier } from './shapeCopier.js';
import type { NodeLike } from './xstateNodes.js';

/** A machine's guard and action implementations, as `setup({ guards, actions })` gave them. */
export interface MachineImplementations {
  readonly guards: Readonly<Record<string, unknown>>;
  readonly actions: Readonly<Record<string, unknown>>;
}

/** A leaf (atomic) state of a machine: its dotted value and its node. */
export interface Leaf {
  readonly value: string;
  readonly node: NodeLike;
}

/** The analysed structure of a machine, independent of its input. */
export interface MachineStructure {
  readonly machine: AnyStateMachine;
  readonly leaves: ReadonlyMap<string, Leaf>;
  readonly descriptors: readonly string[];
  readonly compileGuard: (guard: unknown, where: string) => Guard;
  /**
   * Compiles an action, as a copy-on-write step (its context copies go through `copy`, the
   * context's shape) and as a step that writes into an owned context.
   */
  readonly compileAction: (
    action: unknown,
    where: string,
    copy?: ShapeCopier,
  ) => { readonly pure: Action; readonly inPlace: InPlaceAction };
}

/**
 * Walks `machine`'s state nodes, checks that every feature it uses is one the compiled path
 * reproduces exactly, and prepares the transition table. Throws {@link LifecycleDefinitionError}
 * naming the state node and the feature otherwise.
 */
export function analyzeMachine(
  machine: AnyStateMachine,
  lifecycle: string,
  machineId: string,
): MachineStructure {
  const fail = (message: string): never => {
    throw new LifecycleDefinitionError(
      `defineLifecycle: lifecycle "${lifecycle}", machine "${machineId}": ${message}`,
      { lifecycle, machineId },
    );
  };
  // What a replay finds only when it runs the machine's own functions (an assign calling spawn).
  const refuse = (message: string): never => {
    throw new LifecycleDefinitionError(
      `transition: lifecycle "${lifecycle}", machine "${machineId}": ${message}`,
      { lifecycle, machineId },
    );
  };
  const implementations = machine.implementations as MachineImplementations;
  const compileGuard = guardCompiler(implementations, fail);
  const compileAction = actionCompiler(implementations, fail, refuse);

  const root = machine.root as unknown as NodeLike;
  const leaves = new Map<string, Leaf>();
  const descriptors = new Set<string>();
  const visit = (node: NodeLike): void => {
    const where = `state "${node.path.join('.') || '(root)'}"`;
    const key = node.path[node.path.length - 1];
    // Values are dotted paths: "a.b" would be read as (and, beside a state a with a child b,
    // replayed as) the nested state a.b.
    if (key?.includes('.')) {
      fail(
        `${where} has a "." in its name ("${key}"), which tenure reads as nested states (values are dotted paths such as "lead.open"); rename it, e.g. "${key.replaceAll('.', '_')}".`,
      );
    }
    if (node.type === 'parallel') {
      fail(
        `${where} is a parallel state; only atomic and compound states are supported: make each region (${Object.keys(node.states).join(', ')}) a machine of its own, the lifecycle's machines run side by side.`,
      );
    }
    if (node.type === 'history') {
      fail(
        `${where} is a history state; only atomic and compound states are supported: keep the state to return to in the context and go back to it with guarded transitions.`,
      );
    }
    if (node.type === 'final') {
      fail(
        `${where} is a final state; only atomic and compound states are supported: make it a state without transitions (a machine never stops in a replay).`,
      );
    }
    if (node.invoke.length > 0)
      fail(`${where} invokes an actor; remove invoke (machines are pure).`);
    if (node.after.length > 0 || node.config.after !== undefined) {
      fail(
        `${where} uses an "after" timer; machines read time only from events: handle a { type: 'clock', at } event with a guard on the time instead.`,
      );
    }
    if ((node.always?.length ?? 0) > 0) {
      fail(
        `${where} has eventless ("always") transitions, which are not supported: give their guards and targets to the transitions that enter it, or to the events that change what they test.`,
      );
    }
    if (node.config.onDone !== undefined) {
      fail(
        `${where} has onDone, which is not supported (nor are final states): target the next state from the transition that completes it.`,
      );
    }
    for (const action of node.entry) compileAction(action, `on entry to ${where}`);
    for (const action of node.exit) compileAction(action, `on exit from ${where}`);
    for (const action of node.initial?.actions ?? []) compileAction(action, `initial of ${where}`);
    for (const [descriptor, transitions] of node.transitions) {
      descriptors.add(descriptor);
      for (const transition of transitions) {
        const on = `on "${descriptor}" in ${where}`;
        if ((transition.target?.length ?? 0) > 1) {
          fail(
            `the transition ${on} has several targets (states of parallel regions, which are not supported); give it one target.`,
          );
        }
        if (transition.target?.[0] === root) {
          const start = root.initial?.target[0];
          fail(
            `the transition ${on} targets the root, which is not supported; target the state to start over in instead${start === undefined ? '' : ` (e.g. "#${start.id}")`}.`,
          );
        }
        if (transition.guard !== undefined) compileGuard(transition.guard, on);
        for (const action of transition.actions) compileAction(action, on);
      }
    }
    const children = Object.values(node.states);
    if (children.length === 0) {
      const value = node.path.join('.');
      leaves.set(value, { value, node });
    }
    children.forEach(visit);
  };
  visit(root);
  return { machine, leaves, descriptors: [...descriptors], compileGuard, compileAction };
}
