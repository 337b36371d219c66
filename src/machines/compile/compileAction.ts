import type { MachineImplementations } from './analyzeMachine.js';
import { assignInPlace } from './assignInPlace.js';
import type { GuardArgs } from './compileGuard.js';
import type { OwnedMachineState } from './compileMachine.js';
import { holds, mergeContext, mergeInPlace, noCopier } from './mergeContext.js';
import type { ShapeCopier } from './shapeCopier.js';
import type { AnyEvent } from './xstateNodes.js';

/** An assign as a copy-on-write step: the next context, the same object when nothing changed. */
export type Action = (context: unknown, event: AnyEvent) => unknown;
/** An assign applied to a context the caller owns: written in place; true when a value changed. */
export type InPlaceAction = (state: OwnedMachineState, event: AnyEvent) => boolean;

/**
 * The argument object of an assign (see {@link GuardArgs}), with XState's other members: those
 * need a running actor, which a replay has not, and throw when used.
 */
interface AssignArgs extends GuardArgs {
  readonly spawn: () => never;
  readonly self: never;
  readonly system: never;
}

/**
 * The action compiler of one machine: an action as XState accepts it (a name from
 * `setup({ actions })`, an inline action, or `{ type, params }`), which must be an `assign()`,
 * compiled as a copy-on-write step (its context copies go through `copy`, the context's shape)
 * and as a step that writes into an owned context. `fail` throws the definition error for any
 * other action, naming the place given as `where`; `refuse` throws it during a replay, for an
 * assign that calls `spawn` or reads `self` or `system` (XState's actor, which a replay has not).
 */
export function actionCompiler(
  implementations: MachineImplementations,
  fail: (message: string) => never,
  refuse: (message: string) => never = fail,
): (
  action: unknown,
  where: string,
  copy?: ShapeCopier,
) => { readonly pure: Action; readonly inPlace: InPlaceAction } {
  return (action, where, copy = noCopier) => {
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
    if (resolved === undefined && name !== undefined) {
      // XState skips an action it cannot find; a replay that did so would hide the misspelling.
      return fail(
        `action "${name}" (${where}) is not implemented; add it to setup({ actions }) as an assign().`,
      );
    }
    if (typeof resolved !== 'function' || assign?.type !== 'xstate.assign') {
      // An inline function is named after the key it was written at ("actions") or not at all;
      // XState's own actions (raise, log, enqueueActions) by their function.
      const label =
        name !== undefined
          ? `action "${name}"`
          : typeof assign?.type === 'string'
            ? `action "${(action as { name?: string }).name}"`
            : 'an inline action';
      return fail(
        `${label} (${where}) is not an assign() action. Lifecycle machines must be pure: only assign() is supported (no side effects, raise, sendTo, spawn, log or enqueueActions); move side effects out of the machine.`,
      );
    }
    const params =
      isInline || typeof action === 'string' ? undefined : (action as { params?: unknown }).params;
    const assignment = assign.assignment;
    const actorOnly = (use: string): never =>
      refuse(
        `${name === undefined ? 'the assign' : `action "${name}"`} (${where}) ${use}; lifecycle machines are replayed without an actor (no spawned children, no self or system): keep what it needs in the context.`,
      );
    const args: AssignArgs = {
      context: undefined,
      event: undefined,
      spawn: () => actorOnly('calls spawn()'),
      get self(): never {
        return actorOnly('reads self');
      },
      get system(): never {
        return actorOnly('reads system');
      },
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
}
