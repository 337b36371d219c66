import { type AnyStateMachine, and, initialTransition, not, or, stateIn } from 'xstate';
import { assignInPlace } from './assignInPlace.js';
import { formatStateValue } from './formatStateValue.js';
import { LifecycleDefinitionError } from './LifecycleDefinitionError.js';
import type { MachineState } from './LifecycleState.js';
import { type ShapeCopier, shapeCopier } from './shapeCopier.js';

/** The parts of an XState v5 StateNode the compiler reads (XState's own runtime objects). */
interface NodeLike {
  readonly id: string;
  readonly path: readonly string[];
  readonly type: string;
  readonly parent?: NodeLike;
  readonly states: Readonly<Record<string, NodeLike>>;
  readonly entry: readonly unknown[];
  readonly exit: readonly unknown[];
  readonly transitions: ReadonlyMap<string, readonly TransitionLike[]>;
  readonly always?: readonly unknown[];
  readonly after: readonly unknown[];
  readonly invoke: readonly unknown[];
  readonly initial?: { readonly target: readonly NodeLike[]; readonly actions: readonly unknown[] };
  readonly order: number;
  readonly config: Readonly<Record<string, unknown>>;
}

interface TransitionLike {
  readonly source: NodeLike;
  readonly target?: readonly NodeLike[];
  readonly reenter: boolean;
  readonly guard?: unknown;
  readonly actions: readonly unknown[];
}

type Guard = (context: unknown, event: AnyEvent) => boolean;
type Action = (context: unknown, event: AnyEvent) => unknown;
/** An assign applied to a context the caller owns: written in place; true when a value changed. */
type InPlaceAction = (state: OwnedMachineState, event: AnyEvent) => boolean;
type AnyEvent = { readonly type: string };

/**
 * The argument objects a compiled guard or assign hands to the machine's functions. XState
 * builds one per call; the compiled path fills one object per guard and per action instead
 * (emptied after the call), since the functions read it and return, and a replay would
 * otherwise allocate several per event (the largest part of its garbage). A lifecycle's
 * functions must not keep the object itself (they are pure functions of its values).
 */
interface GuardArgs {
  context: unknown;
  event: unknown;
}

interface AssignArgs extends GuardArgs {
  readonly spawn: () => never;
  readonly self: undefined;
  readonly system: undefined;
}

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

interface Leaf {
  readonly value: string;
  readonly node: NodeLike;
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

const andCheck = (and([]) as unknown as { check: unknown }).check;
const orCheck = (or([]) as unknown as { check: unknown }).check;
const notCheck = (not(() => true) as unknown as { check: unknown }).check;
const stateInCheck = (stateIn('x') as unknown as { check: unknown }).check;

function spawnUnsupported(): never {
  throw new Error('spawn is not supported in tenure lifecycle machines');
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
  const implementations = machine.implementations as {
    guards: Record<string, unknown>;
    actions: Record<string, unknown>;
  };

  const compileGuard = (guard: unknown, where: string): Guard => {
    const isInline = typeof guard === 'function';
    const name =
      typeof guard === 'string' ? guard : isInline ? undefined : (guard as { type?: string }).type;
    const resolved = isInline
      ? guard
      : name === undefined
        ? undefined
        : implementations.guards[name];
    if (resolved === undefined) {
      return fail(
        `guard "${String(name)}" used ${where} is not implemented; add it to setup({ guards }).`,
      );
    }
    if (typeof resolved !== 'function') return compileGuard(resolved, where);
    const builtin = resolved as { check?: unknown; guards?: readonly unknown[] };
    if (builtin.check !== undefined) {
      if (builtin.check === stateInCheck) {
        return fail(
          `stateIn() guards (${where}) are not supported; read the machine's own context instead.`,
        );
      }
      const parts = (builtin.guards ?? []).map((part) => compileGuard(part, where));
      if (builtin.check === andCheck) return (c, e) => parts.every((part) => part(c, e));
      if (builtin.check === orCheck) return (c, e) => parts.some((part) => part(c, e));
      if (builtin.check === notCheck) {
        const [inner] = parts;
        return (c, e) => !inner!(c, e);
      }
      return fail(
        `the built-in guard used ${where} is not supported; use and(), or(), not() or a function.`,
      );
    }
    const fn = resolved as (args: GuardArgs, params: unknown) => boolean;
    const params =
      isInline || typeof guard === 'string' ? undefined : (guard as { params?: unknown }).params;
    const args: GuardArgs = { context: undefined, event: undefined };
    const dynamic = typeof params === 'function';
    return (context, event) => {
      args.context = context;
      args.event = event;
      const result = fn(args, dynamic ? params(args) : params);
      args.context = undefined;
      args.event = undefined;
      return result;
    };
  };

  const compileAction = (
    action: unknown,
    where: string,
    copy = noCopier,
  ): { pure: Action; inPlace: InPlaceAction } => {
    const isInline = typeof action === 'function';
    const name =
      typeof action === 'string'
        ? action
        : isInline
          ? undefined
          : (action as { type?: string } | null)?.type;
    const resolved = isInline
      ? action
      : name === undefined
        ? undefined
        : implementations.actions[name];
    const assign = resolved as { type?: string; assignment?: unknown } | undefined;
    if (typeof resolved !== 'function' || assign?.type !== 'xstate.assign') {
      const label = name ?? (action as { name?: string }).name ?? '(anonymous)';
      return fail(
        `action "${label}" (${where}) is not an assign() action. Lifecycle machines must be pure: only assign() is supported (no side effects, raise, sendTo, spawn or log); move side effects out of the machine.`,
      );
    }
    const params =
      isInline || typeof action === 'string' ? undefined : (action as { params?: unknown }).params;
    const assignment = assign.assignment;
    const args: AssignArgs = {
      context: undefined,
      event: undefined,
      spawn: spawnUnsupported,
      self: undefined,
      system: undefined,
    };
    const resolveParams =
      typeof params === 'function'
        ? (context: unknown, event: AnyEvent) => params({ context, event })
        : undefined;
    if (typeof assignment === 'function') {
      const update = (context: unknown, event: AnyEvent): unknown => {
        const resolved = resolveParams === undefined ? params : resolveParams(context, event);
        args.context = context;
        args.event = event;
        const result = assignment(args, resolved);
        args.context = undefined;
        args.event = undefined;
        return result;
      };
      return {
        pure: (context, event) => mergeContext(context, update(context, event), copy),
        inPlace: (state, event) => mergeInPlace(state, update(state.context, event), copy),
      };
    }
    // assign({ key: value or (args, params) => value }): XState evaluates every property against
    // the same context into an update, then merges it (as the function form's update).
    const keys = Object.keys(assignment as Record<string, unknown>);
    const properties = keys.map((key) => (assignment as Record<string, unknown>)[key]);
    const update = (context: unknown, event: AnyEvent): Record<string, unknown> => {
      const resolved = resolveParams === undefined ? params : resolveParams(context, event);
      args.context = context;
      args.event = event;
      const values: Record<string, unknown> = {};
      for (let index = 0; index < keys.length; index++) {
        const property = properties[index];
        values[keys[index]!] = typeof property === 'function' ? property(args, resolved) : property;
      }
      args.context = undefined;
      args.event = undefined;
      return values;
    };
    const inPlace = assignInPlace(keys, properties, {
      args,
      params,
      resolveParams,
      holds,
      merge: (context, values) => mergeContext(context, values, copy),
    });
    return {
      pure: (context, event) => mergeContext(context, update(context, event), copy),
      inPlace:
        inPlace ?? ((state, event) => mergeInPlace(state, update(state.context, event), copy)),
    };
  };

  const leaves = new Map<string, Leaf>();
  const descriptors = new Set<string>();
  const visit = (node: NodeLike): void => {
    const where = `state "${node.path.join('.') || '(root)'}"`;
    if (node.type === 'parallel' || node.type === 'history' || node.type === 'final') {
      fail(`${where} is a ${node.type} state; only atomic and compound states are supported.`);
    }
    if (node.invoke.length > 0)
      fail(`${where} invokes an actor; remove invoke (machines are pure).`);
    if (node.after.length > 0 || node.config.after !== undefined) {
      fail(
        `${where} uses an "after" timer; machines read time only from events: handle a { type: 'clock', at } event with a guard on the time instead.`,
      );
    }
    if ((node.always?.length ?? 0) > 0) {
      fail(`${where} has eventless ("always") transitions, which are not supported.`);
    }
    if (node.config.onDone !== undefined) fail(`${where} has onDone, which is not supported.`);
    for (const action of node.entry) compileAction(action, `on entry to ${where}`);
    for (const action of node.exit) compileAction(action, `on exit from ${where}`);
    for (const action of node.initial?.actions ?? []) compileAction(action, `initial of ${where}`);
    for (const [descriptor, transitions] of node.transitions) {
      descriptors.add(descriptor);
      for (const transition of transitions) {
        const on = `on "${descriptor}" in ${where}`;
        if ((transition.target?.length ?? 0) > 1) fail(`the transition ${on} has several targets.`);
        if (transition.target?.[0] === (machine.root as unknown as NodeLike))
          fail(`the transition ${on} targets the root.`);
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
  visit(machine.root as unknown as NodeLike);
  return { machine, leaves, descriptors: [...descriptors], compileGuard, compileAction };
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

/** XState's `getCandidates`: exact descriptor first, then wildcards, longest first. */
function transitionsFor(node: NodeLike, eventType: string): readonly TransitionLike[] {
  const exact = node.transitions.get(eventType) ?? [];
  const wildcards = [...node.transitions.keys()]
    .filter((descriptor) => descriptor !== eventType && matchesDescriptor(eventType, descriptor))
    .sort((a, b) => b.length - a.length)
    .flatMap((descriptor) => node.transitions.get(descriptor) ?? []);
  return [...exact, ...wildcards];
}

/** XState's event descriptor matching: exact, `*`, or a `prefix.*` partial wildcard. */
function matchesDescriptor(eventType: string, descriptor: string): boolean {
  if (descriptor === eventType || descriptor === '*') return true;
  if (!descriptor.endsWith('.*')) return false;
  const partial = descriptor.split('.');
  const tokens = eventType.split('.');
  for (let index = 0; index < partial.length; index++) {
    if (partial[index] === '*') return index === partial.length - 1;
    if (partial[index] !== tokens[index]) return false;
  }
  return true;
}

/**
 * The SCXML microstep of XState v5 for one transition taken from `leaf` in a machine without
 * parallel or history states: the actions to run (exits deepest first, the transition's own,
 * entries outermost first with initial actions of default entries) and the resulting leaf.
 */
function planTransition(
  leaf: NodeLike,
  transition: TransitionLike,
): { actions: readonly unknown[]; leaf: NodeLike } {
  const target = transition.target?.[0];
  if (target === undefined) return { actions: transition.actions, leaf };
  const source = transition.source;
  const domain =
    !transition.reenter && (target === source || isDescendant(target, source))
      ? source
      : (leastCommonAncestor(target, source) ?? (transition.reenter ? undefined : rootOf(source)));

  const exits: NodeLike[] = [];
  if (transition.reenter && source === domain) exits.push(domain);
  for (let node: NodeLike | undefined = leaf; node; node = node.parent) {
    if (isDescendant(node, domain)) exits.push(node);
  }
  exits.sort((a, b) => b.order - a.order);

  const entries = new Set<NodeLike>();
  const defaultEntries = new Set<NodeLike>();
  if (source !== target || source !== domain || transition.reenter) {
    entries.add(target);
    defaultEntries.add(target);
  }
  let deepest = target;
  while (deepest.type === 'compound') {
    const child = deepest.initial!.target[0]!;
    entries.add(child);
    defaultEntries.add(child);
    deepest = child;
  }
  const reentrancyDomain = !source.parent && transition.reenter ? undefined : domain;
  for (let node = target.parent; node && node !== domain; node = node.parent) {
    if (!reentrancyDomain || isDescendant(node, reentrancyDomain)) entries.add(node);
  }
  const entered = [...entries].sort((a, b) => a.order - b.order);

  const actions = [
    ...exits.flatMap((node) => node.exit),
    ...transition.actions,
    ...entered.flatMap((node) => [
      ...node.entry,
      ...(defaultEntries.has(node) ? (node.initial?.actions ?? []) : []),
    ]),
  ];
  return { actions, leaf: deepest };
}

function isDescendant(node: NodeLike, ancestor: NodeLike | undefined): boolean {
  let marker = node;
  while (marker.parent && marker.parent !== ancestor) marker = marker.parent;
  return marker.parent === ancestor;
}

function rootOf(node: NodeLike): NodeLike {
  let root = node;
  while (root.parent) root = root.parent;
  return root;
}

function leastCommonAncestor(target: NodeLike, source: NodeLike): NodeLike | undefined {
  for (let node = target.parent; node; node = node.parent) {
    if (isDescendant(source, node)) return node;
  }
  return undefined;
}

const noCopier: ShapeCopier = () => undefined;

/**
 * XState's assign merges the update into a copy of the context (`Object.assign({}, context,
 * update)`). When the update changes no value the compiled path keeps the old object, so that
 * unchanged customers allocate nothing. The copy comes from the context's shape copier (an
 * object literal, about ten times cheaper than a spread), or a spread for any other shape.
 */
function mergeContext(context: unknown, update: unknown, copy: ShapeCopier): unknown {
  if (update === null || typeof update !== 'object' || update === context) return context;
  const current = context as Record<string, unknown>;
  const changes = update as Record<string, unknown>;
  let next: Record<string, unknown> | undefined;
  for (const key in changes) {
    const value = changes[key];
    if (next === undefined) {
      if (value === current[key] && (value !== undefined || key in current)) continue;
      next = copy(current) ?? { ...current };
    }
    next[key] = value;
  }
  return next ?? context;
}

/**
 * {@link mergeContext} into an owned context, in place: true when a value changed. An update
 * holding the context object itself (`assign({ previous: ({ context }) => context })`) would
 * see it change afterwards, so then the context is copied as XState copies it.
 */
function mergeInPlace(state: OwnedMachineState, update: unknown, copy: ShapeCopier): boolean {
  const context = state.context;
  if (update === null || typeof update !== 'object' || update === context) return false;
  const current = context as Record<string, unknown>;
  const changes = update as Record<string, unknown>;
  let changed = false;
  for (const key in changes) {
    const value = changes[key];
    if (value === current[key] && (value !== undefined || key in current)) continue;
    changed = true;
    if (holds(value, context, 0)) {
      state.context = mergeContext(context, update, copy);
      return true;
    }
  }
  if (!changed) return false;
  for (const key in changes) current[key] = changes[key];
  return true;
}

/** Nesting depth past which {@link holds} answers true (a copy is always correct). */
const MAX_DEPTH = 32;

/** True when `value` is `target` or contains it (arrays and objects, searched to a depth). */
function holds(value: unknown, target: unknown, depth: number): boolean {
  if (value === target) return true;
  if (typeof value !== 'object' || value === null) return false;
  if (depth === MAX_DEPTH) return true;
  if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index++) {
      const item = value[index];
      if (typeof item === 'object' && item !== null && holds(item, target, depth + 1)) return true;
    }
    return false;
  }
  for (const key in value) {
    const item = (value as Record<string, unknown>)[key];
    if (typeof item === 'object' && item !== null && holds(item, target, depth + 1)) return true;
  }
  return false;
}
