import type { MachineState } from '../machines/index.js';
import type { CustomerFacts, CustomerState, StageEntry } from './CustomerState.js';

/**
 * The numbers a customer's times can point to: its stage entries' times, its last activity,
 * then each time found in its machines' contexts (index 0 unused). Holding null first keeps the
 * array's elements generic, so that it stores the numbers themselves (a list of numbers only
 * would copy them out of their heap numbers, and hand out new ones when read). Never shortened
 * (that would reallocate it per customer): what it still holds of an earlier customer is past
 * the count in use.
 */
const known: unknown[] = new Array(64).fill(null);

/**
 * Makes the times of a closed customer that are equal point to one heap number: the facts'
 * purchase and activity times and each number field of the machines' contexts (a lead's or a
 * conversion's time is a stage entry's, the engagement's last activity the facts' one, a
 * retention wake-up its at-risk or churn time). V8 gives each of them a heap number of its own
 * otherwise, 16 bytes, as the machines copy them from the events. Only fields that are already
 * pointers gain (see makePointerFields); the values stay the same (`===`, non-zero), so the
 * result reads and serialises as before. Contexts that cannot change (frozen: shared, or handed
 * out before) or that are not plain objects are left alone, and so are the states in `initial`
 * (the lifecycle's initial states, which every prospect shares). Internal to the projection.
 */
export function shareNumbers(
  customer: CustomerState,
  lastActivityAt: number,
  initial: Readonly<Record<string, MachineState>>,
): void {
  const history = customer.history;
  let count = 1;
  for (let index = 0; index < history.length; index++) {
    known[count++] = (history[index] as StageEntry).at;
  }
  known[count++] = lastActivityAt;
  const facts = customer.facts as { -readonly [K in keyof CustomerFacts]: CustomerFacts[K] };
  if (Object.isExtensible(facts)) {
    let shared = sharedNumber(facts.lastActivityAt, count);
    if (shared !== undefined) facts.lastActivityAt = shared;
    shared = sharedNumber(facts.firstPurchaseAt, count);
    if (shared !== undefined) facts.firstPurchaseAt = shared;
    shared = sharedNumber(facts.lastPurchaseAt, count);
    if (shared !== undefined) facts.lastPurchaseAt = shared;
    else if (isHeapNumber(facts.lastPurchaseAt)) known[count++] = facts.lastPurchaseAt;
  }
  const machines = customer.machines;
  for (const id in machines) {
    const state = machines[id] as MachineState;
    // The lifecycle's initial states are every prospect's: shared, never one customer's.
    if (state === initial[id]) continue;
    const context = state.context;
    if (
      typeof context !== 'object' ||
      context === null ||
      Object.getPrototypeOf(context) !== Object.prototype ||
      !Object.isExtensible(context)
    ) {
      continue;
    }
    count = shareContext(context as Record<string, unknown>, count);
  }
}

/** Shares the context's numbers with the known ones; returns the count of known numbers. */
function shareContext(context: Record<string, unknown>, count: number): number {
  let size = count;
  for (const key in context) {
    const value = context[key];
    if (!isHeapNumber(value)) continue;
    const shared = sharedNumber(value, size);
    if (shared === undefined) {
      known[size++] = value;
    } else {
      try {
        context[key] = shared;
      } catch {
        // A read-only field: it keeps its own number.
      }
    }
  }
  return size;
}

/** The known number equal to `value` (`===`), if any. */
function sharedNumber(value: unknown, count: number): number | undefined {
  if (!isHeapNumber(value)) return undefined;
  for (let index = 1; index < count; index++) {
    if (known[index] === value) return known[index] as number;
  }
  return undefined;
}

/** True for a number V8 keeps in a heap number (not a small integer, which it stores unboxed). */
function isHeapNumber(value: unknown): value is number {
  return typeof value === 'number' && (value | 0) !== value;
}
