/**
 * Memory phases of the projection bench (issue 3): peak RSS for 1,000,000 customers, and the heap
 * a projection result retains per customer, field by field. Each phase runs in a child process
 * started from this file (`--memory-phase`, `--breakdown-phase`), so that its heap is its own.
 *
 * Peak memory for 1,000,000 customers: the events stream in chunks from a generated log (as from
 * a file log, not held in memory), projected whole by `project` and customer by customer by
 * `projectCustomers` (several passes, each customer let go once counted). The breakdown measures the heap a projection result retains per
 * customer, field by field, on a smaller log.
 *
 * `npm run bench -- projection` reports these rows with the speed rows; to run only these:
 * `node --import tsx bench/projection.memory.ts` (the same environment variables apply, e.g.
 * TENURE_BENCH_PROJECTION_MEMORY_CUSTOMERS=0 for the breakdown alone).
 */
import { spawnSync } from 'node:child_process';
import { writeSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { StoredEvent } from '../src/events/TenureEvent.js';
import { BatchFold } from '../src/projection/BatchFold.js';
import type { CustomerState } from '../src/projection/CustomerState.js';
import { createLifecycle } from '../src/projection/createLifecycle.js';
import { formatNumber, measure, report, targetAtMost } from './harness.js';
import { generatedLog } from './projection.generatedLog.js';

const MEMORY_CUSTOMERS = Number(process.env.TENURE_BENCH_PROJECTION_MEMORY_CUSTOMERS ?? 1_000_000);
/** Customers of the retained-heap breakdown (each field is measured by its own projection). */
const BREAKDOWN_CUSTOMERS = Number(
  process.env.TENURE_BENCH_PROJECTION_BREAKDOWN_CUSTOMERS ?? 20_000,
);
/** The target: peak RSS for 1,000,000 customers at most 1 GiB. */
const TARGET_MIB = 1024;
/** The child's heap limit: the 1 GiB target, so that garbage cannot inflate the peak. */
const MEMORY_HEAP_MIB = Number(process.env.TENURE_BENCH_PROJECTION_HEAP_MIB ?? TARGET_MIB);
/**
 * Passes of the projectCustomers row (0 switches it off). At 1,000,000 customers (child alone,
 * load 2-6): 2 passes peaked at 955 MiB RSS, too close to the target for a loaded machine's GC
 * timing; 3 passes at 739 MiB for 1.2x the CPU time (163 vs 135 user-s).
 */
const STREAM_PASSES = Number(process.env.TENURE_BENCH_PROJECTION_STREAM_PASSES ?? 3);
/**
 * Passes of the projectCustomers row with churn and CLV (0, the default, switches it off: it adds
 * about 5 minutes). Each customer is valued as it is handed out, the models fitted on the first
 * pass's running summaries.
 */
const VALUED_PASSES = Number(process.env.TENURE_BENCH_PROJECTION_VALUED_PASSES ?? 0);
/** A child that neither finishes nor passes the target in this time is stopped (NOT met). */
const MEMORY_TIMEOUT_S = Number(process.env.TENURE_BENCH_PROJECTION_MEMORY_TIMEOUT_S ?? 900);

const lifecycle = createLifecycle();

/**
 * Runs the memory phases that are switched on (TENURE_BENCH_PROJECTION_MEMORY_CUSTOMERS,
 * TENURE_BENCH_PROJECTION_BREAKDOWN_CUSTOMERS; 0 switches one off), each in a child process, and
 * returns their report rows.
 */
export function memoryRows() {
  const memory = MEMORY_CUSTOMERS > 0 ? runMemoryPhase('--memory-phase') : undefined;
  const streamed =
    MEMORY_CUSTOMERS > 0 && STREAM_PASSES > 0 ? runMemoryPhase('--stream-phase') : undefined;
  const valued =
    MEMORY_CUSTOMERS > 0 && VALUED_PASSES > 0 ? runMemoryPhase('--valued-stream-phase') : undefined;
  const breakdown = BREAKDOWN_CUSTOMERS > 0 ? runBreakdownPhase() : undefined;
  return [
    ...(memory === undefined ? [] : [memoryRow(memory)]),
    ...(streamed === undefined ? [] : [streamRow(streamed, STREAM_PASSES, false)]),
    ...(valued === undefined ? [] : [streamRow(valued, VALUED_PASSES, true)]),
    ...(breakdown === undefined ? [] : breakdownRows(breakdown)),
  ];
}

/** What the 1,000,000-customer child reports. */
type MemoryOutcome =
  | {
      readonly kind: 'finished';
      readonly peakRssMiB: number;
      readonly baselineRssMiB: number;
      /** Heap in use after a full collection, the projection result alive. */
      readonly retainedHeapMiB: number;
      readonly events: number;
      readonly seconds: number;
    }
  | {
      /** RSS passed the target while the events were read: stopped there, target not met. */
      readonly kind: 'exceeded';
      readonly rssMiB: number;
      /** The heap V8 had reserved and used (garbage included) when RSS passed the target. */
      readonly heapTotalMiB: number;
      readonly heapUsedMiB: number;
      readonly baselineRssMiB: number;
      readonly eventsRead: number;
      readonly events: number;
      readonly seconds: number;
    }
  | { readonly kind: 'failed'; readonly reason: string };

function memoryRow(memory: MemoryOutcome) {
  const name = `peak RSS, ${formatNumber(MEMORY_CUSTOMERS)} customers`;
  const notMet = `<= ${formatNumber(TARGET_MIB)} MiB: NOT met`;
  const child = `child process, --max-old-space-size=${MEMORY_HEAP_MIB}`;
  if (memory.kind === 'failed') {
    return { case: name, value: Number.NaN, unit: 'MiB', target: notMet, note: memory.reason };
  }
  if (memory.kind === 'exceeded') {
    // The log is copy after copy of one template: events read ~ customers read.
    const read = memory.eventsRead / memory.events;
    return {
      case: name,
      value: memory.rssMiB,
      unit: 'MiB',
      target: notMet,
      note: `${child}; stopped when RSS passed ${formatNumber(TARGET_MIB)} MiB, after ${formatNumber(memory.eventsRead)} of ${formatNumber(memory.events)} events (${formatNumber(read * 100)}%, about ${formatNumber(read * MEMORY_CUSTOMERS)} customers folded, none closed yet) in ${memory.seconds.toFixed(1)} s; heap then ${formatNumber(memory.heapUsedMiB)} MiB used of ${formatNumber(memory.heapTotalMiB)} MiB; RSS before projecting ${formatNumber(memory.baselineRssMiB)} MiB (Node, tsx, the generated log's template)`,
    };
  }
  return {
    case: name,
    value: memory.peakRssMiB,
    unit: 'MiB',
    target: targetAtMost(memory.peakRssMiB, TARGET_MIB, ' MiB'),
    note: `${child}; ${formatNumber(memory.events)} events streamed from a generated log in ${memory.seconds.toFixed(1)} s (${formatNumber(memory.events / memory.seconds)} events/s); RSS before projecting ${formatNumber(memory.baselineRssMiB)} MiB (Node, tsx, the template); heap retained by the result ${formatNumber(memory.retainedHeapMiB)} MiB`,
  };
}

/**
 * A projectCustomers row (`valued`: with churn and CLV): as {@link memoryRow}, the customers
 * handed out and counted, not kept.
 */
function streamRow(memory: MemoryOutcome, passCount: number, valued: boolean) {
  const passes = `${passCount} pass${passCount === 1 ? '' : 'es'}`;
  const name = `peak RSS, ${formatNumber(MEMORY_CUSTOMERS)} customers, projectCustomers${valued ? ' with churn + CLV' : ''} (${passes})`;
  const notMet = `<= ${formatNumber(TARGET_MIB)} MiB: NOT met`;
  const child = `child process, --max-old-space-size=${MEMORY_HEAP_MIB}`;
  if (memory.kind === 'failed') {
    return { case: name, value: Number.NaN, unit: 'MiB', target: notMet, note: memory.reason };
  }
  if (memory.kind === 'exceeded') {
    return {
      case: name,
      value: memory.rssMiB,
      unit: 'MiB',
      target: notMet,
      note: `${child}; stopped when RSS passed ${formatNumber(TARGET_MIB)} MiB, after ${formatNumber(memory.eventsRead)} of the ${formatNumber(memory.events)} events its ${passes} read, in ${memory.seconds.toFixed(1)} s; heap then ${formatNumber(memory.heapUsedMiB)} MiB used of ${formatNumber(memory.heapTotalMiB)} MiB; RSS before projecting ${formatNumber(memory.baselineRssMiB)} MiB`,
    };
  }
  return {
    case: name,
    value: memory.peakRssMiB,
    unit: 'MiB',
    target: targetAtMost(memory.peakRssMiB, TARGET_MIB, ' MiB'),
    note: `${child}; the generated log read ${passes === '1 pass' ? 'once' : `${passCount} times`}${valued ? ' (and once more for the customers whose purchases could not be summed as they came)' : ''} (${formatNumber(memory.events)} events counted), each customer's stage counted and the customer let go, in ${memory.seconds.toFixed(1)} s; RSS before projecting ${formatNumber(memory.baselineRssMiB)} MiB; heap after a full GC at the end ${formatNumber(memory.retainedHeapMiB)} MiB`,
  };
}

function runMemoryPhase(
  phase: '--memory-phase' | '--stream-phase' | '--valued-stream-phase',
): MemoryOutcome {
  const child = spawnSync(
    process.execPath,
    [
      '--expose-gc',
      `--max-old-space-size=${MEMORY_HEAP_MIB}`,
      '--import',
      'tsx',
      fileURLToPath(import.meta.url),
      phase,
    ],
    { encoding: 'utf8', maxBuffer: 1 << 24, timeout: MEMORY_TIMEOUT_S * 1000 },
  );
  const line = child.stdout.trim().split('\n').at(-1) ?? '';
  if (child.status === 0 && line.startsWith('{')) return JSON.parse(line) as MemoryOutcome;
  const reason = child.error?.message.includes('ETIMEDOUT')
    ? `did not finish within ${MEMORY_TIMEOUT_S} s (TENURE_BENCH_PROJECTION_MEMORY_TIMEOUT_S)`
    : /heap out of memory/i.test(child.stderr)
      ? `did not fit in a ${MEMORY_HEAP_MIB} MiB heap (out of memory)`
      : `failed with ${child.status ?? child.signal}: ${child.stderr.trim().split('\n').at(-1)}`;
  return { kind: 'failed', reason };
}

/**
 * Child process: MEMORY_CUSTOMERS customers streamed from a generated log, projected, the
 * result kept alive. Once RSS passes the target the outcome is known: the child reports how far
 * it got and stops, rather than grinding on at its heap limit.
 */
async function memoryPhase(): Promise<void> {
  (globalThis as { gc?: () => void }).gc?.();
  const baselineRssMiB = process.memoryUsage.rss() / 2 ** 20;
  const start = process.hrtime.bigint();
  const seconds = () => Number(process.hrtime.bigint() - start) / 1e9;
  const log = generatedLog(MEMORY_CUSTOMERS, (eventsRead) =>
    exitAboveTarget(baselineRssMiB, seconds(), eventsRead, log.events),
  );
  const measured = await measure(() => lifecycle.project(log));
  (globalThis as { gc?: () => void }).gc?.();
  if (measured.result.customers.length !== log.customers) throw new Error('customers lost');
  reportFinished(baselineRssMiB, measured.peakRssMiB, measured.result.events, measured.seconds);
}

/**
 * Child process: MEMORY_CUSTOMERS customers handed out by projectCustomers in `passes` passes
 * over the generated log (`valued`: with churn and CLV), each one's stage counted and the
 * customer let go, as a caller who writes each customer somewhere would. The same RSS guard as
 * {@link memoryPhase}.
 */
async function streamPhase(passes: number, valued: boolean): Promise<void> {
  (globalThis as { gc?: () => void }).gc?.();
  const baselineRssMiB = process.memoryUsage.rss() / 2 ** 20;
  const start = process.hrtime.bigint();
  const seconds = () => Number(process.hrtime.bigint() - start) / 1e9;
  // The log reports the events read in the current read; the passes' reads are summed here.
  let readBefore = 0;
  let readNow = 0;
  const log = generatedLog(MEMORY_CUSTOMERS, (eventsRead) => {
    if (eventsRead < readNow) readBefore += readNow;
    readNow = eventsRead;
    exitAboveTarget(baselineRssMiB, seconds(), readBefore + eventsRead, log.events * passes);
  });
  const measured = await measure(async () => {
    const stages = new Map<string, number>();
    let events = 0;
    const options = valued ? { passes, churn: true, clv: true } : { passes };
    for await (const customer of lifecycle.projectCustomers(log, options)) {
      stages.set(customer.stage, (stages.get(customer.stage) ?? 0) + 1);
      events += customer.facts.events;
    }
    return { customers: [...stages.values()].reduce((sum, count) => sum + count, 0), events };
  });
  (globalThis as { gc?: () => void }).gc?.();
  if (measured.result.customers !== log.customers) throw new Error('customers lost');
  reportFinished(baselineRssMiB, measured.peakRssMiB, measured.result.events, measured.seconds);
}

/**
 * The memory phases' RSS guard: once RSS passes the target the outcome is known, so the child
 * reports how far it got (`eventsRead` of `events`) and exits.
 */
function exitAboveTarget(
  baselineRssMiB: number,
  seconds: number,
  eventsRead: number,
  events: number,
): void {
  const rssMiB = process.memoryUsage.rss() / 2 ** 20;
  if (rssMiB <= TARGET_MIB) return;
  const { heapTotal, heapUsed } = process.memoryUsage();
  const outcome: MemoryOutcome = {
    kind: 'exceeded',
    rssMiB,
    heapTotalMiB: heapTotal / 2 ** 20,
    heapUsedMiB: heapUsed / 2 ** 20,
    baselineRssMiB,
    eventsRead,
    events,
    seconds,
  };
  // Written at once: console.log to a pipe is asynchronous and exit would drop it.
  writeSync(1, `${JSON.stringify(outcome)}\n`);
  process.exit(0);
}

/** A memory phase's outcome when it got to the end (after a full GC, what is left retained). */
function reportFinished(
  baselineRssMiB: number,
  peakRssMiB: number,
  events: number,
  seconds: number,
): void {
  const outcome: MemoryOutcome = {
    kind: 'finished',
    peakRssMiB,
    baselineRssMiB,
    retainedHeapMiB: process.memoryUsage().heapUsed / 2 ** 20,
    events,
    seconds,
  };
  console.log(JSON.stringify(outcome));
}

/** Bytes of heap per customer that a projection result retains: whole, and by field. */
type Breakdown = Record<string, number>;

/** What each breakdown entry keeps alive of a customer (everything else is let go). */
const BREAKDOWN_PARTS: Record<string, (customer: CustomerState) => unknown> = {
  'whole customer': (customer) => customer,
  machines: (customer) => customer.machines,
  ...Object.fromEntries(
    lifecycle.compiled.machineIds.map((id) => [
      `machines.${id}`,
      (customer: CustomerState) => customer.machines[id],
    ]),
  ),
  history: (customer) => customer.history,
  facts: (customer) => customer.facts,
  nothing: () => 0,
};

/**
 * Child process: projects BREAKDOWN_CUSTOMERS customers once per part, keeps only that part of
 * each customer, and measures the heap it retains after a full collection.
 */
async function breakdownPhase(): Promise<void> {
  const gc = (globalThis as { gc?: () => void }).gc!;
  const heap = () => {
    gc();
    gc();
    return process.memoryUsage().heapUsed;
  };
  const events: StoredEvent[] = [];
  for await (const event of generatedLog(BREAKDOWN_CUSTOMERS).read()) events.push(event);
  // The projection in a function of its own, so that nothing but what `keep` returns outlives it.
  const keepOnly = (keep: (customer: CustomerState) => unknown): unknown[] =>
    lifecycle.projectEvents(events).customers.map(keep);
  const retained = (keep: (customer: CustomerState) => unknown): number => {
    const before = heap();
    const kept = keepOnly(keep);
    return (heap() - before) / kept.length;
  };
  retained(() => 0); // warm-up: compiled tables and optimised code are not the result's
  const result: Breakdown = {};
  for (const [part, keep] of Object.entries(BREAKDOWN_PARTS)) result[part] = retained(keep);
  const before = heap();
  const folding = foldAll(events);
  // heap() first, with the folds alive; then the count of customers, which closes them.
  result[FOLDING] = (heap() - before) / folding.project(undefined, false).customers.length;
  console.log(JSON.stringify(result));
}

/** The breakdown entry of the live heap while folding: every customer's fold, no result yet. */
const FOLDING = 'folding';

/**
 * Every event folded as `project(log)` folds a log (events not kept), the folds not yet
 * closed: where a projection's heap peaks before its result exists.
 */
function foldAll(events: readonly StoredEvent[]): BatchFold {
  const internals = {
    compiled: lifecycle.compiled,
    name: lifecycle.name,
    fingerprint: 'bench',
    activeStages: undefined,
  };
  const batch = new BatchFold(internals, undefined, false);
  batch.addAll(events);
  return batch;
}

function runBreakdownPhase(): Breakdown | undefined {
  const child = spawnSync(
    process.execPath,
    ['--expose-gc', '--import', 'tsx', fileURLToPath(import.meta.url), '--breakdown-phase'],
    { encoding: 'utf8', maxBuffer: 1 << 24 },
  );
  const line = child.stdout.trim().split('\n').at(-1) ?? '';
  if (child.status !== 0 || !line.startsWith('{')) {
    console.error(`breakdown phase failed: ${child.stderr.trim().split('\n').at(-1)}`);
    return undefined;
  }
  return JSON.parse(line) as Breakdown;
}

/** The breakdown as rows: bytes per customer, the array slot of the kept part taken out. */
function breakdownRows(breakdown: Breakdown) {
  const slot = breakdown.nothing ?? 0;
  const whole = (breakdown['whole customer'] ?? 0) - slot;
  const parts = Object.entries(breakdown).filter(
    ([part]) => part !== 'nothing' && part !== 'whole customer' && part !== FOLDING,
  );
  const folding = breakdown[FOLDING] ?? Number.NaN;
  const own = parts
    .filter(([part]) => !part.startsWith('machines.'))
    .reduce((rest, [, bytes]) => rest - (bytes - slot), whole);
  return [
    {
      case: `retained heap, whole customer`,
      value: whole,
      unit: 'B/customer',
      ratio: `x 1,000,000 = ${formatNumber((whole * 1e6) / 2 ** 20)} MiB`,
      note: `${formatNumber(BREAKDOWN_CUSTOMERS)} customers, each part kept alone after a full GC`,
    },
    ...parts.map(([part, bytes]) => ({
      case: `retained heap, ${part}`,
      value: bytes - slot,
      unit: 'B/customer',
      ratio: `${formatNumber(((bytes - slot) / whole) * 100)}% of the customer`,
    })),
    {
      case: 'retained heap, CustomerState object itself',
      value: own,
      unit: 'B/customer',
      ratio: `${formatNumber((own / whole) * 100)}% of the customer`,
      note: 'whole minus machines, history and facts (ids are shared with the events)',
    },
    {
      case: 'live heap while folding',
      value: folding,
      unit: 'B/customer',
      ratio: `x 1,000,000 = ${formatNumber((folding * 1e6) / 2 ** 20)} MiB`,
      note: 'every event folded as project(log) folds a log, no customer closed yet (the folds hold the machine states and histories the result then takes over; ids shared with the events)',
    },
  ];
}

if (process.argv.includes('--memory-phase')) {
  await memoryPhase();
} else if (process.argv.includes('--stream-phase')) {
  await streamPhase(STREAM_PASSES, false);
} else if (process.argv.includes('--valued-stream-phase')) {
  await streamPhase(VALUED_PASSES, true);
} else if (process.argv.includes('--breakdown-phase')) {
  await breakdownPhase();
} else if (process.argv[1] === fileURLToPath(import.meta.url)) {
  report('projection memory (default lifecycle)', memoryRows());
}
