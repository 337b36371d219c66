import type { StateValue } from 'xstate';

/**
 * Turns an XState state value of a machine without parallel states into the dotted path tenure
 * uses in {@link MachineState}: `'reach'` stays `'reach'`, `{ lead: 'open' }` becomes
 * `'lead.open'`; a machine without child states has the value `''`.
 *
 * @example
 * ```ts
 * formatStateValue({ lead: { status: 'open' } }); // 'lead.status.open'
 * ```
 */
export function formatStateValue(value: StateValue): string {
  let path = '';
  let current: StateValue | undefined = value;
  while (current !== undefined) {
    if (typeof current === 'string') return path + current;
    const keys = Object.keys(current);
    // A machine without states has the value {}: its root is the only (leaf) state, ''.
    if (keys.length === 0) break;
    if (keys.length !== 1) {
      throw new TypeError(
        `formatStateValue: expected the value of a machine without parallel states, received ${JSON.stringify(value)}`,
      );
    }
    const key = keys[0]!;
    path += `${key}.`;
    current = current[key] as StateValue | undefined;
  }
  return path.slice(0, -1);
}
