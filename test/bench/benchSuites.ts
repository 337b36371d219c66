import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const benchDirectory = `${root}bench/`;

/**
 * Sizes small enough that every suite runs in seconds. They only prove that a suite still runs
 * and prints its tables: its figures at these sizes mean nothing. A generated log is whole copies
 * of a 2,000-customer template (bench/projection.generatedLog.ts), hence the memory phases' 2,000;
 * 8,000 PostgreSQL events give each of the 4 concurrent writers one whole batch.
 */
export const TINY_BENCH_SIZES: Readonly<Record<string, string>> = {
  TENURE_BENCH_CLV_CUSTOMERS: '2000',
  TENURE_BENCH_CLV_CURVE_CUSTOMERS: '200',
  TENURE_BENCH_IMPORT_ROWS: '2000',
  TENURE_BENCH_IMPORT_SAMPLE_CUSTOMERS: '200',
  TENURE_BENCH_LOG_EVENTS: '2000',
  TENURE_BENCH_MACHINES_CUSTOMERS: '2000',
  TENURE_BENCH_MACHINES_XSTATE_CUSTOMERS: '200',
  TENURE_BENCH_MODELS_CUSTOMERS: '2000',
  TENURE_BENCH_PG_EVENTS: '8000',
  TENURE_BENCH_PG_READS: '1',
  TENURE_BENCH_PROJECTION_EVENTS: '5000',
  TENURE_BENCH_PROJECTION_MEMORY_CUSTOMERS: '2000',
  TENURE_BENCH_PROJECTION_BREAKDOWN_CUSTOMERS: '200',
  TENURE_BENCH_REPORT_CUSTOMERS: '300',
  TENURE_BENCH_REPORT_MEMORY_CUSTOMERS: '2000',
  TENURE_BENCH_VALUATION_CUSTOMERS: '500',
  TENURE_BENCH_WORKERS_CUSTOMERS: '300',
};

/** A benchmark suite: `bench/<file>` and its source text. */
export interface BenchSuite {
  readonly file: string;
  readonly source: string;
  /** It starts its own PostgreSQL server (the tests that run it are `*.int.test.ts`). */
  readonly needsPostgres: boolean;
}

/** Every `bench/*.bench.ts`, listed as `npm run bench` lists them: a new suite is included. */
export function benchSuites(): BenchSuite[] {
  return readdirSync(benchDirectory)
    .filter((name) => name.endsWith('.bench.ts'))
    .sort()
    .map((file) => {
      const source = readFileSync(`${benchDirectory}${file}`, 'utf8');
      return { file, source, needsPostgres: source.includes('startPostgresServer') };
    });
}

/** What a suite's process did. */
export interface SuiteRun {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs `bench/<file>` as bench/run.ts does (its own Node process, `--expose-gc`, tsx) with
 * {@link TINY_BENCH_SIZES}; stopped after `timeoutMs`.
 */
export function runBenchSuite(file: string, timeoutMs: number): Promise<SuiteRun> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--expose-gc', '--import', 'tsx', `${benchDirectory}${file}`],
      {
        cwd: root,
        env: { ...process.env, ...TINY_BENCH_SIZES },
        timeout: timeoutMs,
        maxBuffer: 16 * 2 ** 20,
      },
      (error, stdout, stderr) => {
        const failure = error as (Error & { code?: unknown; signal?: NodeJS.Signals }) | null;
        resolve({
          code: failure === null ? 0 : typeof failure.code === 'number' ? failure.code : null,
          signal: failure?.signal ?? null,
          stdout,
          stderr,
        });
      },
    );
  });
}

/**
 * Runs a suite small and checks that it still works: exit code 0, at least one report table
 * (a `### ` heading and a `| case |` header row, as bench/harness.ts prints them), and no `NaN`
 * in any table row (no suite documents a NaN figure at these sizes; report.memory.ts and
 * projection.memory.ts print one for a phase that failed).
 */
export async function expectSuiteRuns(suite: BenchSuite, timeoutMs: number): Promise<void> {
  const run = await runBenchSuite(suite.file, timeoutMs);
  const output = `${suite.file}: exit ${run.code ?? run.signal}\n--- stdout\n${run.stdout}\n--- stderr\n${run.stderr}`;
  expect(run.code, output).toBe(0);
  expect(run.stdout, output).toMatch(/^### \S/m);
  expect(run.stdout, output).toMatch(/^\| case \|/m);
  const withNaN = run.stdout
    .split('\n')
    .filter((line) => line.startsWith('|') && line.includes('NaN'));
  expect(withNaN, output).toEqual([]);
}
