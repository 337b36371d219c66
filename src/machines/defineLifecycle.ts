import type { AnyStateMachine } from 'xstate';
import { describeValue } from '../errors/describeValue.js';
import { unknownOption } from '../errors/unknownOption.js';
import { analyzeMachine, type MachineStructure } from './compile/analyzeMachine.js';
import { earliestContextWakeAt } from './earliestContextWakeAt.js';
import { LifecycleDefinitionError } from './LifecycleDefinitionError.js';
import type { LifecycleState } from './LifecycleState.js';

/**
 * What `defineLifecycle` takes: the machines of the lifecycle and how their states map to one
 * headline stage.
 *
 * @typeParam TStage - the stage names, inferred from `stages`.
 */
export interface DefineLifecycleOptions<TStage extends string = string> {
  /** A short name, used in error messages and reports, e.g. `'default'` or `'crm-cycle'`. */
  readonly name: string;
  /** One-line description for reports. Default: none. */
  readonly description?: string;
  /**
   * The version of the lifecycle's logic, an integer >= 1. It is part of what identifies the
   * lifecycle's projections: `lifecycle.resume` refuses a snapshot saved by another version
   * (`TENURE_SNAPSHOT_MISMATCH`), and projection workers a table another version wrote. Raise it
   * when a change to the machines or `stageOf` must not go on from state saved before it (the
   * projection is then rebuilt from the log); keep it for a change that may. Default: 1.
   */
  readonly version?: number;
  /**
   * The machines, by id. Each is an XState v5 machine (`setup({...}).createMachine(...)`) over
   * tenure events and `{ type: 'clock', at }`, with atomic and compound states, guards and
   * `assign` actions (no timers, invoke, parallel, history or final states, no "." in a state's
   * name). Contexts are plain objects of JSON data; assigns return new values for their keys
   * rather than changing the values they read.
   */
  readonly machines: Readonly<Record<string, AnyStateMachine>>;
  /** The headline stages in funnel order; `stageOf` returns one of them. */
  readonly stages: readonly TStage[];
  /**
   * The stages a customer grows through, in order: the steps `funnelConversion` measures when not
   * given its own. Leave out the stages a customer falls back to (at risk, churned, lost): a
   * "conversion" from advocate to at risk is no conversion. Default: every stage.
   */
  readonly funnel?: readonly TStage[];
  /**
   * The stages in which a customer counts as an active customer: acquired and not (yet) lost.
   * The portfolio views (attrition, cohort retention, replacement needs) count them;
   * `createLifecycle`'s `activeStages` overrides them. Default: none (the views then need them
   * passed).
   */
  readonly activeStages?: readonly TStage[];
  /**
   * The headline stage of a customer in `state`. Read the state, do not keep it: while it folds
   * a customer's events the projection updates one state object in place (a cache keyed by the
   * state object would go stale). A stage outside `stages` is refused when returned.
   */
  stageOf(state: LifecycleState): string;
  /**
   * The earliest time at which a clock event may change `state`, or undefined when none can.
   * Default: the smallest finite `context.wakeAt` over the machines. Like `stageOf`, read the
   * state without keeping it.
   */
  wakeAt?(state: LifecycleState): number | undefined;
}

const DEFINE_LIFECYCLE_OPTIONS: readonly (keyof DefineLifecycleOptions)[] = [
  'name',
  'description',
  'version',
  'machines',
  'stages',
  'funnel',
  'activeStages',
  'stageOf',
  'wakeAt',
];

/**
 * A lifecycle: XState machines as the single source of truth, plus a stage function. Compile it
 * with `compileLifecycle` to replay events fast.
 */
export interface LifecycleDefinition<TStage extends string = string> {
  readonly name: string;
  readonly description: string | undefined;
  /**
   * The version of its logic (see {@link DefineLifecycleOptions.version}). Always set by
   * `defineLifecycle`; a definition built by hand may leave it out (version 1).
   */
  readonly version?: number;
  readonly machines: Readonly<Record<string, AnyStateMachine>>;
  /** Ordered headline stages (funnel order). */
  readonly stages: readonly TStage[];
  /**
   * The stages a customer grows through, in order (see {@link DefineLifecycleOptions.funnel}).
   * Always set by `defineLifecycle`; a definition built by hand may leave it out (every stage).
   */
  readonly funnel?: readonly TStage[];
  /** The stages of an active customer (see {@link DefineLifecycleOptions.activeStages}). */
  readonly activeStages?: readonly TStage[];
  /** Headline stage of a customer; throws when the stage function returns an unknown stage. */
  stageOf(state: LifecycleState): TStage;
  /** Earliest time a clock event may change the state (see {@link DefineLifecycleOptions.wakeAt}). */
  wakeAt(state: LifecycleState): number | undefined;
}

const structures = new WeakMap<LifecycleDefinition, ReadonlyMap<string, MachineStructure>>();

/**
 * Defines a lifecycle from XState machines and a stage function. Every machine is checked once
 * here: a feature the compiled path could not reproduce exactly throws a
 * {@link LifecycleDefinitionError} naming the state and the fix, so the compiled replay never
 * silently diverges from XState. The built-in lifecycles are made with this function.
 *
 * @example
 * ```ts
 * import { assign, setup } from 'xstate';
 *
 * const trial = setup({
 *   types: { context: {} as { logins: number }, events: {} as LifecycleEvent },
 *   guards: { enough: ({ context }) => context.logins >= 2 },
 * }).createMachine({
 *   id: 'trial',
 *   context: { logins: 0 },
 *   initial: 'trialing',
 *   states: {
 *     trialing: {
 *       on: {
 *         'usage.login': [
 *           { guard: 'enough', target: 'activated' },
 *           { actions: assign({ logins: ({ context }) => context.logins + 1 }) },
 *         ],
 *       },
 *     },
 *     activated: {},
 *   },
 * });
 *
 * const lifecycle = defineLifecycle({
 *   name: 'trial',
 *   machines: { trial },
 *   stages: ['trial', 'activated'],
 *   stageOf: (state) => (state.machines.trial?.value === 'activated' ? 'activated' : 'trial'),
 * });
 * ```
 */
export function defineLifecycle<const TStage extends string>(
  options: DefineLifecycleOptions<TStage>,
): LifecycleDefinition<TStage> {
  const { name, machines, stages } = options;
  const fail = (message: string): never => {
    throw new LifecycleDefinitionError(`defineLifecycle: ${message}`, { lifecycle: name });
  };
  if (typeof name !== 'string' || name.length === 0) fail('`name` must be a non-empty string.');
  // { wakeat } ignored would wake customers at the machines' own times, not the caller's.
  const unknown = unknownOption('defineLifecycle', options, DEFINE_LIFECYCLE_OPTIONS);
  if (unknown !== undefined) throw new LifecycleDefinitionError(unknown, { lifecycle: name });
  const ids = Object.keys(machines ?? {});
  if (ids.length === 0) fail(`lifecycle "${name}" needs at least one machine in \`machines\`.`);
  if (!Array.isArray(stages) || stages.length === 0) {
    fail(`lifecycle "${name}" needs a non-empty \`stages\` array (the headline stages in order).`);
  }
  if (new Set(stages).size !== stages.length) {
    fail(`lifecycle "${name}" lists a stage twice in \`stages\`: ${stages.join(', ')}.`);
  }
  if (typeof options.stageOf !== 'function')
    fail(`lifecycle "${name}" needs a \`stageOf\` function.`);
  const funnel = options.funnel ?? stages;
  if (
    !Array.isArray(funnel) ||
    funnel.length === 0 ||
    new Set(funnel).size !== funnel.length ||
    funnel.some((stage) => !stages.includes(stage))
  ) {
    fail(
      `lifecycle "${name}" has \`funnel\` ${JSON.stringify(funnel)}; list some of its stages (${stages.join(', ')}), each once, in the order customers reach them.`,
    );
  }
  const version = options.version ?? 1;
  if (!Number.isInteger(version) || version < 1) {
    fail(
      `lifecycle "${name}" has \`version\` ${describeValue(version)}; give an integer >= 1, and raise it when a change to its machines or stageOf must not resume from state saved before it.`,
    );
  }
  const active = options.activeStages;
  if (
    active !== undefined &&
    (!Array.isArray(active) ||
      new Set(active).size !== active.length ||
      active.some((stage) => !stages.includes(stage)))
  ) {
    fail(
      `lifecycle "${name}" has \`activeStages\` ${JSON.stringify(active)}; list some of its stages (${stages.join(', ')}), each once: those of a customer acquired and not lost.`,
    );
  }

  const analysed = new Map<string, MachineStructure>();
  for (const id of ids) {
    const machine = machines[id];
    if (typeof machine !== 'object' || machine === null || !('root' in machine)) {
      fail(
        `machines.${id} of lifecycle "${name}" is not an XState machine; create it with setup({...}).createMachine(...).`,
      );
    }
    analysed.set(id, analyzeMachine(machine!, name, id));
  }

  const known = new Set(stages);
  const userStageOf = options.stageOf;
  const definition: LifecycleDefinition<TStage> = Object.freeze({
    name,
    description: options.description,
    version,
    machines: Object.freeze({ ...machines }),
    stages: Object.freeze([...stages]),
    funnel: Object.freeze([...funnel]),
    ...(active === undefined ? {} : { activeStages: Object.freeze([...active]) }),
    stageOf(state: LifecycleState): TStage {
      const stage = userStageOf(state) as TStage;
      if (!known.has(stage)) {
        throw new LifecycleDefinitionError(
          `stageOf: lifecycle "${name}" returned the stage "${String(stage)}", which is not in its stages (${stages.join(', ')}); add it to \`stages\` or fix \`stageOf\`.`,
          { lifecycle: name },
        );
      }
      return stage;
    },
    wakeAt: options.wakeAt ?? earliestContextWakeAt,
  });
  structures.set(definition, analysed);
  return definition;
}

/** The analysed machines of a definition (analysing them now when it was built by hand). */
/**
 * Throws {@link LifecycleDefinitionError} when `value` (given as `what`, e.g.
 * `createLifecycle: options.definition`) is not a lifecycle definition: a name passed for a
 * preset, or an object that lacks its machines, stages or stage function. Internal.
 */
export function checkDefinition(
  what: string,
  value: unknown,
): asserts value is LifecycleDefinition {
  const missing =
    typeof value === 'object' && value !== null
      ? missingParts(value as Partial<LifecycleDefinition>)
      : undefined;
  if (missing?.length === 0) return;
  const given =
    typeof value === 'string'
      ? `the string ${JSON.stringify(value)}`
      : value === null
        ? 'null'
        : missing !== undefined
          ? `an object without ${missing.join(', ')}`
          : `a ${typeof value}`;
  throw new LifecycleDefinitionError(
    `${what} is ${given}, not a lifecycle definition; pass a definition object: defaultLifecycle, a preset such as fourProcessesLifecycle (import { fourProcessesLifecycle } from 'tenure'), or your own from defineLifecycle({ name, machines, stages, stageOf }).`,
  );
}

/** Whether `value` has every part of a lifecycle definition. Internal. */
export function isLifecycleDefinition(value: unknown): value is LifecycleDefinition {
  return (
    typeof value === 'object' &&
    value !== null &&
    missingParts(value as Partial<LifecycleDefinition>).length === 0
  );
}

/** The parts of a lifecycle definition that `definition` lacks (or has of the wrong type). */
function missingParts(definition: Partial<LifecycleDefinition>): string[] {
  const missing: string[] = [];
  if (typeof definition.name !== 'string') missing.push('name');
  if (typeof definition.machines !== 'object' || definition.machines === null) {
    missing.push('machines');
  }
  if (!Array.isArray(definition.stages)) missing.push('stages');
  if (typeof definition.stageOf !== 'function') missing.push('stageOf');
  if (typeof definition.wakeAt !== 'function') missing.push('wakeAt');
  return missing;
}

export function structuresOf(
  definition: LifecycleDefinition,
): ReadonlyMap<string, MachineStructure> {
  let found = structures.get(definition);
  if (found === undefined) {
    found = new Map(
      Object.entries(definition.machines).map(([id, machine]) => [
        id,
        analyzeMachine(machine, definition.name, id),
      ]),
    );
    structures.set(definition, found);
  }
  return found;
}
