import { and, not, or, stateIn } from 'xstate';
import type { MachineImplementations } from './analyzeMachine.js';
import type { AnyEvent } from './xstateNodes.js';

/** A guard compiled to a plain predicate of the context and the event. */
export type Guard = (context: unknown, event: AnyEvent) => boolean;

/**
 * The argument objects a compiled guard or assign hands to the machine's functions. XState
 * builds one per call; the compiled path fills one object per guard and per action instead
 * (emptied after the call), since the functions read it and return, and a replay would
 * otherwise allocate several per event (the largest part of its garbage). A lifecycle's
 * functions must not keep the object itself (they are pure functions of its values).
 */
export interface GuardArgs {
  context: unknown;
  event: unknown;
}

const andCheck = (and([]) as unknown as { check: unknown }).check;
const orCheck = (or([]) as unknown as { check: unknown }).check;
const notCheck = (not(() => true) as unknown as { check: unknown }).check;
const stateInCheck = (stateIn('x') as unknown as { check: unknown }).check;

/**
 * The guard compiler of one machine: a guard as XState accepts it (a name from
 * `setup({ guards })`, an inline function, `{ type, params }`, or `and()`, `or()`, `not()` of
 * those) compiled to a {@link Guard} that calls the machine's own function, as XState would.
 * `fail` throws the definition error for a guard that is missing or not supported (`stateIn()`
 * and other built-ins), naming the place given as `where`.
 */
export function guardCompiler(
  implementations: MachineImplementations,
  fail: (message: string) => never,
): (guard: unknown, where: string) => Guard {
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
  return compileGuard;
}
