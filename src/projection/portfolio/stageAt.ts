import type { CustomerState } from '../CustomerState.js';

/**
 * The customer's headline stage at `time` (from their stage history), or `undefined` before
 * their first event. Exact for any `time` up to the projection's `asOf`.
 *
 * @example
 * ```ts
 * stageAt(customer, Date.UTC(2024, 0, 1)); // e.g. 'lead'
 * ```
 */
export function stageAt(customer: CustomerState, time: number): string | undefined {
  const history = customer.history;
  let found: string | undefined;
  for (let index = 0; index < history.length; index++) {
    const entry = history[index]!;
    if (entry.at > time) break;
    found = entry.stage;
  }
  return found;
}
