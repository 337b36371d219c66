import { unknownOption } from '../errors/unknownOption.js';
import type { StoredEvent } from '../events/TenureEvent.js';
import type { EventLog } from '../log/EventLog.js';
import type { DefaultStage } from '../machines/defaultLifecycle.js';
import { isLifecycleDefinition } from '../machines/defineLifecycle.js';
import { createLifecycle, type Lifecycle } from '../projection/createLifecycle.js';
import type { Projection } from '../projection/Projection.js';
import { ProjectionError } from '../projection/ProjectionError.js';
import type { ClvOptions } from '../valuation/ValuationOptions.js';

/** Options of {@link projectWithValues}. */
export interface ProjectWithValuesOptions<TStage extends string = string> {
  /** The time to describe (epoch ms, ISO-8601 with a zone, or `Date`). Default: the last event's time. */
  readonly asOf?: number | string | Date;
  /**
   * The lifecycle to project, made by `createLifecycle` (`createLifecycle({ definition:
   * fiveStageLifecycle })`, not the definition itself). Default: `createLifecycle()`.
   */
  readonly lifecycle?: Lifecycle<TStage>;
  /** Lifetime value settings, e.g. `{ margin: 0.3 }`. Default: `true` (margin 1, 10 % a year). */
  readonly clv?: ClvOptions;
}

const PROJECT_WITH_VALUES_OPTIONS: readonly (keyof ProjectWithValuesOptions)[] = [
  'asOf',
  'lifecycle',
  'clv',
];

/** A projection with churn risk and CLV, and the events it was made of (for tracking plots). */
export interface ValuedProjection<TStage extends string = string> {
  /** Projected with `churn: true, clv: true`: customers carry `churnRisk`, `pAlive`, `clv`. */
  readonly projection: Projection<TStage>;
  /** The events at or before `asOf`, in log order. */
  readonly events: readonly StoredEvent[];
}

/**
 * Projects a log at `asOf` with churn risk and lifetime value (the valuation's defaults: BG/NBD
 * in weeks, Gamma-Gamma, sBG for subscriptions, 10 % a year), reading the events up to `asOf`
 * once, into memory: the report's tracking plot needs them again.
 *
 * @example
 * ```ts
 * const { projection } = await projectWithValues(log, { asOf: '2024-12-31T23:59:59Z' });
 * for (const customer of projection.customers) console.log(customer.stage, customer.clv?.total);
 * ```
 */
export async function projectWithValues<TStage extends string = DefaultStage>(
  log: EventLog,
  options: ProjectWithValuesOptions<TStage> = {},
): Promise<ValuedProjection<TStage>> {
  const { lifecycle, probe } = await valuingLifecycle('projectWithValues', options);
  const until = probe.asOf;
  const events: StoredEvent[] = [];
  for await (const event of log.read(until === undefined ? undefined : { until })) {
    events.push(event);
  }
  const projection = lifecycle.projectEvents(events, {
    ...(until === undefined ? {} : { asOf: until }),
    churn: true,
    clv: options.clv ?? true,
  });
  return { projection, events };
}

/**
 * The lifecycle of `options` (checked, with the other options, naming `api`) and its projection
 * of no events at `options.asOf`: the portfolio's stages and the time resolved, before anything
 * is read. Internal: also the streamed report's start.
 */
export async function valuingLifecycle<TStage extends string = DefaultStage>(
  api: string,
  options: ProjectWithValuesOptions<TStage>,
): Promise<{ lifecycle: Lifecycle<TStage>; probe: Projection<TStage> }> {
  const unknown = unknownOption(api, options, PROJECT_WITH_VALUES_OPTIONS);
  if (unknown !== undefined) throw new ProjectionError('TENURE_INVALID_PROJECTION_INPUT', unknown);
  // Without a lifecycle TStage is DefaultStage, the default lifecycle's stages.
  const lifecycle = options.lifecycle ?? (createLifecycle() as unknown as Lifecycle<TStage>);
  if (typeof (lifecycle as Partial<Lifecycle>).project !== 'function') {
    // A definition (what createLifecycle takes) failed with 'lifecycle.project is not a function'.
    throw new ProjectionError(
      'TENURE_INVALID_PROJECTION_INPUT',
      `${api}: options.lifecycle must be a lifecycle made by createLifecycle, received ${describeLifecycle(lifecycle)}; pass createLifecycle({ definition: yourLifecycle }).`,
    );
  }
  // Resolve asOf (and check it) the way project() does, before reading anything.
  const probe = await lifecycle.project(
    [],
    options.asOf === undefined ? {} : { asOf: options.asOf },
  );
  return { lifecycle, probe };
}

function describeLifecycle(value: unknown): string {
  if (isLifecycleDefinition(value)) return `the lifecycle definition ${JSON.stringify(value.name)}`;
  if (typeof value === 'string') return `the string ${JSON.stringify(value)}`;
  if (typeof value === 'object' && value !== null) return 'an object without project()';
  return String(value);
}
