import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { EventInput } from '../../events/TenureEvent.js';
import type { EventLog } from '../../log/EventLog.js';
import { buildReportData } from '../../report/buildReportData.js';
import { projectWithValues } from '../../report/projectWithValues.js';
import { renderReport } from '../../report/renderReport.js';
import { generateSampleBusiness } from '../../sample/generateSampleBusiness.js';
import { CliError, EXIT_BAD_INPUT, EXIT_OK } from '../CliError.js';
import type { CliCommand } from '../CliIO.js';
import { createProgressBar } from '../createProgressBar.js';
import { demoSections } from '../demo/demoSections.js';
import { formatCount, integerFlag } from '../parseCommandArgs.js';
import { marginFlag, marginHelp } from './marginFlag.js';
import { openLogForWriting } from './openLogForWriting.js';
import { writeReport } from './writeReport.js';

const NAME = 'demo';
const START = '2023-01-01';
const END = '2025-01-01';
const CURRENCY = 'USD';

const help = `Usage: tenure demo [--seed <n>] [--customers <n>] [--log <path>] [--report <file>] [--margin <m>]

Generates a seeded sample business (touchpoints, leads, opportunities, purchases, subscriptions,
support, surveys, referrals, ...) into an event log file, projects it at the end of its history
and shows what it holds: customers per stage, the ten customers with the highest lifetime value,
the ten most at risk, and an HTML report with charts. The same seed always gives the same business.

Options:
  --seed <n>        PRNG seed (default: 1)
  --customers <n>   people the business reaches (default: 1000)
  --log <path>      keep the log in this file (default: a temporary file, removed afterwards)
  --report <file>   write the HTML report here (default: tenure-demo-report.html in the
                    system's temporary directory)
${marginHelp(20)}
  -h, --help        show this help

Examples:
  tenure demo
  tenure demo --seed 7 --customers 5000 --log sample.jsonl && tenure verify --log sample.jsonl`;

/** `tenure demo`: the sample business in a file log, summarised section by section. */
export const demoCommand: CliCommand = {
  name: NAME,
  summary: 'generate a seeded sample business into a log and show what it holds',
  help,
  options: {
    seed: { type: 'string' },
    customers: { type: 'string' },
    log: { type: 'string' },
    report: { type: 'string' },
    margin: { type: 'string' },
  },
  async run({ values }, io) {
    const seed = values.seed === undefined ? 1 : integerFlag(NAME, 'seed', values.seed, 1);
    const customers = integerFlag(NAME, 'customers', values.customers, 1000);
    const margin = marginFlag(NAME, values.margin);
    const kept = typeof values.log === 'string' ? values.log : undefined;
    const directory =
      kept === undefined ? await mkdtemp(join(tmpdir(), 'tenure-demo-')) : undefined;
    const path = kept ?? join(directory as string, 'events.jsonl');
    try {
      const log = await openLogForWriting(NAME, path);
      await refuseOtherEvents(log, path, seed);
      const bar = createProgressBar(io.stderr);
      try {
        io.stdout.write(
          `tenure demo: a sample business (seed ${seed}, ${formatCount(customers)} people, ${START} to ${END})\n` +
            `Log: ${path}${kept === undefined ? ' (temporary; pass --log <path> to keep it)' : ''}\n`,
        );
        let batch: EventInput[] = [];
        let people = 0;
        let lastCustomer = '';
        for (const event of generateSampleBusiness({
          seed,
          customers,
          start: START,
          end: END,
          currency: CURRENCY,
        })) {
          if (event.customerId !== lastCustomer) {
            lastCustomer = event.customerId;
            people += 1;
          }
          batch.push(event);
          if (batch.length >= 2000) {
            await log.append(batch);
            batch = [];
            bar.update(people, customers, `${formatCount(people)} people generated`);
          }
        }
        if (batch.length > 0) await log.append(batch);
        bar.stop();
        const asOf = Date.parse(`${END}T00:00:00Z`);
        const valued = await projectWithValues(log, { asOf, clv: { margin } });
        const context = { log, asOf, currency: CURRENCY, margin, valued };
        for (const section of demoSections) {
          const lines = await section.render(context);
          io.stdout.write(`\n${section.title}\n${lines.join('\n')}\n`);
        }
        const report =
          typeof values.report === 'string'
            ? values.report
            : join(tmpdir(), 'tenure-demo-report.html');
        await writeReport(
          NAME,
          'report',
          report,
          renderReport(buildReportData(valued, { title: `Sample business (seed ${seed})` })),
        );
        io.stdout.write(
          `\nReport: ${resolve(report)}\n  open it in a browser; it needs no network.\n`,
        );
      } finally {
        bar.stop();
        await log.close();
      }
    } finally {
      if (directory !== undefined) await rm(directory, { recursive: true, force: true });
    }
    return EXIT_OK;
  },
};

/**
 * Throws when the log holds events other than this seed's sample business: every seed's
 * customers are cust-000001, ..., so another seed's people (or the user's own events) would be
 * merged with the demo's and described as one business of this seed. The same seed again adds
 * what the log lacks (a person's history does not depend on --customers).
 */
async function refuseOtherEvents(log: EventLog, path: string, seed: number): Promise<void> {
  let first: string | undefined;
  for await (const event of log.read()) {
    first = event.id;
    break;
  }
  if (first === undefined || first.startsWith(`sample-${seed}-`)) return;
  await log.close();
  throw new CliError(
    EXIT_BAD_INPUT,
    `tenure ${NAME}: ${path} already holds events that are not the sample business of seed ${seed} (the first is ${JSON.stringify(first)}), and the demo's customers would merge with them; pass a new --log path, or the seed the log was made with.`,
  );
}
