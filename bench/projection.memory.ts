/**
 * Memory phases of the projection bench (issue 3): peak RSS for 1,000,000 customers, and the heap
 * a projection result retains per customer, field by field. Each phase runs in a child process
 * started from this file (`--memory-phase`, `--breakdown-phase`), so that its heap is its own.
 *
 * Peak memory for 1,000,000 customers: the events stream in chunks from a generated log (as from
 * a file log, not held in memory). The breakdown measures the heap a projection result retains per
 * customer, field by field, on a smaller log.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { EventInput, StoredEvent } from '../src/events/TenureEvent.js';
import type { EventLog, ReadOptions } from '../src/log/EventLog.js';
import { iterateChunks } from '../src/log/iterateChunks.js';
import type { CustomerState } from '../src/projection/CustomerState.js';
import { createLifecycle } from '../src/projection/createLifecycle.js';
import { generateSampleBusiness } from '../src/sample/generateSampleBusiness.js';
import { formatNumber, measure, targetAtMost } from './harness.js';

const MEMORY_CUSTOMERS = Number(process.env.TENURE_BENCH_PROJECTION_MEMORY_CUSTOMERS ?? 1_000_000);
/** Customers of the retained-heap breakdown (each field is measured by its own projection). */
const BREAKDOWN_CUSTOMERS = Number(
  process.env.TENURE_BENCH_PROJECTION_BREAKDOWN_CUSTOMERS ?? 20_000,
);
/** The child's heap limit: the 1 GiB target, so that garbage cannot inflate the peak. */
const MEMORY_HEAP_MIB = Number(process.env.TENURE_BENCH_PROJECTION_HEAP_MIB ?? 1024);

const lifecycle = createLifecycle();

/**
 * Runs the memory phases that are switched on (TENURE_BENCH_PROJECTION_MEMORY_CUSTOMERS,
 * TENURE_BENCH_PROJECTION_BREAKDOWN_CUSTOMERS; 0 switches one off), each in a child process, and
 * returns their report rows.
 */
export function memoryRows() {
  const memory = MEMORY_CUSTOMERS > 0 ? runMemoryPhase() : undefined;
  const breakdown = BREAKDOWN_CUSTOMERS > 0 ? runBreakdownPhase() : undefined;
  return [
    ...(memory === undefined ? [] : [memoryRow(memory)]),
    ...(breakdown === undefined ? [] : breakdownRows(breakdown)),
  ];
}

interface MemoryResult {
  readonly peakRssMiB: number;
  readonly baselineRssMiB: number;
  /** Heap in use after a full collection, the projection result alive. */
  readonly retainedHeapMiB: number;
  readonly events: number;
  readonly seconds: number;
}

function memoryRow(memory: MemoryResult | { readonly failed: string }) {
  const name = `peak RSS, ${formatNumber(MEMORY_CUSTOMERS)} customers`;
  if ('failed' in memory) {
    return {
      case: name,
      value: Number.NaN,
      unit: 'MiB',
      target: '<= 1,024 MiB: NOT met',
      note: memory.failed,
    };
  }
  return {
    case: name,
    value: memory.peakRssMiB,
    unit: 'MiB',
    target: targetAtMost(memory.peakRssMiB, 1024, ' MiB'),
    note: `child process, --max-old-space-size=${MEMORY_HEAP_MIB}; ${formatNumber(memory.events)} events streamed from a generated log in ${memory.seconds.toFixed(1)} s (${formatNumber(memory.events / memory.seconds)} events/s); RSS before projecting ${formatNumber(memory.baselineRssMiB)} MiB; heap retained by the result ${formatNumber(memory.retainedHeapMiB)} MiB`,
  };
}

function runMemoryPhase(): MemoryResult | { readonly failed: string } {
  const child = spawnSync(
    process.execPath,
    [
      '--expose-gc',
      `--max-old-space-size=${MEMORY_HEAP_MIB}`,
      '--import',
      'tsx',
      fileURLToPath(import.meta.url),
      '--memory-phase',
    ],
    { encoding: 'utf8', maxBuffer: 1 << 24 },
  );
  const line = child.stdout.trim().split('\n').at(-1) ?? '';
  if (child.status !== 0 || !line.startsWith('{')) {
    const reason = /heap out of memory/i.test(child.stderr)
      ? `did not fit in a ${MEMORY_HEAP_MIB} MiB heap (out of memory)`
      : `failed with ${child.status ?? child.signal}: ${child.stderr.trim().split('\n').at(-1)}`;
    return { failed: reason };
  }
  return JSON.parse(line) as MemoryResult;
}

/**
 * A log of `customers` customers (copies of a 10,000-customer sample business under new ids,
 * each copy a minute later than the one before, so that no two customers share a time), read
 * in chunks of 4,096 events as the file log reads them: no event is held after its chunk.
 */
function generatedLog(customers: number): EventLog {
  const TEMPLATE = 10_000;
  const template = [...generateSampleBusiness({ seed: 7, customers: TEMPLATE })];
  const copies = Math.ceil(customers / TEMPLATE);
  const CHUNK = 4096;
  return {
    read(options?: ReadOptions): AsyncIterable<StoredEvent> {
      return {
        [Symbol.asyncIterator]() {
          let copy = 0;
          let index = 0;
          let position = 0;
          return iterateChunks(() => {
            const chunk: StoredEvent[] = [];
            while (chunk.length < CHUNK && copy < copies) {
              const event = template[index] as EventInput;
              position++;
              const customerId = `${event.customerId}-${copy}`;
              if (options?.customerId === undefined || options.customerId === customerId) {
                chunk.push({
                  ...event,
                  id: `${event.id}-${copy}`,
                  customerId,
                  at: (event.at as number) + copy * 60_000,
                  position,
                  version: 0,
                } as StoredEvent);
              }
              if (++index === template.length) {
                index = 0;
                copy++;
              }
            }
            return copy === copies && chunk.length === 0 ? undefined : chunk;
          });
        },
      };
    },
  } as unknown as EventLog;
}

/** Child process: MEMORY_CUSTOMERS customers streamed from a generated log, projected, the result kept alive. */
async function memoryPhase(): Promise<void> {
  const log = generatedLog(MEMORY_CUSTOMERS);
  (globalThis as { gc?: () => void }).gc?.();
  const baselineRssMiB = process.memoryUsage().rss / 2 ** 20;
  const measured = await measure(() => lifecycle.project(log));
  (globalThis as { gc?: () => void }).gc?.();
  const result: MemoryResult = {
    peakRssMiB: measured.peakRssMiB,
    baselineRssMiB,
    retainedHeapMiB: process.memoryUsage().heapUsed / 2 ** 20,
    events: measured.result.events,
    seconds: measured.seconds,
  };
  if (measured.result.customers.length !== Math.ceil(MEMORY_CUSTOMERS / 10_000) * 10_000) {
    throw new Error('customers lost');
  }
  console.log(JSON.stringify(result));
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
  console.log(JSON.stringify(result));
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
    ([part]) => part !== 'nothing' && part !== 'whole customer',
  );
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
  ];
}

if (process.argv.includes('--memory-phase')) {
  await memoryPhase();
} else if (process.argv.includes('--breakdown-phase')) {
  await breakdownPhase();
}
