import type { MachineState } from '../machines/index.js';
import type { CustomerState } from './CustomerState.js';
import { createStateSharing, type StateSharing } from './createStateSharing.js';
import type { Projection } from './Projection.js';

/**
 * Deep-freezes plain data (objects and arrays) in place, so that callers cannot change a
 * result. An object already frozen is taken as frozen all the way down and skipped: parts
 * shared between customers and projections (machine states, stage histories) are frozen
 * once, not once per reference. Internal; results are plain JSON-like data (no Map or Set).
 */
export function freezeDeep<T>(value: T): T {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return value;
  // Frozen before its children: a second path to it (or a cycle) stops here.
  Object.freeze(value);
  if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index++) freezeDeep(value[index]);
  } else {
    for (const key in value) freezeDeep((value as Record<string, unknown>)[key]);
  }
  return value;
}

/**
 * {@link freezeDeep} of a projection, walking the shape it knows (customer, history, facts)
 * rather than enumerating keys, and the machine states generically. Customers in equal machine
 * states are given one shared state object first (see {@link createStateSharing}).
 */
export function freezeProjection(projection: Projection): Projection {
  const customers = projection.customers;
  const sharing = createStateSharing();
  for (let index = 0; index < customers.length; index++) {
    freezeCustomer(customers[index] as CustomerState, sharing);
  }
  return freezeProjectionAround(projection);
}

/**
 * Freezes a projection whose customers are frozen already (each one as it was closed, while
 * still in the processor's cache): the customers array, the stage lists and the projection.
 */
export function freezeProjectionAround(projection: Projection): Projection {
  Object.freeze(projection.customers);
  freezeDeep(projection.stages);
  freezeDeep(projection.funnel);
  freezeDeep(projection.activeStages);
  return Object.freeze(projection);
}

/**
 * Deep-freezes one customer as {@link freezeProjection} freezes each of its customers, its
 * machine states shared through `sharing` (one table for all the customers handed out).
 */
export function freezeCustomer(customer: CustomerState, sharing: StateSharing): void {
  if (Object.isFrozen(customer)) return;
  Object.freeze(customer);
  const history = customer.history;
  if (!Object.isFrozen(history)) {
    for (let index = 0; index < history.length; index++) Object.freeze(history[index]);
    Object.freeze(history);
  }
  freezeDeep(customer.facts.currencies);
  Object.freeze(customer.facts);
  const machines = customer.machines;
  if (!Object.isFrozen(machines)) sharing.share(machines as Record<string, MachineState>);
  freezeDeep(machines);
}
