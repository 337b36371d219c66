/**
 * A small harness for tenure's benchmarks. Each `bench/*.bench.ts` file runs in its own Node
 * process (see `run.ts`), so `peakRssMiB` is that file's own high-water mark.
 */

/** One measured phase. */
export interface Measurement<T> {
  readonly result: T;
  /** Wall-clock seconds. */
  readonly seconds: number;
  /** CPU seconds of this process (user + system, all threads, GC included): steadier than wall
   * time on a shared machine. */
  readonly cpuSeconds: number;
  /** The process's peak resident set size so far, in MiB (includes earlier phases of the file). */
  readonly peakRssMiB: number;
  /** Heap in use right after the phase, in MiB. */
  readonly heapUsedMiB: number;
}

/**
 * Runs `fn` once and measures it. The collection of earlier garbage (when `--expose-gc` is on)
 * happens before both clocks start.
 */
export async function measure<T>(fn: () => T | Promise<T>): Promise<Measurement<T>> {
  (globalThis as { gc?: () => void }).gc?.();
  const cpuBefore = process.cpuUsage();
  const start = process.hrtime.bigint();
  const result = await fn();
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const cpu = process.cpuUsage(cpuBefore);
  return {
    result,
    seconds,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    peakRssMiB: process.resourceUsage().maxRSS / 1024,
    heapUsedMiB: process.memoryUsage().heapUsed / 2 ** 20,
  };
}

/** One row of a benchmark table. */
export interface BenchRow {
  readonly case: string;
  /** The headline figure, e.g. events per second. */
  readonly value: number;
  readonly unit: string;
  /** Ratio against the suite's baseline measured in the same run, e.g. `0.42x of reducer`. */
  readonly ratio?: string;
  /** Target from the issue, e.g. `>= 2,000,000`, and whether it is met. */
  readonly target?: string;
  readonly note?: string;
}

/** Prints a suite's rows as a Markdown table (the format the issue notes quote). */
export function report(suite: string, rows: readonly BenchRow[]): void {
  const lines = [
    `\n### ${suite}\n`,
    '| case | value | unit | ratio | target | note |',
    '|---|---:|---|---|---|---|',
    ...rows.map(
      (row) =>
        `| ${row.case} | ${formatNumber(row.value)} | ${row.unit} | ${row.ratio ?? ''} | ${row.target ?? ''} | ${row.note ?? ''} |`,
    ),
  ];
  console.log(lines.join('\n'));
}

/** `target(value, 2e6)` -> `>= 2,000,000: met`. */
export function target(value: number, atLeast: number, unit = ''): string {
  return `>= ${formatNumber(atLeast)}${unit}: ${value >= atLeast ? 'met' : 'NOT met'}`;
}

/** `targetAtMost(value, 1024, ' MiB')` -> `<= 1,024 MiB: met`. */
export function targetAtMost(value: number, atMost: number, unit = ''): string {
  return `<= ${formatNumber(atMost)}${unit}: ${value <= atMost ? 'met' : 'NOT met'}`;
}

export function formatNumber(value: number): string {
  const digits = Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 1 ? 2 : 4;
  return value.toLocaleString('en-US', { maximumFractionDigits: digits });
}
