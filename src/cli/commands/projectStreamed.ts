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
import { createRowSpill } from './rowSpill.js';
import { exitStatusOfSignal, stopOnSignals } from './stopOnSignals.js';

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
 * gives, without its events, customer states or output rows in memory. The rows are written in
 * customer id order, and the JSON document's portfolio, which comes before them, is summed up
 * from the last customer: so each pass's rows (in id order within the pass) wait in a temporary
 * file, and the files are merged at the end. A CSV in one pass has nothing to wait for and
 * writes its rows as they come; `--customer` holds its one row.
 */
export async function writeProjectStreamed(
  log: EventLog,
  options: ProjectStreamedOptions,
  io: CliIO,
): Promise<void> {
  const { format, lifecycle, margin, model } = options;
  const machineIds = lifecycle.compiled.machineIds;
  const header = `${csvLine(projectCsvHeaders(machineIds))}\n`;
  // One pass hands out its customers in id order, and the CSV has only its header before them.
  const direct = format === 'csv' && options.passes === 1 && options.customer === undefined;
  const spill =
    direct || options.customer !== undefined
      ? undefined
      : await createRowSpill('project', `--${format}`);
  // The temporary files go at the first Ctrl-C; the projection stops at its next chunk of
  // events or customer, whichever comes first.
  const stop =
    spill &&
    stopOnSignals(io.signals, (name) => {
      spill.removeNow();
      io.stderr.write(
        `\ntenure project: ${name} received; removed the temporary files, stopping (Ctrl-C again stops at once).\n`,
      );
    });
  const checkStop = () => {
    const name = stop?.stoppedBy();
    if (name !== undefined)
      throw new CliError(
        exitStatusOfSignal(name),
        `tenure project: stopped by ${name}; the output is not complete.`,
      );
  };
  let one: string | undefined;
  async function* sortedRows(): AsyncGenerator<string, void, undefined> {
    if (one !== undefined) yield one;
    if (spill === undefined) return;
    for await (const row of spill.sorted()) {
      checkStop();
      yield row;
    }
  }
  try {
    const stream = await streamValuedCustomers('projectWithValues', log, {
      lifecycle,
      clv: { margin, model },
      passes: options.passes,
      ...(options.asOf === undefined ? {} : { asOf: options.asOf }),
      ...(stop === undefined ? {} : { signal: stop.signal }),
    });
    let tally: PortfolioTally | undefined;
    let rows = 0;
    for await (const customer of stream.customers) {
      checkStop();
      tally ??= createPortfolioTally(stream.probe, stream.asOf());
      tally.add(customer);
      if (options.customer !== undefined && customer.customerId !== options.customer) continue;
      const record = projectRecord(customer);
      const row =
        format === 'csv'
          ? csvLine(projectCsvFields(record, machineIds))
          : indent(JSON.stringify(record, null, 2), '    ');
      rows += 1;
      if (spill !== undefined) await spill.add(customer.customerId, row);
      else if (direct) io.stdout.write(`${rows === 1 ? header : ''}${row}\n`);
      else one = row;
    }
    const asOf = stream.asOf();
    if (options.customer !== undefined && rows === 0)
      throw new CliError(
        EXIT_BAD_INPUT,
        `tenure project: no customer ${JSON.stringify(options.customer)} in the log at or before ${formatDay(asOf)}; check the id (it is case-sensitive) or --as-of.`,
      );
    if (format === 'csv') {
      if (!direct || rows === 0) io.stdout.write(header);
      for await (const row of sortedRows()) io.stdout.write(`${row}\n`);
      return;
    }
    const portfolio = { ...stream.probe, asOf };
    const tallied = (tally ?? createPortfolioTally(portfolio, asOf)).result();
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
    if (rows === 0) {
      io.stdout.write(`${head}\n`);
      return;
    }
    io.stdout.write(`${head.slice(0, head.length - '[]\n}'.length)}[\n`);
    let first = true;
    for await (const row of sortedRows()) {
      io.stdout.write(first ? row : `,\n${row}`);
      first = false;
    }
    io.stdout.write('\n  ]\n}\n');
  } catch (error) {
    // A signal removed the files under a write or a read: it is why the command stops.
    checkStop();
    throw error;
  } finally {
    stop?.dispose();
    await spill?.remove();
  }
}

/** `json` (pretty-printed, no line breaks in its strings) with every line indented. */
function indent(json: string, by: string): string {
  return `${by}${json.replaceAll('\n', `\n${by}`)}`;
}
