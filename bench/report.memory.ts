/**
 * Report memory: peak RSS and CPU seconds of the report's data and HTML for a large portfolio
 * (default 200,000 customers, TENURE_BENCH_REPORT_MEMORY_CUSTOMERS to change, 0 to switch off),
 * built two ways in the same run, each in a child process of its own started from this file:
 * whole (`projectWithValues` holds every event and the valued projection, then
 * `buildReportData`), the way `tenure report` built it before, and streamed
 * (`buildReportDataFromLog`, customers projected and valued one at a time in
 * TENURE_BENCH_REPORT_MEMORY_PASSES passes, default 2), the way it builds it now. The events
 * stream from a generated log (copies of a seeded sample business, see
 * projection.generatedLog.ts), so a file log's own index is not counted.
 *
 * `npm run bench -- report` reports these rows after the speed rows; to run only these:
 * `node --import tsx bench/report.memory.ts`.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { buildReportData } from '../src/report/buildReportData.js';
import { buildReportDataFromLog } from '../src/report/buildReportDataFromLog.js';
import { projectWithValues } from '../src/report/projectWithValues.js';
import type { ReportData } from '../src/report/ReportData.js';
import { renderReport } from '../src/report/renderReport.js';
import { type BenchRow, formatNumber, measure, report } from './harness.js';
import { generatedLog } from './projection.generatedLog.js';

const CUSTOMERS = Number(process.env.TENURE_BENCH_REPORT_MEMORY_CUSTOMERS ?? 200_000);
const PASSES = Number(process.env.TENURE_BENCH_REPORT_MEMORY_PASSES ?? 2);
const TIMEOUT_S = Number(process.env.TENURE_BENCH_REPORT_MEMORY_TIMEOUT_S ?? 900);

/** What a child reports. */
type Outcome =
  | {
      readonly kind: 'finished';
      readonly peakRssMiB: number;
      /** RSS before the log is read: Node, tsx and the generated log's template. */
      readonly baselineRssMiB: number;
      readonly cpuSeconds: number;
      readonly people: number;
      readonly events: number;
    }
  | { readonly kind: 'failed'; readonly reason: string };

/** The two rows, each from its own child process; none when switched off. */
export function reportMemoryRows(): BenchRow[] {
  if (CUSTOMERS <= 0) return [];
  const whole = runPhase('--whole-phase');
  const streamed = runPhase('--streamed-phase');
  const name = (how: string) => `peak RSS, report of ${formatNumber(CUSTOMERS)} customers, ${how}`;
  const row = (how: string, outcome: Outcome, ratio: string | undefined): BenchRow =>
    outcome.kind === 'failed'
      ? { case: name(how), value: Number.NaN, unit: 'MiB', note: outcome.reason }
      : {
          case: name(how),
          value: outcome.peakRssMiB,
          unit: 'MiB',
          ...(ratio === undefined ? {} : { ratio }),
          note: `${formatNumber(outcome.people)} people, ${formatNumber(outcome.events)} events; ${formatNumber(outcome.cpuSeconds)} CPU-s; RSS before reading ${formatNumber(outcome.baselineRssMiB)} MiB`,
        };
  const ratio =
    whole.kind === 'finished' && streamed.kind === 'finished'
      ? `${formatNumber(streamed.peakRssMiB / whole.peakRssMiB)}x the RSS, ${formatNumber(streamed.cpuSeconds / whole.cpuSeconds)}x the CPU-s of whole`
      : undefined;
  return [
    row('whole (projectWithValues + buildReportData)', whole, '1x (baseline)'),
    row(`streamed (buildReportDataFromLog, ${PASSES} passes)`, streamed, ratio),
  ];
}

function runPhase(phase: '--whole-phase' | '--streamed-phase'): Outcome {
  const child = spawnSync(
    process.execPath,
    ['--expose-gc', '--import', 'tsx', fileURLToPath(import.meta.url), phase],
    { encoding: 'utf8', maxBuffer: 1 << 24, timeout: TIMEOUT_S * 1000 },
  );
  const line = child.stdout.trim().split('\n').at(-1) ?? '';
  if (child.status === 0 && line.startsWith('{')) return JSON.parse(line) as Outcome;
  const reason = child.error?.message.includes('ETIMEDOUT')
    ? `did not finish within ${TIMEOUT_S} s (TENURE_BENCH_REPORT_MEMORY_TIMEOUT_S)`
    : /heap out of memory/i.test(child.stderr)
      ? 'ran out of heap'
      : `failed with ${child.status ?? child.signal}: ${child.stderr.trim().split('\n').at(-1)}`;
  return { kind: 'failed', reason };
}

/** Child process: the report's data and HTML one way, then its peak RSS and CPU seconds. */
async function phase(build: (log: ReturnType<typeof generatedLog>) => Promise<ReportData>) {
  (globalThis as { gc?: () => void }).gc?.();
  const log = generatedLog(CUSTOMERS);
  const baselineRssMiB = process.memoryUsage.rss() / 2 ** 20;
  const measured = await measure(async () => {
    const data = await build(log);
    return { people: data.people, events: data.events, html: renderReport(data).length };
  });
  const outcome: Outcome = {
    kind: 'finished',
    peakRssMiB: measured.peakRssMiB,
    baselineRssMiB,
    cpuSeconds: measured.cpuSeconds,
    people: measured.result.people,
    events: measured.result.events,
  };
  console.log(JSON.stringify(outcome));
}

if (process.argv.includes('--whole-phase')) {
  await phase(async (log) => buildReportData(await projectWithValues(log)));
} else if (process.argv.includes('--streamed-phase')) {
  await phase((log) => buildReportDataFromLog(log, { passes: PASSES }));
} else if (process.argv[1] === fileURLToPath(import.meta.url)) {
  report('report memory', reportMemoryRows());
}
