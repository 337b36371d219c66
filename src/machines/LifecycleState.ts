/**
 * One machine's state inside a {@link LifecycleState}: where it is and what it remembers.
 *
 * @example
 * ```ts
 * const retention: MachineState = { value: 'atRisk', context: { purchases: 3 } };
 * const acquisition: MachineState = { value: 'lead.qualified', context: {} };
 * ```
 */
export interface MachineState {
  /** The active leaf state as a dotted path from the root, e.g. `'lead.qualified'`. */
  readonly value: string;
  /** The machine's context: plain JSON data (numbers, strings, booleans, null, arrays, objects). */
  readonly context: unknown;
}

/**
 * The state of one customer in a lifecycle: every machine's {@link MachineState} by machine id.
 * Treat it as immutable; `transition` returns a new object when anything changed.
 *
 * @example
 * ```ts
 * const state: LifecycleState = lifecycle.initial();
 * state.machines.retention?.value; // 'prospect'
 * ```
 */
export interface LifecycleState {
  readonly machines: Readonly<Record<string, MachineState>>;
}
