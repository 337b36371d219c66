import { resolve } from 'node:path';
import { buildReportDataFromLog } from '../../report/buildReportDataFromLog.js';
import { renderReport } from '../../report/renderReport.js';
import { EXIT_OK } from '../CliError.js';
import type { CliCommand } from '../CliIO.js';
import { formatAmount, formatCountOf, formatDay } from '../format/formatNumbers.js';
import { dateFlag } from './dateFlag.js';
import { lifecycleFlag, lifecycleHelp } from './lifecycleFlag.js';
import { clvLabel, marginFlag, marginHelp } from './marginFlag.js';
import { modelFlag, modelHelp } from './modelFlag.js';
import { openLogForReading, unusableEventError } from './openLogForReading.js';
import { defaultPasses, passesFlag, passesHelp } from './passesFlag.js';
import { writeReport } from './writeReport.js';

const NAME = 'report';

const help = `Usage: tenure report --log <path> [--out <file>] [--as-of <date>] [--title <text>] [--lifecycle <preset|module>] [--margin <m>] [--model <name>] [--passes <n>]

Writes ONE self-contained HTML file (charts, data and styles inlined; it opens offline and can
be mailed): key figures, customers per stage and the funnel, stage flow by month, cohort
retention, CLV and churn-risk distributions, P(alive) by recency and frequency, the purchase
model's tracking plot, and the most valuable and most at-risk customers. Each chart has its
figures in a data table under it (for screen readers, and for the exact numbers).

Options:
  --log <path>          the event log file. Required. Opened read-only.
  --out <file>          where to write the report (default: report.html)
  --as-of <date>        the time to describe: a day (2024-12-31 means its end, UTC) or an
                        ISO-8601 time with a zone (default: the last event's time)
  --title <text>        the report's title (default: Customer life cycle)
${lifecycleHelp(24)}
${marginHelp(24)}
${modelHelp(24)}
${passesHelp}
  -h, --help            show this help

Example:
  tenure report --log events.jsonl --out report.html --as-of 2024-12-31`;

/** `tenure report`: the HTML report of a log, thin over `buildReportDataFromLog` and `renderReport`. */
export const reportCommand: CliCommand = {
  name: NAME,
  summary: 'write a self-contained HTML report with charts of stages, churn risk and CLV',
  help,
  options: {
    log: { type: 'string' },
    out: { type: 'string' },
    'as-of': { type: 'string' },
    title: { type: 'string' },
    lifecycle: { type: 'string' },
    margin: { type: 'string' },
    model: { type: 'string' },
    passes: { type: 'string' },
  },
  async run({ values }, io) {
    const lifecycle = await lifecycleFlag(NAME, values.lifecycle);
    const asOf = dateFlag(NAME, 'as-of', values['as-of']);
    const margin = marginFlag(NAME, values.margin);
    const model = modelFlag(NAME, values.model);
    const out = typeof values.out === 'string' ? values.out : 'report.html';
    const passesGiven = passesFlag(NAME, values.passes);
    const log = await openLogForReading(NAME, values.log);
    let html: string;
    let summary: string;
    try {
      // The customers are folded in passes and let go once counted: a log of millions of
      // customers is reported in the memory of a few numbers per customer.
      const passes = passesGiven ?? (await defaultPasses(log));
      const data = await buildReportDataFromLog(log, {
        lifecycle,
        clv: { margin, model },
        passes,
        ...(asOf === undefined ? {} : { asOf }),
        ...(typeof values.title === 'string' ? { title: values.title } : {}),
      }).catch((error: unknown) => {
        throw unusableEventError(NAME, String(values.log), error);
      });
      html = renderReport(data);
      const equity =
        data.unvalued === null ? formatAmount(data.customerEquity) : `not valued: ${data.unvalued}`;
      summary =
        data.asOf === null
          ? '0 people, no events yet'
          : `${formatCountOf(data.people, 'person', 'people')}, ${formatCountOf(data.customers, 'customer', 'customers')}, ${clvLabel(margin, data.currency, 'customer equity')} ${equity}, as of ${formatDay(Date.parse(data.asOf))}`;
    } finally {
      await log.close();
    }
    await writeReport(NAME, 'out', out, html);
    io.stdout.write(
      `Report: ${resolve(out)}\n  ${summary}\n  open it in a browser; it needs no network.\n`,
    );
    return EXIT_OK;
  },
};
