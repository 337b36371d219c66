import type { StoredEvent } from '../events/TenureEvent.js';
import { isPurchaseEvent } from '../valuation/PurchaseTally.js';
import { type StreamValuation, startStreamValuation } from '../valuation/startStreamValuation.js';
import type { ValuationReport } from '../valuation/ValuationReport.js';
import type { ValueProjectionOptions } from '../valuation/valueProjection.js';
import { BatchFold } from './BatchFold.js';
import type { CustomerState } from './CustomerState.js';
import type { ProjectionSource } from './createLifecycle.js';
import { createStateSharing } from './createStateSharing.js';
import { customerPass } from './customerPass.js';
import { foldSource, groupsInMemory, isEventLog } from './foldSource.js';
import { freezeCustomer } from './freezeDeep.js';
import type { LiveLifecycle } from './live/createLiveProjection.js';
import { ProjectionError } from './ProjectionError.js';
import { projectionSignal, stopIfAborted } from './projectionSignal.js';
import { settleCustomers } from './settleCustomers.js';

/**
 * Options of `Lifecycle.projectCustomers`. `churn` and `clv` value each customer as
 * `project(log, { asOf, churn, clv })` does (see `ValueProjectionOptions`; default: neither).
 */
export interface ProjectCustomersOptions extends ValueProjectionOptions {
  /**
   * The time to describe (epoch ms, ISO-8601 with a zone, or `Date`), as in `ProjectOptions`:
   * only events with `at <= asOf` count, and clocks run up to it. Default: the time of the last
   * event that counts, over the whole log (as `project` takes it).
   */
  readonly asOf?: number | string | Date;
  /**
   * How many times the log is read, an integer >= 1. Pass `p` folds only the customers whose id
   * hashes to `p`, so about `1 / passes` of the customers' folds are in memory at once. More than
   * one pass needs a source that can be read again: an `EventLog` or an array. Default: 1.
   */
  readonly passes?: number;
  /**
   * With `churn` or `clv`: called once with the valuation's model report, deeply frozen, after
   * the last customer is handed out (its `valued` counts are known only then), before the loop
   * over the customers ends. It is the report `project(source, { asOf, churn, clv })` gives as
   * `projection.valuation`, to the byte: whether the fits converged, their parameters, how many
   * customers were valued and why the others were not. Not called without `churn` and `clv`,
   * when no event counts and no `asOf` is given (`project` gives no report then either), or
   * when the loop is left early (`break`, `return`, a throw), even after the last customer.
   * An error it throws ends the loop with that error. Default: none.
   */
  readonly onValuation?: (report: ValuationReport) => void;
  /**
   * Stops the stream: once the signal is aborted, the loop over the customers throws its reason
   * (an `AbortError` DOMException for a plain `controller.abort()`), at the latest at the next
   * chunk of events read or the next customer handed out, and the log's read is closed. An
   * aborted signal throws at the first customer asked for, before anything is read. Default:
   * none.
   */
  readonly signal?: AbortSignal;
}

const API = 'lifecycle.projectCustomers';

/**
 * `Lifecycle.projectCustomers` once `asOf` is resolved: checks `passes` and the source at once,
 * then returns the generator. Internal.
 */
export function projectCustomers(
  lifecycle: LiveLifecycle,
  source: ProjectionSource,
  asOf: number | undefined,
  options: ProjectCustomersOptions | undefined,
): AsyncGenerator<CustomerState, void, undefined> {
  const passes = options?.passes ?? 1;
  if (!Number.isInteger(passes) || passes < 1) {
    throw new ProjectionError(
      'TENURE_INVALID_PROJECTION_INPUT',
      `${API}: passes ${JSON.stringify(passes)} is not an integer >= 1; pass 1 (the default) to read the log once, or more to hold about 1/passes of the customers at a time.`,
    );
  }
  if (passes > 1 && !isEventLog(source) && !Array.isArray(source)) {
    throw new ProjectionError(
      'TENURE_INVALID_PROJECTION_INPUT',
      `${API}: passes ${passes} reads the source ${passes} times, but an iterable other than an array may be readable once only; pass an EventLog or an array of events, or passes: 1.`,
    );
  }
  const onValuation = options?.onValuation;
  if (onValuation !== undefined && typeof onValuation !== 'function') {
    throw new ProjectionError(
      'TENURE_INVALID_PROJECTION_INPUT',
      `${API}: onValuation is ${kindOf(onValuation)}, not a function; pass a function that takes the valuation report (called once, after the last customer), or leave it out.`,
    );
  }
  const signal = projectionSignal(API, options?.signal);
  const valuation = startStreamValuation(API, options, asOf, isEventLog(source));
  return streamCustomers(lifecycle, source, asOf, { passes, valuation, onValuation, signal });
}

/** How {@link streamCustomers} reads and values, from the checked options. */
interface StreamSettings {
  readonly passes: number;
  readonly valuation: StreamValuation | undefined;
  readonly onValuation: ((report: ValuationReport) => void) | undefined;
  readonly signal: AbortSignal | undefined;
}

async function* streamCustomers(
  lifecycle: LiveLifecycle,
  source: ProjectionSource,
  asOf: number | undefined,
  { passes, valuation, onValuation, signal }: StreamSettings,
): AsyncGenerator<CustomerState, void, undefined> {
  // As `project` does (see groupsInMemory).
  const grouping = groupsInMemory(source);
  let time = asOf;
  let end = Number.POSITIVE_INFINITY;
  // An iterable read once keeps its purchase events, in case a customer's must be read again.
  let kept: StoredEvent[] | undefined =
    valuation !== undefined && !isEventLog(source) && !Array.isArray(source) ? [] : undefined;
  for (let pass = 0; pass < passes; pass++) {
    const accepts =
      passes === 1 ? undefined : (customerId: string) => customerPass(customerId, passes) === pass;
    const batch = new BatchFold(lifecycle, asOf, grouping, accepts);
    const onEvents =
      pass === 0 && valuation !== undefined ? valuationReader(valuation, kept) : undefined;
    stopIfAborted(signal);
    await foldSource(batch, source, asOf, onEvents, end, signal);
    if (pass === 0) {
      // The first pass reads every event: the default asOf, and how far later passes read.
      time ??= batch.lastAt;
      if (time === undefined) return;
      end = batch.position;
      if (valuation !== undefined) {
        await settleCustomers(valuation, source, time, end, kept, signal);
        kept = undefined;
        valuation.fit(time);
      }
    }
    const sharing = createStateSharing();
    for (const closed of batch.close(time)) {
      // The consumer may have waited (writing the last customer out) while the signal fired.
      stopIfAborted(signal);
      const customer = valuation === undefined ? closed : valuation.value(closed);
      freezeCustomer(customer, sharing);
      yield customer;
    }
  }
  // Past the last yield: a consumer that leaves the loop early never gets here.
  if (valuation !== undefined && onValuation !== undefined) onValuation(valuation.report());
}

/** The first read's `onEvents`: every event to the valuation, and purchase events to `kept`. */
function valuationReader(
  valuation: StreamValuation,
  kept: StoredEvent[] | undefined,
): (events: readonly StoredEvent[]) => void {
  return (events) => {
    for (const event of events) {
      valuation.add(event);
      if (kept !== undefined && isPurchaseEvent(event)) kept.push(event);
    }
  };
}

/** What a value is, in words for a message: `null`, `an object`, `a string`. */
function kindOf(value: unknown): string {
  if (value === null) return 'null';
  const type = typeof value;
  return `${type === 'object' ? 'an' : 'a'} ${type}`;
}
