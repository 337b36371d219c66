/**
 * Report cost: `buildReportData` (monthly stage flow, cohorts, histograms, P(alive) grid,
 * tracking) and `renderReport` (the HTML, ECharts inlined) against the valuing projection they
 * start from (`projectWithValues`), on the seeded sample business (default 10,000 people,
 * `TENURE_BENCH_REPORT_CUSTOMERS` to change), measured in the same run; then peak RSS of the
 * report of a larger portfolio, whole and streamed (bench/report.memory.ts).
 */
import type { EventInput } from '../src/events/TenureEvent.js';
import { createMemoryLog } from '../src/log/createMemoryLog.js';
import { buildReportData } from '../src/report/buildReportData.js';
import { projectWithValues } from '../src/report/projectWithValues.js';
import { renderReport } from '../src/report/renderReport.js';
import { generateSampleBusiness } from '../src/sample/generateSampleBusiness.js';
import { formatNumber, measure, report } from './harness.js';
import { reportMemoryRows } from './report.memory.js';

const CUSTOMERS = Number(process.env.TENURE_BENCH_REPORT_CUSTOMERS ?? 10_000);
const AS_OF = '2024-12-31T23:59:59Z';

console.log(`\nreport: generating the sample business of ${formatNumber(CUSTOMERS)} people ...`);
const inputs: EventInput[] = [
  ...generateSampleBusiness({
    seed: 42,
    customers: CUSTOMERS,
    start: '2023-01-01',
    end: '2025-01-01',
  }),
];
const log = createMemoryLog();
for (let index = 0; index < inputs.length; index += 10_000) {
  await log.append(inputs.slice(index, index + 10_000));
}

const valued = await measure(() => projectWithValues(log, { asOf: AS_OF }));
const data = await measure(() => buildReportData(valued.result));
const html = await measure(() => renderReport(data.result));
const ratio = (seconds: number) =>
  `${formatNumber(seconds / valued.seconds)}x the time of the baseline`;

report('report', [
  {
    case: 'projectWithValues(log, { asOf })',
    value: valued.seconds,
    unit: 's',
    ratio: '1x (baseline)',
    note: `${formatNumber(valued.result.projection.customers.length)} people, ${formatNumber(valued.result.events.length)} events`,
  },
  {
    case: 'buildReportData(valued)',
    value: data.seconds,
    unit: 's',
    ratio: ratio(data.seconds),
    note: `${data.result.stageFlow.months.length} months, ${data.result.cohorts.length} cohorts`,
  },
  {
    case: 'renderReport(data)',
    value: html.seconds,
    unit: 's',
    ratio: ratio(html.seconds),
    note: `${formatNumber(html.result.length / 2 ** 20)} MiB of HTML, peak RSS ${formatNumber(html.peakRssMiB)} MiB`,
  },
]);

report('report memory', reportMemoryRows());
