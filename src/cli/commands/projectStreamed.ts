import type { EventLog } from '../../log/EventLog.js';
import { fittedPurchaseModelName } from '../../models/purchaseModelName.js';
import type { Lifecycle } from '../../projection/createLifecycle.js';
import { createPortfolioTally, type PortfolioTally } from '../../report/PortfolioTally.js';
import { streamValuedCustomers } from '../../report/streamValuedCustomers.js';
import type { PurchaseModelName } from '../../valuation/ValuationOptions.js';
import { CliError, EXIT_BAD_INPUT } from '../CliError.js';
import type { CliIO } from '../CliIO.js';
import { formatDay } from '../format/formatNumbers.js';
import { csvLine } from '../format/toCsv.js';
import {
  portfolioRecord,
  projectCsvFields,
  projectCsvHeaders,
  projectRecord,
} from './projectRecords.js';

/** What `tenure project --csv` or `--json` writes, and of what. */
export interface ProjectStreamedOptions {
  readonly format: 'csv' | 'json';
  readonly lifecycle: Lifecycle;
  readonly asOf: number | undefined;
  readonly margin: number;
  readonly model: PurchaseModelName;
  /** How many times the log is read (`projectCustomers`' passes). */
  readonly passes: number;
  /** Only this customer's row (the portfolio is still every customer's). */
  readonly customer: string | undefined;
}

/**
 * Writes `tenure project --csv` or `--json` of `log` from its customers projected and valued one
 * at a time, in `passes` passes, as the report does it: the same bytes as the whole projection
 * gives, without its events or customer states in memory. What is held is each customer's
 * output row, so that the rows can be written in customer id order (a pass hands out its own
 * customers in that order, the passes one after the other) once the portfolio, which comes
 * before them in the JSON document, is summed up.
 */
export async function writeProjectStreamed(
  log: EventLog,
  options: ProjectStreamedOptions,
  io: CliIO,
): Promise<void> {
  const { format, lifecycle, margin, model } = options;
  const stream = await streamValuedCustomers('projectWithValues', log, {
    lifecycle,
    clv: { margin, model },
    passes: options.passes,
    ...(options.asOf === undefined ? {} : { asOf: options.asOf }),
  });
  const machineIds = lifecycle.compiled.machineIds;
  const rows: [customerId: string, row: string][] = [];
  let tally: PortfolioTally | undefined;
  for await (const customer of stream.customers) {
    tally ??= createPortfolioTally(stream.probe, stream.asOf());
    tally.add(customer);
    if (options.customer !== undefined && customer.customerId !== options.customer) continue;
    const record = projectRecord(customer);
    rows.push([
      customer.customerId,
      format === 'csv'
        ? csvLine(projectCsvFields(record, machineIds))
        : indent(JSON.stringify(record, null, 2), '    '),
    ]);
  }
  const asOf = stream.asOf();
  const portfolio = { ...stream.probe, asOf };
  const tallied = (tally ?? createPortfolioTally(portfolio, asOf)).result();
  if (options.customer !== undefined && rows.length === 0)
    throw new CliError(
      EXIT_BAD_INPUT,
      `tenure project: no customer ${JSON.stringify(options.customer)} in the log at or before ${formatDay(asOf)}; check the id (it is case-sensitive) or --as-of.`,
    );
  // The ids are unique; code unit order, as the projection sorts its customers.
  if (options.passes > 1) rows.sort(([a], [b]) => (a < b ? -1 : 1));
  if (format === 'csv') {
    io.stdout.write(`${csvLine(projectCsvHeaders(machineIds))}\n`);
    for (const [, row] of rows) io.stdout.write(`${row}\n`);
    return;
  }
  const document = {
    asOf: asOf === undefined ? null : new Date(asOf).toISOString(),
    lifecycle: portfolio.lifecycle,
    events: tallied.events,
    margin,
    // Named as its customers' churnRisk.model are (and the library's results), not as --model
    // was given: one name per model in the output.
    model: fittedPurchaseModelName(model),
    portfolio: portfolioRecord(portfolio, tallied, stream.valuation()?.currency),
    customers: [],
  };
  // The document as JSON.stringify(document, null, 2) writes it with its customers, which
  // come last: written one by one instead of as one string of them all.
  const head = JSON.stringify(document, null, 2);
  if (rows.length === 0) {
    io.stdout.write(`${head}\n`);
    return;
  }
  io.stdout.write(`${head.slice(0, head.length - '[]\n}'.length)}[\n`);
  rows.forEach(([, row], index) => {
    io.stdout.write(index < rows.length - 1 ? `${row},\n` : `${row}\n`);
  });
  io.stdout.write('  ]\n}\n');
}

/** `json` (pretty-printed, no line breaks in its strings) with every line indented. */
function indent(json: string, by: string): string {
  return `${by}${json.replaceAll('\n', `\n${by}`)}`;
}
