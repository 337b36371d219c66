import { describeValue } from '../errors/describeValue.js';
import { literalKeysExact, shapeCheckSource } from './compile/shapeCopier.js';
import { LifecycleDefinitionError } from './LifecycleDefinitionError.js';
import type { LifecycleState } from './LifecycleState.js';

/**
 * The default `wakeAt` of a lifecycle: the smallest finite `context.wakeAt` over the machines,
 * or undefined when no machine announces one (`undefined`, `null` or `Infinity`).
 *
 * @throws LifecycleDefinitionError (`TENURE_INVALID_LIFECYCLE`) for a `context.wakeAt` that is
 *   not a time: a Date, a string, NaN (arithmetic on a missing field), -Infinity. Its clock would
 *   never come, and the customer would silently never change stage by time.
 *
 * @example
 * ```ts
 * earliestContextWakeAt({ machines: { retention: { value: 'active', context: { wakeAt: 5 } } } }); // 5
 * ```
 */
export function earliestContextWakeAt(state: LifecycleState): number | undefined {
  let earliest: number | undefined;
  for (const id in state.machines) {
    const context = state.machines[id]!.context as { wakeAt?: unknown } | null;
    const wakeAt = context?.wakeAt;
    if (typeof wakeAt === 'number' && Number.isFinite(wakeAt)) {
      if (earliest === undefined || wakeAt < earliest) earliest = wakeAt;
    } else if (!announcesNone(wakeAt)) {
      notAWakeUpTime(id, wakeAt);
    }
  }
  return earliest;
}

/** Whether a `context.wakeAt` that is not a finite number says "no wake-up". */
function announcesNone(wakeAt: unknown): boolean {
  return wakeAt === undefined || wakeAt === null || wakeAt === Number.POSITIVE_INFINITY;
}

/** Refuses a machine's `context.wakeAt` that is not a time, naming the machine and the value. */
function notAWakeUpTime(machineId: string, wakeAt: unknown): never {
  throw new LifecycleDefinitionError(
    `wakeAt: machine "${machineId}" has context.wakeAt = ${describeValue(wakeAt)}; a wake-up time is a time in epoch milliseconds (a number; from a Date, date.getTime()), or null for none. Fix the action that assigns wakeAt.`,
    { machineId },
  );
}

/**
 * {@link earliestContextWakeAt} specialised to a lifecycle's machine ids: generated code reads
 * each machine by name, so every read sees one object shape (the generic loop reads four context
 * shapes at one site, which V8 handles on its slowest path). A state whose `machines` record has
 * other keys, or another key order, goes to the generic function, so the answer is the same for
 * any state.
 *
 * @example
 * ```ts
 * const wakeAt = compileEarliestContextWakeAt(['acquisition', 'retention']);
 * wakeAt(lifecycle.initial()); // undefined
 * ```
 */
export function compileEarliestContextWakeAt(
  machineIds: readonly string[],
): (state: LifecycleState) => number | undefined {
  if (!literalKeysExact(machineIds)) return earliestContextWakeAt;
  const body = [
    `const machines = state.machines;`,
    shapeCheckSource('machines', machineIds.length, 'return generic(state);'),
    `let earliest;`,
    `let context;`,
    `let wakeAt;`,
    ...machineIds.flatMap((id) => [
      `context = machines[${JSON.stringify(id)}].context;`,
      `wakeAt = context === null || context === undefined ? undefined : context.wakeAt;`,
      `if (typeof wakeAt === 'number' && Number.isFinite(wakeAt)) { if (earliest === undefined || wakeAt < earliest) earliest = wakeAt; }`,
      `else if (wakeAt !== undefined && wakeAt !== null && wakeAt !== Infinity) invalid(${JSON.stringify(id)}, wakeAt);`,
    ]),
    `return earliest;`,
  ].join('\n');
  try {
    return new Function(
      'keys',
      'generic',
      'invalid',
      `return function earliestWakeAt(state) {\n${body}\n};`,
    )([...machineIds], earliestContextWakeAt, notAWakeUpTime) as (
      state: LifecycleState,
    ) => number | undefined;
  } catch {
    return earliestContextWakeAt;
  }
}
