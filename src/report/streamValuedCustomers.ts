import type { EventLog } from '../log/EventLog.js';
import type { DefaultStage } from '../machines/defaultLifecycle.js';
import type { CustomerState } from '../projection/CustomerState.js';
import type { Projection } from '../projection/Projection.js';
import type { ValuationReport } from '../valuation/ValuationReport.js';
import { type ProjectWithValuesOptions, valuingLifecycle } from './projectWithValues.js';

/** The customers of a log, projected and valued one at a time: see {@link streamValuedCustomers}. Internal. */
export interface ValuedCustomerStream<TStage extends string = string> {
  /** The lifecycle's projection of no events at the time asked for: its stages and names. */
  readonly probe: Projection<TStage>;
  /**
   * Each customer with churn risk and CLV, as `projectWithValues` gives it, pass after pass:
   * in customer id order within a pass, not across passes. Read once.
   */
  readonly customers: AsyncIterable<CustomerState<TStage>>;
  /**
   * The projection's time: the `asOf` asked for, else the last event's, known once the first
   * customer came (`undefined` before, and for a log with no customer).
   */
  asOf(): number | undefined;
  /** The valuation's model report, once the last customer came (`undefined` before). */
  valuation(): ValuationReport | undefined;
}

/**
 * The customers of `log` at `options.asOf`, projected and valued as `projectWithValues` does
 * it, without holding them or the events: `lifecycle.projectCustomers` with churn and CLV, in
 * `passes` passes (default 1). Internal: the start of the streamed report and of
 * `tenure project`; `api` names the caller in the errors of its options.
 */
export async function streamValuedCustomers<TStage extends string = DefaultStage>(
  api: string,
  log: EventLog,
  options: ProjectWithValuesOptions<TStage> & {
    readonly passes?: number | undefined;
    /** Stops the projection at its next chunk of events or customer (see `projectCustomers`). */
    readonly signal?: AbortSignal | undefined;
  },
): Promise<ValuedCustomerStream<TStage>> {
  const { passes, signal, ...projecting } = options;
  const { lifecycle, probe } = await valuingLifecycle(api, projecting);
  let valuation: ValuationReport | undefined;
  let asOf = probe.asOf;
  const projected = lifecycle.projectCustomers(log, {
    ...(probe.asOf === undefined ? {} : { asOf: probe.asOf }),
    ...(passes === undefined ? {} : { passes }),
    ...(signal === undefined ? {} : { signal }),
    churn: true,
    clv: projecting.clv ?? true,
    onValuation: (report) => {
      valuation = report;
    },
  });
  async function* customers(): AsyncGenerator<CustomerState<TStage>, void, undefined> {
    for await (const customer of projected) {
      // Without an asOf the projection's time is the last event's: each customer's clock says it.
      asOf ??= customer.stageEnteredAt + customer.timeInStage;
      yield customer;
    }
  }
  return { probe, customers: customers(), asOf: () => asOf, valuation: () => valuation };
}
