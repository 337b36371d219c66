import { unknownOption } from '../errors/unknownOption.js';
import type { StoredEvent } from '../events/TenureEvent.js';
import type { EventLog } from '../log/EventLog.js';
import { checkDefinition, isLifecycleDefinition } from '../machines/defineLifecycle.js';
import {
  type CompiledLifecycle,
  compileLifecycle,
  type DefaultStage,
  defaultLifecycle,
  type LifecycleDefinition,
} from '../machines/index.js';
import { LifecycleDefinitionError } from '../machines/LifecycleDefinitionError.js';
import { startValuation } from '../valuation/startValuation.js';
import type { ChurnOptions, ClvOptions } from '../valuation/ValuationOptions.js';
import { BatchFold } from './BatchFold.js';
import type { CustomerState } from './CustomerState.js';
import { checkProjectionOptions } from './checkProjectionOptions.js';
import { checkProjectionSource } from './checkProjectionSource.js';
import { foldSource, groupsInMemory } from './foldSource.js';
import type { LiveProjection } from './LiveProjection.js';
import { type LiveProjectionOptions, personalFieldsOf } from './LiveProjectionOptions.js';
import { lifecycleFingerprint } from './lifecycleFingerprint.js';
import { checkSnapshot } from './live/checkLiveInput.js';
import { createLiveProjection } from './live/createLiveProjection.js';
import type { Projection } from './Projection.js';
import { ProjectionError } from './ProjectionError.js';
import type { ProjectionSnapshot } from './ProjectionSnapshot.js';
import { type ProjectCustomersOptions, projectCustomers } from './projectCustomers.js';
import { projectionSignal, stopIfAborted } from './projectionSignal.js';
import { resolveTime } from './resolveTime.js';

/** Options of {@link createLifecycle}. */
export interface LifecycleOptions<TStage extends string = string> {
  /** The lifecycle to run: `defaultLifecycle` or another preset, or your own `defineLifecycle`. Default: `defaultLifecycle`. */
  readonly definition?: LifecycleDefinition<TStage>;
  /**
   * Inputs of the lifecycle's machines (e.g. retention windows), by name, passed to
   * `compileLifecycle`. Default: the machines' own documented defaults.
   */
  readonly input?: Readonly<Record<string, unknown>>;
  /**
   * The stages in which a customer counts as an active customer: acquired and not (yet) lost.
   * The portfolio views (cohort retention, attrition, replacement needs) use them.
   * Default: the definition's `activeStages` ({@link defaultActiveStages} for
   * `defaultLifecycle`; every preset but the relationship journey names its own), else none
   * (pass them to the portfolio functions instead).
   */
  readonly activeStages?: readonly NoInfer<TStage>[];
}

/**
 * The active stages of `defaultLifecycle`: new customer to advocate, plus at risk.
 *
 * @example
 * ```ts
 * const lifecycle = createLifecycle({ activeStages: [...defaultActiveStages, 'churned'] });
 * ```
 */
export const defaultActiveStages: readonly DefaultStage[] =
  defaultLifecycle.activeStages as readonly DefaultStage[];

/** Options of {@link Lifecycle.project}. */
export interface ProjectOptions {
  /**
   * The time to describe (epoch ms, ISO-8601 with a zone, or `Date`): only events with
   * `at <= asOf` count, and clocks run up to it. A plain date (`'2024-03-31'`) is UTC midnight,
   * the start of that day, as for event times: its events are not counted (the end of the day is
   * `'2024-04-01'`; the CLI's `--as-of` reads a plain date as its end). Default: the time of the
   * last event.
   */
  readonly asOf?: number | string | Date;
  /**
   * Give every customer a `churnRisk` (probability, band, drivers) and `pAlive`, from models
   * fitted on the events at or before `asOf` only. `true` for the defaults (BG/NBD in weeks,
   * bands 0.3 / 0.7). Default: none. The fits are reported in `projection.valuation`.
   */
  readonly churn?: boolean | ChurnOptions;
  /**
   * Give every customer a lifetime value `clv` `{ historical, residual, total }` and
   * `expectedPurchases`. `true` for the defaults (margin 1, 10 % a year, unlimited horizon).
   * Default: none.
   */
  readonly clv?: boolean | ClvOptions;
  /**
   * Stops the projection: once the signal is aborted, the promise rejects with its reason (an
   * `AbortError` DOMException for a plain `controller.abort()`, as `fetch` does), at the latest
   * at the next chunk of events read, and the log's read is closed. An aborted signal rejects
   * before anything is read. The work between reads (folding the memory log's streams, closing
   * the customers, fitting the models) runs to its end first. Not taken by `projectEvents`,
   * which is synchronous. Default: none.
   *
   * @example
   * ```ts
   * const projection = await lifecycle.project(log, { signal: AbortSignal.timeout(60_000) });
   * ```
   */
  readonly signal?: AbortSignal;
}

/** The options of `Lifecycle.projectEvents`: those of `project` but the signal. */
export type ProjectEventsOptions = Omit<ProjectOptions, 'signal'>;

/** Where a projection reads its events from: a log, or any (async) iterable of stored events. */
export type ProjectionSource = EventLog | AsyncIterable<StoredEvent> | Iterable<StoredEvent>;

/**
 * A compiled lifecycle with its projections. Create it once and reuse it.
 *
 * @typeParam TStage - the lifecycle's stage names: what `customer.stage`, the portfolio views'
 *   stage options and the live projection's stage changes are typed with.
 */
export interface Lifecycle<TStage extends string = string> {
  /** The lifecycle's name. */
  readonly name: string;
  /** The stages in funnel order. */
  readonly stages: readonly TStage[];
  readonly definition: LifecycleDefinition<TStage>;
  /** The compiled machines, for callers who fold events themselves. */
  readonly compiled: CompiledLifecycle;
  /**
   * Folds the whole log into every customer's state at `asOf`. A pure function of the log's
   * events and `asOf`: events are folded per customer in (at, position) order, so late events
   * count as if they had arrived on time, and any earlier `asOf` gives exactly what a
   * projection run at that time would have given. An aborted `signal` rejects it with its reason
   * (see {@link ProjectOptions.signal}).
   */
  project(source: ProjectionSource, options?: ProjectOptions): Promise<Projection<TStage>>;
  /**
   * Every customer as {@link Lifecycle.project} gives them (the same frozen state), handed out
   * one at a time and not kept: for a population too large to hold at once, whose states are
   * written somewhere (a database, a file) as they come. A log is folded as it streams, as
   * `project` folds it; with `passes: n` it is read n times, each pass folding and handing out
   * about 1/n of the customers (those whose id hashes to the pass), so that about 1/n of the
   * folds are in memory at once. Customers come pass after pass, and by `customerId` (code-unit
   * order) within a pass; with one pass, in `project`'s order.
   *
   * With `churn` or `clv`, each customer comes with the valuation fields `project(source,
   * { asOf, churn, clv })` gives it (the same numbers). The models are fitted on the whole
   * population first, during the first pass's read, from a few numbers per buyer and, for a
   * log, one draft per subscription (the sBG fits take every subscription); then each customer
   * is valued as it is handed out. A customer whose events cannot be summed as they come (a
   * late purchase or subscription event, a refund, a void, a second currency) has its events
   * read again, in one more read of a log, and held until the fit. An array or an iterable
   * keeps its `subscription.*` and `event.voided` events until the fit, and an iterable read
   * once its purchase, refund and void events too (their events are in memory anyway). The
   * model report (`project`'s `projection.valuation`, to the byte: the fits, and how many
   * customers were valued and why the others were not) goes to `onValuation` once the last
   * customer is handed out; a loop left early never gets it.
   *
   * @throws ProjectionError `TENURE_INVALID_PROJECTION_INPUT` (at the call) for an `asOf` that
   *   is not a time, `passes` that is not an integer >= 1, `passes` > 1 over an iterable (it
   *   can be read once only), an `onValuation` that is not a function, or a `signal` that is not
   *   an `AbortSignal`. An aborted `signal` throws its reason from the loop (see
   *   {@link ProjectCustomersOptions.signal}).
   * @throws ModelInputError `TENURE_INVALID_MODEL_INPUT` (at the call) for `churn` or `clv`
   *   options `project` rejects.
   *
   * @example
   * ```ts
   * const lifecycle = createLifecycle();
   * const counts = new Map<string, number>();
   * for await (const customer of lifecycle.projectCustomers(log, { passes: 2 })) {
   *   counts.set(customer.stage, (counts.get(customer.stage) ?? 0) + 1);
   * }
   * const valued = lifecycle.projectCustomers(log, {
   *   churn: true,
   *   clv: true,
   *   // Once, after the last customer: what project gives as projection.valuation.
   *   onValuation: (report) => console.log(report.purchases.converged, report.valued.notValued),
   * });
   * for await (const customer of valued) {
   *   if (customer.churnRisk?.band === 'high') console.log(customer.customerId, customer.clv?.total);
   * }
   * ```
   */
  projectCustomers(
    source: ProjectionSource,
    options?: ProjectCustomersOptions,
  ): AsyncIterable<CustomerState<TStage>>;
  /** {@link Lifecycle.project} over events already in memory, synchronously. */
  projectEvents(events: Iterable<StoredEvent>, options?: ProjectEventsOptions): Projection<TStage>;
  /**
   * An empty live projection, to feed event by event. It erases the personal fields of a
   * customer's events when it applies their `customer.forgotten` (see
   * {@link LiveProjectionOptions.personalFields}).
   */
  createProjection(options?: LiveProjectionOptions): LiveProjection<TStage>;
  /**
   * A live projection restored from `snapshot`.
   *
   * @throws ProjectionError `TENURE_INVALID_SNAPSHOT` for something that is not a snapshot,
   *   `TENURE_SNAPSHOT_MISMATCH` for a snapshot of another lifecycle or other machine inputs.
   */
  resume(snapshot: ProjectionSnapshot, options?: LiveProjectionOptions): LiveProjection<TStage>;
}

/**
 * Compiles a lifecycle and returns its projections: batch (`project`), live
 * (`createProjection`, `resume`) and the stage-change subscription of live projections.
 *
 * @typeParam TStage - the stage names, from `definition` (`DefaultStage` without one): customers'
 *   stages, stage changes and the portfolio views' stage options are typed with them, so that a
 *   misspelt stage (`change.to === 'at-risk'`) fails to compile.
 * @example
 * ```ts
 * const lifecycle = createLifecycle();
 * const projection = await lifecycle.project(log, { asOf: '2024-12-31' });
 * for (const customer of projection.customers) console.log(customer.customerId, customer.stage);
 *
 * const live = lifecycle.createProjection();
 * live.onStageChange((change) => { if (change.to === 'at risk') startWinBack(change.customerId); });
 * for await (const event of log.read()) live.apply(event);
 * ```
 */
export function createLifecycle<TStage extends string = DefaultStage>(
  options: LifecycleOptions<TStage> = {},
): Lifecycle<TStage> {
  // The stage names are types only: the lifecycle is built from the untyped options.
  return buildLifecycle(options as LifecycleOptions) as unknown as Lifecycle<TStage>;
}

function buildLifecycle(options: LifecycleOptions): Lifecycle {
  // createLifecycle(fiveStageLifecycle) would otherwise be refused for an unknown option "name".
  if (isLifecycleDefinition(options)) {
    throw new LifecycleDefinitionError(
      `createLifecycle: the options are the lifecycle definition ${JSON.stringify(options.name)} itself; pass it as { definition }: createLifecycle({ definition: yourLifecycle }).`,
    );
  }
  const unknown = unknownOption('createLifecycle', options, LIFECYCLE_OPTIONS);
  if (unknown !== undefined) throw new LifecycleDefinitionError(unknown);
  const definition = options.definition ?? defaultLifecycle;
  checkDefinition('createLifecycle: options.definition', definition);
  const input = options.input === undefined ? undefined : { ...options.input };
  const compiled = compileLifecycle(definition, input === undefined ? undefined : { input });
  const name = definition.name;
  const activeStages = resolveActiveStages(definition, options.activeStages);
  const fingerprint = lifecycleFingerprint(compiled, input);
  const live = { compiled, name, fingerprint, activeStages };

  return {
    name,
    stages: compiled.stages,
    definition,
    compiled,
    async project(source, projectOptions) {
      checkProjectionSource('lifecycle.project', source);
      const asOf = resolveAsOf('lifecycle.project', projectOptions, PROJECT_OPTIONS);
      const signal = projectionSignal('lifecycle.project', projectOptions?.signal);
      const valuing = startValuation('lifecycle.project', projectOptions);
      stopIfAborted(signal);
      // Events in memory (an array, an iterable, or the memory log's own customer streams) are
      // folded customer by customer at the end; any other log is folded as it streams.
      const grouping = groupsInMemory(source);
      const batch = new BatchFold(live, asOf, grouping);
      await foldSource(
        batch,
        source,
        asOf,
        valuing === undefined
          ? undefined
          : (events) => {
              for (const event of events) valuing.add(event);
            },
        Number.POSITIVE_INFINITY,
        signal,
      );
      return valuing === undefined
        ? batch.project(asOf)
        : valuing.finish(batch.project(asOf, false));
    },
    projectCustomers(source, streamOptions) {
      checkProjectionSource('lifecycle.projectCustomers', source);
      const asOf = resolveAsOf(
        'lifecycle.projectCustomers',
        streamOptions,
        PROJECT_CUSTOMERS_OPTIONS,
      );
      return projectCustomers(live, source, asOf, streamOptions);
    },
    projectEvents(events, projectOptions) {
      checkProjectionSource('lifecycle.projectEvents', events);
      const asOf = resolveAsOf('lifecycle.projectEvents', projectOptions, PROJECT_EVENTS_OPTIONS);
      const valuing = startValuation('lifecycle.projectEvents', projectOptions);
      const batch = new BatchFold(live, asOf, true);
      // One pass: `events` may be an iterator that can be read once only.
      if (valuing === undefined && Array.isArray(events)) batch.addAll(events);
      else {
        for (const event of events) {
          batch.add(event);
          valuing?.add(event);
        }
      }
      return valuing === undefined
        ? batch.project(asOf)
        : valuing.finish(batch.project(asOf, false));
    },
    createProjection(options) {
      return createLiveProjection(
        live,
        undefined,
        personalFieldsOf('lifecycle.createProjection', options),
      );
    },
    resume(snapshot, options) {
      const personalFields = personalFieldsOf('lifecycle.resume', options);
      // Checked here: createLiveProjection takes a missing snapshot for an empty projection.
      checkSnapshot(snapshot, fingerprint, { name, version: definition.version ?? 1 });
      return createLiveProjection(live, snapshot, personalFields);
    },
  };
}

function resolveActiveStages(
  definition: LifecycleDefinition,
  given: readonly string[] | undefined,
): readonly string[] | undefined {
  const stages = given ?? definition.activeStages;
  if (stages === undefined) return undefined;
  for (const stage of stages) {
    if (!definition.stages.includes(stage)) {
      throw new ProjectionError(
        'TENURE_UNKNOWN_STAGE',
        `createLifecycle: activeStages names "${stage}", which is not a stage of lifecycle "${definition.name}"; use some of ${definition.stages.map((known) => `"${known}"`).join(', ')}.`,
      );
    }
  }
  return Object.freeze([...stages]);
}

/** The options of `createLifecycle`, `project` and `projectEvents`, and `projectCustomers`. */
const LIFECYCLE_OPTIONS: readonly (keyof LifecycleOptions)[] = [
  'definition',
  'input',
  'activeStages',
];
const PROJECT_OPTIONS: readonly (keyof ProjectOptions)[] = ['asOf', 'churn', 'clv', 'signal'];
const PROJECT_EVENTS_OPTIONS: readonly (keyof ProjectEventsOptions)[] = ['asOf', 'churn', 'clv'];
const PROJECT_CUSTOMERS_OPTIONS: readonly (keyof ProjectCustomersOptions)[] = [
  'asOf',
  'passes',
  'churn',
  'clv',
  'onValuation',
  'signal',
];

/** `options.asOf` as epoch ms (undefined when not given), once every option's name is known. */
function resolveAsOf(
  api: string,
  options: { readonly asOf?: ProjectOptions['asOf'] } | undefined,
  known: readonly string[],
): number | undefined {
  if (options === undefined) return undefined;
  checkProjectionOptions(api, options, known);
  if (options.asOf === undefined) return undefined;
  return resolveTime(api, 'asOf', options.asOf, undefined);
}
