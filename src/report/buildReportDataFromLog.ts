import type { EventLog } from '../log/EventLog.js';
import type { DefaultStage } from '../machines/defaultLifecycle.js';
import {
  checkReportDataOptions,
  completeReportData,
  type ReportDataOptions,
  trackingWeeks,
} from './buildReportData.js';
import type { ProjectWithValuesOptions } from './projectWithValues.js';
import type { ReportData } from './ReportData.js';
import { startReportEvents } from './ReportEvents.js';
import { createReportTally } from './ReportTally.js';
import { streamValuedCustomers } from './streamValuedCustomers.js';

/** Options of {@link buildReportDataFromLog}. */
export interface ReportFromLogOptions<TStage extends string = string>
  extends ProjectWithValuesOptions<TStage>,
    ReportDataOptions {
  /**
   * How many times the log is read to fold its customers, an integer >= 1: pass `p` folds about
   * `1 / passes` of them (see `Lifecycle.projectCustomers`), so more passes hold fewer folds at
   * once and read the log more often. Default: 1.
   */
  readonly passes?: number;
}

/**
 * The report's data of a log, as `buildReportData(await projectWithValues(log, options))` gives
 * it, without holding the projection or the events: customers are projected and valued one at
 * a time (`lifecycle.projectCustomers` with churn and CLV, in `passes` passes), summed up and
 * let go; the log is read once more for the tracking plot and the last event's time. Memory
 * grows with a few numbers per customer, not with the events.
 *
 * @example
 * ```ts
 * const data = await buildReportDataFromLog(log, { asOf: '2024-12-31T23:59:59Z', passes: 4 });
 * await writeFile('report.html', renderReport(data));
 * ```
 */
export async function buildReportDataFromLog<TStage extends string = DefaultStage>(
  log: EventLog,
  options: ReportFromLogOptions<TStage> = {},
): Promise<ReportData> {
  const { title, top, passes, ...projecting } = options;
  const reporting = {
    ...(title === undefined ? {} : { title }),
    ...(top === undefined ? {} : { top }),
  };
  checkReportDataOptions(reporting);
  const stream = await streamValuedCustomers('buildReportDataFromLog', log, {
    ...projecting,
    passes,
  });
  let tally: ReturnType<typeof createReportTally> | undefined;
  for await (const customer of stream.customers) {
    tally ??= createReportTally(stream.probe, stream.asOf(), top ?? 10);
    tally.add(customer);
  }
  const { probe } = stream;
  const asOf = stream.asOf();
  const valuation = stream.valuation();
  const portfolio = { ...probe, asOf };
  const tallied = (tally ?? createReportTally(portfolio, asOf, top ?? 10)).result();
  const events = startReportEvents(trackingWeeks(tallied, asOf, valuation));
  // Every event up to the time asked for, as projectWithValues reads them.
  for await (const event of log.read(
    probe.asOf === undefined ? undefined : { until: probe.asOf },
  )) {
    events.add(event);
  }
  return completeReportData(portfolio, tallied, events, valuation, reporting);
}
