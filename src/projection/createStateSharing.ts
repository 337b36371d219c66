import type { MachineState } from '../machines/index.js';

/**
 * Makes customers in the same machine state share one frozen {@link MachineState} object, as
 * a projection result is frozen. Most customers of a large base sit in a handful of states
 * with equal contexts (every prospect's retention and extension machines are in their initial
 * state), and a state object with its context costs over a hundred bytes per customer.
 *
 * Two states are shared only when they would serialise identically and read identically: the
 * same value, and contexts that are plain objects with the same keys in the same order whose
 * values are identical (`Object.is`; nested objects by identity). Shared states are frozen, so
 * no customer can change another's.
 *
 * The table lives as long as one result is being frozen (it is garbage afterwards) and holds at
 * most {@link CANDIDATES} states per machine and state value; a slot whose states are never
 * equal (contexts that carry times) stops being compared after a few tries.
 */
export interface StateSharing {
  /**
   * Replaces, in `machines` (not yet frozen, and held by no fold that writes into it), each
   * state by an equal shared one if any. The caller deep-freezes `machines` before the next
   * call: states kept as candidates become the shared ones.
   */
  share(machines: Record<string, MachineState>): void;
}

/** States compared per machine and state value (the first ones seen become the shared ones). */
const CANDIDATES = 4;
/** A slot with fewer than one hit in this many tries stops comparing. */
const GIVE_UP_RATIO = 8;
const GIVE_UP_AFTER = 256;

interface Slot {
  readonly states: MachineState[];
  /** The context keys of each state, in order. */
  readonly keys: (readonly string[])[];
  tries: number;
  hits: number;
}

/**
 * A fresh {@link StateSharing} for one result.
 *
 * @example
 * ```ts
 * const sharing = createStateSharing();
 * for (const customer of customers) sharing.share(customer.machines);
 * ```
 */
export function createStateSharing(): StateSharing {
  const slots = new Map<string, Map<string, Slot>>();

  const slotOf = (id: string, value: string): Slot => {
    let byValue = slots.get(id);
    if (byValue === undefined) {
      byValue = new Map();
      slots.set(id, byValue);
    }
    let slot = byValue.get(value);
    if (slot === undefined) {
      slot = { states: [], keys: [], tries: 0, hits: 0 };
      byValue.set(value, slot);
    }
    return slot;
  };

  return {
    share(machines) {
      for (const id in machines) {
        const state = machines[id] as MachineState;
        if (Object.isFrozen(state) || !isStatePair(state) || !isPlainObject(state.context)) {
          continue;
        }
        const slot = slotOf(id, state.value);
        if (slot.tries >= GIVE_UP_AFTER && slot.hits * GIVE_UP_RATIO < slot.tries) continue;
        slot.tries++;
        const shared = equalState(slot, state);
        if (shared !== undefined) {
          slot.hits++;
          machines[id] = shared;
        } else if (slot.states.length < CANDIDATES) {
          // The caller freezes it with its customer, before the next customer is shared.
          slot.states.push(state);
          slot.keys.push(Object.keys(state.context as object));
        }
      }
    },
  };
}

/** The state of `slot` equal to `state`, if any. */
function equalState(slot: Slot, state: MachineState): MachineState | undefined {
  const context = state.context as Record<string, unknown>;
  for (let index = 0; index < slot.states.length; index++) {
    const candidate = slot.states[index] as MachineState;
    const other = candidate.context as Record<string, unknown>;
    const keys = slot.keys[index] as readonly string[];
    if (other === context) return candidate;
    let position = 0;
    let equal = true;
    for (const key in context) {
      if (key !== keys[position] || !Object.is(context[key], other[key])) {
        equal = false;
        break;
      }
      position++;
    }
    if (equal && position === keys.length) return candidate;
  }
  return undefined;
}

/** True for a plain `{ value, context }` object, keys in that order (as the machines make them). */
function isStatePair(state: MachineState): boolean {
  if (Object.getPrototypeOf(state) !== Object.prototype) return false;
  let position = 0;
  for (const key in state) {
    if (key !== (position === 0 ? 'value' : 'context')) return false;
    position++;
  }
  return position === 2;
}

function isPlainObject(value: unknown): boolean {
  return (
    typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype
  );
}
