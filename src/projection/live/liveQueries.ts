import { startValuation } from '../../valuation/startValuation.js';
import { closeFold } from '../CustomerFold.js';
import type { CustomerState } from '../CustomerState.js';
import { checkProjectionOptions } from '../checkProjectionOptions.js';
import { freezeDeep, freezeProjection } from '../freezeDeep.js';
import type { LiveStateOptions, LiveValuedStateOptions } from '../LiveProjection.js';
import type { Projection } from '../Projection.js';
import { resolveTime } from '../resolveTime.js';
import type { LiveLifecycle } from './createLiveProjection.js';
import type { LiveCore } from './LiveCore.js';
import type { LiveCustomer } from './LiveCustomer.js';
import { refold } from './refold.js';

/** `live.state(options)`: every customer as of `options.asOf` (default: the clock). Internal. */
export function queryState(
  live: LiveCore,
  lifecycle: LiveLifecycle,
  options: LiveValuedStateOptions | undefined,
): Projection {
  const { compiled, customers } = live;
  const asOf = resolveAsOf(live, 'live.state', options, ['asOf', 'churn', 'clv']);
  const valuing = startValuation('live.state', options);
  const ids = [...customers.keys()].sort();
  const result: CustomerState[] = [];
  let count = 0;
  if (asOf !== undefined) {
    for (const customerId of ids) {
      const state = viewCustomer(live, customerId, customers.get(customerId)!, asOf);
      if (state === undefined) continue;
      result.push(state);
      count += state.facts.events;
    }
  }
  const projection: Projection = {
    lifecycle: lifecycle.name,
    stages: compiled.stages,
    funnel: compiled.funnel,
    activeStages: lifecycle.activeStages,
    asOf,
    events: count,
    customers: result,
  };
  if (valuing === undefined) return freezeProjection(projection);
  // Every event the live projection holds, customer by customer: no fit depends on the order
  // (their rows are sorted), and the valuation counts those at or before `asOf`.
  for (const { events } of customers.values()) {
    for (let index = 0; index < events.length; index++) valuing.add(events[index]!);
  }
  return valuing.finish(projection);
}

/** `live.customer(customerId, options)`: one customer as of `options.asOf`. Internal. */
export function queryCustomer(
  live: LiveCore,
  customerId: string,
  options: LiveStateOptions | undefined,
): CustomerState | undefined {
  const asOf = resolveAsOf(live, 'live.customer', options);
  const customer = live.customers.get(customerId);
  if (asOf === undefined || customer === undefined) return undefined;
  const state = viewCustomer(live, customerId, customer, asOf);
  return state === undefined ? undefined : freezeDeep(state);
}

/**
 * The customer as of `asOf`: from their live fold when it is current then, else re-folded from
 * their events up to `asOf`; undefined when they had no counted event by then.
 */
function viewCustomer(
  live: LiveCore,
  customerId: string,
  customer: LiveCustomer,
  asOf: number,
): CustomerState | undefined {
  const { events, fold } = customer;
  if (events[0]!.at > asOf) return undefined;
  // The fold holds every void: one dated after `asOf` was not known then, so its events
  // still count there (the last event is at least the last counted one, `fold.lastAt`).
  const current = events[events.length - 1]!.at <= asOf && fold.lastClockAt <= asOf;
  const source = current ? fold : refold(live.compiled, customerId, events, asOf);
  // Every event by `asOf` voided: the customer is not in the projection, as in `project`.
  if (source.events === 0) return undefined;
  return closeFold(live.compiled, source, asOf, !current);
}

/** The query's time: `options.asOf` checked, else the clock (undefined before it moved). */
function resolveAsOf(
  live: LiveCore,
  api: string,
  options: LiveStateOptions | undefined,
  known: readonly string[] = ['asOf'],
): number | undefined {
  if (options !== undefined) checkProjectionOptions(api, options, known);
  if (options?.asOf === undefined) return Number.isFinite(live.now) ? live.now : undefined;
  return resolveTime(api, 'asOf', options.asOf, undefined);
}
