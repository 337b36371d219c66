import type { CustomerState } from '../../projection/CustomerState.js';
import { findCustomer } from '../../projection/Projection.js';
import { projectWithValues } from '../../report/projectWithValues.js';
import type { PurchaseModelName } from '../../valuation/ValuationOptions.js';
import type { ValuationReport } from '../../valuation/ValuationReport.js';
import { NO_PURCHASE_REASON } from '../../valuation/valueCustomers.js';
import { CliError, EXIT_BAD_INPUT, EXIT_OK, usageError } from '../CliError.js';
import type { CliCommand } from '../CliIO.js';
import { formatAmount, formatCountOf, formatDay, formatPercent } from '../format/formatNumbers.js';
import { formatTable } from '../format/formatTable.js';
import { formatCount } from '../parseCommandArgs.js';
import { dateFlag } from './dateFlag.js';
import { lifecycleFlag, lifecycleHelp } from './lifecycleFlag.js';
import { clvLabel, marginFlag, marginHelp } from './marginFlag.js';
import { modelFlag, modelHelp } from './modelFlag.js';
import { openLogForReading, unusableEventError } from './openLogForReading.js';
import { defaultPasses, passesFlag, passesHelp } from './passesFlag.js';
import { type ProjectRecord, projectPortfolio, projectRecord } from './projectRecords.js';
import { writeProjectStreamed } from './projectStreamed.js';
import { projectWithWorkers, type WorkerFlags } from './projectWithWorkers.js';

const NAME = 'project';

const help = `Usage: tenure project --log <path> [--as-of <date>] [--customer <id>] [--json | --csv] [--lifecycle <preset|module>] [--margin <m>] [--model <name>] [--passes <n>]
       tenure project --workers <n> --database <url> --as-of <date> [--schema <name>] [--projection <name>] [--partitions <n>] [--lifecycle <preset|module>] [--margin <m>] [--model <name>] [--follow] [--json]

Projects every customer of an event log at a point in time: the headline stage, the state of
each life-cycle machine, churn risk and P(alive) (BG/NBD, or --model pareto-nbd), lifetime
value (historical + residual, with Gamma-Gamma, 10 % a year discount, times --margin) and last
activity; then the portfolio: customers per stage, attrition over the last year and customer
equity. --csv and --json read the customers one at a time, in passes over the log (as tenure
report does), and hold neither their events nor the rows they write: the rows wait in temporary
files in $TMPDIR (about the output's size, removed at the end) to go out in customer id order,
but a CSV in one pass writes them as they come (1,000,000 customers, 6 passes: --json peaked
at 1.6 GB, --csv at 2.3 GB). The table without them is laid out from every row at once, for
reading rather than for a whole customer base.

Options:
  --log <path>          the event log file. Required. Opened read-only.
  --as-of <date>        the time to describe: a day (2024-12-31 means its end, UTC) or an
                        ISO-8601 time with a zone (default: the last event's time)
  --customer <id>       only this customer
  --json                one JSON document: { asOf, lifecycle, events, margin, model,
                        portfolio, customers: [...] }
  --csv                 one CSV row per customer (machines and clv as flat columns)
${lifecycleHelp(24)}
${marginHelp(24)}
${modelHelp(24)}
${passesHelp}
  --workers <n>         scale out on PostgreSQL: run n projection workers in this process that
                        share the customer partitions with workers started elsewhere, and write
                        each customer's state into <schema>.tenure_customer_states
  --database <url>      the PostgreSQL log's connection string (default: $TENURE_DATABASE_URL)
  --schema <name>       the log's schema (default: tenure)
  --projection <name>   the projection's name in the table, so that projections of other
                        times or lifecycles sit side by side (default: default)
  --partitions <n>      customer partitions (default: 16; the same on every worker)
  --follow              keep projecting new events until Ctrl-C
  -h, --help            show this help

Example:
  tenure project --log events.jsonl --as-of 2024-12-31
  tenure project --log events.jsonl --csv > customers.csv
  tenure project --workers 2 --database postgres://localhost/shop --as-of 2024-12-31`;

/** `tenure project`: every customer's stage, churn risk and CLV, and the portfolio, at a time. */
export const projectCommand: CliCommand = {
  name: NAME,
  summary: "project each customer's stage, churn risk and CLV at a time, and the portfolio",
  help,
  options: {
    log: { type: 'string' },
    'as-of': { type: 'string' },
    customer: { type: 'string' },
    json: { type: 'boolean' },
    csv: { type: 'boolean' },
    lifecycle: { type: 'string' },
    margin: { type: 'string' },
    model: { type: 'string' },
    workers: { type: 'string' },
    database: { type: 'string' },
    schema: { type: 'string' },
    projection: { type: 'string' },
    partitions: { type: 'string' },
    follow: { type: 'boolean' },
    passes: { type: 'string' },
  },
  async run({ values }, io) {
    if (values.json === true && values.csv === true)
      throw usageError(NAME, '--json and --csv exclude each other; pick one.');
    const asOf = dateFlag(NAME, 'as-of', values['as-of']);
    const margin = marginFlag(NAME, values.margin);
    const model = modelFlag(NAME, values.model);
    if (values.workers !== undefined) {
      await projectWithWorkers(await workerFlags(values, asOf, margin, model), io);
      return EXIT_OK;
    }
    for (const flag of ['database', 'schema', 'projection', 'partitions', 'follow'] as const) {
      if (values[flag] !== undefined)
        throw usageError(
          NAME,
          `--${flag} applies to --workers only (a PostgreSQL log projected into a table); add --workers <n>, or leave it out to project --log.`,
        );
    }
    const lifecycle = await lifecycleFlag(NAME, values.lifecycle);
    const passes = passesFlag(NAME, values.passes);
    if (passes !== undefined && values.json !== true && values.csv !== true)
      throw usageError(
        NAME,
        '--passes applies to --csv and --json, which read the customers in passes; the table is built from the whole projection: add --csv or --json, or leave --passes out.',
      );
    const log = await openLogForReading(NAME, values.log);
    try {
      if (values.json === true || values.csv === true) {
        // Customers one at a time, in passes, as `tenure report` reads them: the customer list
        // of a log of millions of customers is written in the memory of its rows.
        await writeProjectStreamed(
          log,
          {
            format: values.json === true ? 'json' : 'csv',
            lifecycle,
            asOf,
            margin,
            model,
            passes: passes ?? (await defaultPasses(log)),
            customer: typeof values.customer === 'string' ? values.customer : undefined,
          },
          io,
        ).catch((error: unknown) => {
          throw unusableEventError(NAME, String(values.log), error);
        });
        return EXIT_OK;
      }
      // The table is laid out from every row's width: it is built from the whole projection.
      const valued = await projectWithValues(log, {
        lifecycle,
        clv: { margin, model },
        ...(asOf === undefined ? {} : { asOf }),
      }).catch((error: unknown) => {
        throw unusableEventError(NAME, String(values.log), error);
      });
      const { projection } = valued;
      let customers = projection.customers;
      if (typeof values.customer === 'string') {
        const one = findCustomer(projection, values.customer);
        if (one === undefined)
          throw new CliError(
            EXIT_BAD_INPUT,
            `tenure project: no customer ${JSON.stringify(values.customer)} in the log at or before ${formatDay(projection.asOf)}; check the id (it is case-sensitive) or --as-of.`,
          );
        customers = [one];
      }
      const machineIds = lifecycle.compiled.machineIds;
      io.stdout.write(
        `${text(valued, customers.map(projectRecord), machineIds, margin).join('\n')}\n`,
      );
    } finally {
      await log.close();
    }
    return EXIT_OK;
  },
};

function positiveInteger(flag: string, value: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1 || number > 256)
    throw usageError(
      NAME,
      `--${flag} takes a whole number from 1 to 256, got ${JSON.stringify(value)}.`,
    );
  return number;
}

function text(
  valued: Awaited<ReturnType<typeof projectWithValues>>,
  records: readonly ProjectRecord[],
  machineIds: readonly string[],
  margin: number,
): string[] {
  const { projection } = valued;
  const portfolio = projectPortfolio(valued);
  const clv = clvLabel(margin, portfolio.currency);
  const lines = [
    projection.asOf === undefined
      ? `tenure project: 0 people, no events yet (lifecycle ${projection.lifecycle})`
      : `tenure project: ${formatCountOf(projection.customers.length, 'person', 'people')} as of ${formatDay(projection.asOf)} (lifecycle ${projection.lifecycle}, ${formatCountOf(projection.events, 'event', 'events')})`,
    '',
    ...formatTable(
      [
        { header: 'customer', maxWidth: 24 },
        { header: 'stage' },
        ...machineIds.map((id) => ({ header: id, maxWidth: 18 })),
        { header: 'churn risk', align: 'right' as const },
        { header: 'P(alive)', align: 'right' as const },
        { header: clv, align: 'right' as const },
        { header: 'last activity' },
      ],
      records.map((record) => [
        record.customerId,
        record.stage,
        ...machineIds.map((id) => record.machines[id] ?? ''),
        record.churnRisk === null
          ? '-'
          : `${formatPercent(record.churnRisk.probability)} ${record.churnRisk.band}`,
        formatPercent(record.pAlive),
        formatAmount(record.clv?.total),
        record.lastActivityAt.slice(0, 10),
      ]),
    ),
    '',
    'Portfolio',
    ...formatTable(
      [
        { header: 'stage' },
        { header: 'people', align: 'right' },
        { header: 'share', align: 'right' },
      ],
      projection.stages.map((stage) => {
        const count = portfolio.stages[stage] ?? 0;
        return [
          stage,
          formatCount(count),
          formatPercent(portfolio.customers === 0 ? undefined : count / portfolio.customers),
        ];
      }),
    ).map((line) => `  ${line}`),
    '',
    portfolio.attrition === null
      ? `  attrition: not known (${projection.activeStages === undefined ? 'the lifecycle names no active stages' : 'no customers'})`
      : `  attrition over the last year: ${formatPercent(portfolio.attrition.rate)} (${formatCount(portfolio.attrition.lost)} of ${formatCount(portfolio.attrition.activeAtStart)} active customers lost)`,
    `  ${clvLabel(margin, portfolio.currency, 'customer equity')}: ${formatAmount(portfolio.customerEquity)} (${formatAmount(portfolio.residualEquity)} still to come)`,
    ...notValuedNote(projection.valuation),
    ...oneDayBuyersNote(projection.customers),
  ];
  return lines;
}

/**
 * The customers the equity leaves out, by reason: without it, a purchase model that could not
 * be fitted showed an equity of 0.00, as if the customers were worth nothing. People who bought
 * nothing are not named: no one expects a value of them.
 */
function notValuedNote(valuation: ValuationReport | undefined): string[] {
  const lines: string[] = [];
  for (const [reason, count] of Object.entries(valuation?.valued.notValued ?? {})) {
    if (reason === NO_PURCHASE_REASON) continue;
    lines.push(
      `  ${formatCountOf(count, 'customer', 'customers')} not valued, in neither figure: ${reason}`,
    );
  }
  return lines;
}

/**
 * A word on the customers BG/NBD cannot rank: one who bought on a single day is alive for it
 * by construction (P(alive) 1, churn risk 0), however long ago, which reads as a contradiction
 * beside a `churned` stage. None when there are none or another model was used.
 */
function oneDayBuyersNote(customers: readonly CustomerState[]): string[] {
  let count = 0;
  for (const customer of customers) {
    if (customer.churnRisk?.model === 'bg/nbd' && customer.pAlive === 1) count++;
  }
  if (count === 0) return [];
  return [
    '',
    `  ${formatCount(count)} buyer${count === 1 ? '' : 's'} with no repeat purchase: BG/NBD counts them alive (P(alive) 100 %, churn risk 0)`,
    '  however long ago they bought; --model pareto-nbd ranks them by how long they have been silent.',
  ];
}

/** The flags of `--workers`, checked: a usage error for one that does not apply or is missing. */
async function workerFlags(
  values: Parameters<CliCommand['run']>[0]['values'],
  asOf: number | undefined,
  margin: number,
  model: PurchaseModelName,
): Promise<WorkerFlags> {
  if (values.log !== undefined)
    throw usageError(NAME, '--workers reads a PostgreSQL log: give --database, not --log.');
  for (const flag of ['customer', 'csv', 'passes'] as const) {
    if (values[flag] !== undefined)
      throw usageError(
        NAME,
        `--${flag} does not apply to --workers, which write every customer into the table <schema>.tenure_customer_states: query it there.`,
      );
  }
  // Without the flag the workers keep their own default, as before.
  const lifecycle =
    values.lifecycle === undefined ? undefined : await lifecycleFlag(NAME, values.lifecycle);
  const database = values.database ?? process.env.TENURE_DATABASE_URL;
  if (database === undefined || database === '')
    throw usageError(NAME, '--workers needs --database <url> (or TENURE_DATABASE_URL).');
  if (asOf === undefined)
    throw usageError(NAME, '--workers needs --as-of: every worker must project the same time.');
  return {
    workers: positiveInteger('workers', String(values.workers)),
    database: String(database),
    schema: typeof values.schema === 'string' ? values.schema : undefined,
    partitions:
      values.partitions === undefined
        ? undefined
        : positiveInteger('partitions', String(values.partitions)),
    asOf,
    margin,
    model,
    projection: typeof values.projection === 'string' ? values.projection : undefined,
    lifecycle,
    follow: values.follow === true,
    json: values.json === true,
  };
}
