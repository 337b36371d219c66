import type { StoredEvent } from '../events/TenureEvent.js';
import type { EventLog } from '../log/EventLog.js';
import { createLifecycle, type Lifecycle } from '../projection/createLifecycle.js';
import type { Projection } from '../projection/Projection.js';
import type { CustomerValues } from './CustomerValues.js';
import { type ModelledValues, modelCustomerValues } from './modelCustomerValues.js';

/** Options of {@link projectWithValues}. */
export interface ProjectWithValuesOptions {
  /** The time to describe (epoch ms, ISO-8601 with a zone, or `Date`). Default: the last event's time. */
  readonly asOf?: number | string | Date;
  /** The lifecycle to project. Default: `createLifecycle()` (the default lifecycle). */
  readonly lifecycle?: Lifecycle;
}

/** A projection with each buyer's P(alive), churn risk and CLV. */
export interface ValuedProjection {
  readonly projection: Projection;
  /** The values of the buyers, by customer id. */
  readonly values: ReadonlyMap<string, CustomerValues>;
  /** The fitted models and the valued currency. */
  readonly modelled: ModelledValues;
  /** The events at or before `asOf`, in log order. */
  readonly events: readonly StoredEvent[];
}

/**
 * Projects a log at `asOf` and values every buyer with the buy-till-you-die models
 * (see {@link modelCustomerValues}). Reads the events up to `asOf` once, into memory.
 *
 * @example
 * ```ts
 * const { projection, values } = await projectWithValues(log, { asOf: '2024-12-31T23:59:59Z' });
 * for (const customer of projection.customers) console.log(customer.stage, values.get(customer.customerId)?.clv.total);
 * ```
 */
export async function projectWithValues(
  log: EventLog,
  options: ProjectWithValuesOptions = {},
): Promise<ValuedProjection> {
  const lifecycle = options.lifecycle ?? createLifecycle();
  // Validate asOf (and resolve the default) the way project() does, before reading anything.
  const probe = await lifecycle.project(
    [],
    options.asOf === undefined ? {} : { asOf: options.asOf },
  );
  const until = probe.asOf;
  const events: StoredEvent[] = [];
  for await (const event of log.read(until === undefined ? undefined : { until }))
    events.push(event);
  const projection = lifecycle.project(events, until === undefined ? {} : { asOf: until });
  const resolved = await projection;
  const asOf = resolved.asOf;
  const modelled =
    asOf === undefined
      ? {
          currency: undefined,
          summary: undefined,
          purchases: undefined,
          penalty: 0,
          spend: undefined,
          values: new Map(),
        }
      : modelCustomerValues(events, asOf);
  return { projection: resolved, values: modelled.values, modelled, events };
}
