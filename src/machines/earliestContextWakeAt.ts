import { literalKeysExact, shapeCheckSource } from './compile/shapeCopier.js';
import type { LifecycleState } from './LifecycleState.js';

/**
 * The default `wakeAt` of a lifecycle: the smallest finite `context.wakeAt` over the machines,
 * or undefined when no machine announces one.
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
    }
  }
  return earliest;
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
      `if (typeof wakeAt === 'number' && Number.isFinite(wakeAt) && (earliest === undefined || wakeAt < earliest)) earliest = wakeAt;`,
    ]),
    `return earliest;`,
  ].join('\n');
  try {
    return new Function('keys', 'generic', `return function earliestWakeAt(state) {\n${body}\n};`)(
      [...machineIds],
      earliestContextWakeAt,
    ) as (state: LifecycleState) => number | undefined;
  } catch {
    return earliestContextWakeAt;
  }
}
