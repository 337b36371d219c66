/**
 * Projection throughput and memory (issue 3): the default lifecycle over 1,000,000 events of
 * the seeded sample business (about 100,000 customers, every built-in event type, 1% of the
 * events stored up to 30 days late), read from the memory log. Baselines measured in the same
 * run:
 *
 * - (a) a hand-written reducer of the same lifecycle (bench/projection.handReducer.ts): same
 *   grouping, sorting, clocks and history, switch statements instead of compiled machines;
 * - (b) one XState actor per machine per customer (createActor + send), on a sample of
 *   customers, extrapolated per event.
 *
 * Rates are events per CPU-second (`process.cpuUsage()`, user + system, best of 3): the machine
 * is shared, so wall-clock time swings with the load (it is given in the notes).
 *
 * Peak memory for 1,000,000 customers runs in a child process (its own peak RSS): the events
 * stream in chunks from a generated log (as from a file log, not held in memory). A second child
 * measures the heap a projection result retains per customer, field by field, on a smaller log.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createActor } from 'xstate';
import type { EventInput, StoredEvent } from '../src/events/TenureEvent.js';
import { createMemoryLog } from '../src/log/createMemoryLog.js';
import type { EventLog, ReadOptions } from '../src/log/EventLog.js';
import { iterateChunks } from '../src/log/iterateChunks.js';
import { defaultLifecycle } from '../src/machines/defaultLifecycle.js';
import { formatStateValue } from '../src/machines/formatStateValue.js';
import type { LifecycleState, MachineState } from '../src/machines/LifecycleState.js';
import { BatchFold } from '../src/projection/BatchFold.js';
import type { CustomerState } from '../src/projection/CustomerState.js';
import { createLifecycle } from '../src/projection/createLifecycle.js';
import { createSeededRandom } from '../src/sample/createSeededRandom.js';
import { generateSampleBusiness } from '../src/sample/generateSampleBusiness.js';
import { formatNumber, measure, report, target, targetAtMost } from './harness.js';
import { reduceDefaultLifecycle } from './projection.handReducer.js';

const EVENTS = Number(process.env.TENURE_BENCH_PROJECTION_EVENTS ?? 1_000_000);
const CUSTOMERS = Math.round(EVENTS / 10);
const MEMORY_CUSTOMERS = Number(process.env.TENURE_BENCH_PROJECTION_MEMORY_CUSTOMERS ?? 1_000_000);
/** Customers of the retained-heap breakdown (each field is measured by its own projection). */
const BREAKDOWN_CUSTOMERS = Number(
  process.env.TENURE_BENCH_PROJECTION_BREAKDOWN_CUSTOMERS ?? 20_000,
);
const ACTOR_SAMPLE = 2_000;
/** The child's heap limit: the 1 GiB target, so that garbage cannot inflate the peak. */
const MEMORY_HEAP_MIB = Number(process.env.TENURE_BENCH_PROJECTION_HEAP_MIB ?? 1024);
const RUNS = 3;
const DAY = 86_400_000;

const lifecycle = createLifecycle();

async function main(): Promise<void> {
  console.log(`\nprojection: generating ${formatNumber(EVENTS)} events of the sample business ...`);
  const inputs = sampleEvents();
  const log = createMemoryLog();
  const appended = await measure(async () => {
    for (let index = 0; index < inputs.length; index += 10_000) {
      await log.append(inputs.slice(index, index + 10_000));
    }
  });
  const stored: StoredEvent[] = [];
  const read = await measure(async () => {
    for await (const event of log.read()) stored.push(event);
  });
  const customers = new Set(stored.map((event) => event.customerId)).size;
  const asOf = stored.reduce((latest, event) => Math.max(latest, event.at), 0);
  console.log(
    `${formatNumber(stored.length)} events, ${formatNumber(customers)} customers; append took ${appended.seconds.toFixed(1)} s`,
  );

  // Interleaved rounds (each case once per round), results dropped as soon as measured: every
  // case runs under the same load and the same live heap (the log and the stored events).
  const timed = await bestOfRounds({
    fromLog: () => lifecycle.project(log),
    fromArray: () => lifecycle.projectEvents(stored),
    unfrozen: () => {
      const batch = new BatchFold(internals(), undefined, true);
      batch.addAll(stored);
      for (const id of batch.late) batch.refold(id, batch.keptEvents(id));
      return batch.project(undefined, false);
    },
    reducer: () => reduceDefaultLifecycle(stored, asOf),
  });
  const { fromLog, fromArray, unfrozen, reducer } = timed;

  // The reducer must compute the same lifecycle, or the comparison means nothing.
  const projection = lifecycle.projectEvents(stored);
  const reduced = reduceDefaultLifecycle(stored, asOf);
  let agree = 0;
  reduced.forEach((customer, index) => {
    const engine = projection.customers[index];
    if (
      engine?.customerId === customer.customerId &&
      engine.stage === customer.stage &&
      JSON.stringify(engine.history) === JSON.stringify(customer.history)
    ) {
      agree++;
    }
  });

  const actors = await measureCpu(() => runActors(stored, ACTOR_SAMPLE));
  const perSecond = (seconds: number, events = stored.length) => events / seconds;
  const engineRate = perSecond(fromLog.seconds);
  const arrayRate = perSecond(fromArray.seconds);
  const reducerRate = perSecond(reducer.seconds);
  const actorRate = perSecond(actors.seconds, actors.result.events);
  const late = projection.events;

  const memory = MEMORY_CUSTOMERS > 0 ? runMemoryPhase() : undefined;
  const breakdown = BREAKDOWN_CUSTOMERS > 0 ? runBreakdownPhase() : undefined;
  const wall = (timed: Timed) => `${timed.wallSeconds.toFixed(2)} s wall`;
  report('projection (default lifecycle)', [
    {
      case: 'lifecycle.project(memoryLog)',
      value: engineRate,
      unit: 'events/CPU-s',
      ratio: `${(reducer.seconds / fromLog.seconds).toFixed(2)}x of reducer (a) speed; reducer is ${(fromLog.seconds / reducer.seconds).toFixed(2)}x faster`,
      target: target(engineRate, 2_000_000),
      note: `best of ${RUNS} by CPU time (${wall(fromLog)}); ${formatNumber(stored.length)} events, ${formatNumber(customers)} customers, deep-frozen result`,
    },
    {
      case: 'lifecycle.projectEvents(array)',
      value: arrayRate,
      unit: 'events/CPU-s',
      ratio: `${(reducer.seconds / fromArray.seconds).toFixed(2)}x of reducer (a) speed; reducer is ${(fromArray.seconds / reducer.seconds).toFixed(2)}x faster`,
      target: `within 3x of (a): ${fromArray.seconds / reducer.seconds <= 3 ? 'met' : 'NOT met'}`,
      note: `same input as (a) (${wall(fromArray)}); ${formatNumber(late)} events counted`,
    },
    {
      case: 'engine without deep freeze',
      value: perSecond(unfrozen.seconds),
      unit: 'events/CPU-s',
      ratio: `freeze costs ${formatNumber(((fromArray.seconds - unfrozen.seconds) / fromArray.seconds) * 100)}% of projectEvents`,
      note: `the deep freeze of the result (every object once; shared parts skipped) left out (${wall(unfrozen)})`,
    },
    {
      case: '(a) hand-written reducer',
      value: reducerRate,
      unit: 'events/CPU-s',
      ratio: '1x',
      note: `${wall(reducer)}; agrees with the engine on stage and history for ${formatNumber(agree)} of ${formatNumber(reduced.length)} customers`,
    },
    {
      case: '(b) XState actor per customer',
      value: actorRate,
      unit: 'events/CPU-s',
      ratio: `engine is ${(engineRate / actorRate).toFixed(1)}x faster`,
      target: `engine >= 20x faster: ${engineRate / actorRate >= 20 ? 'met' : 'NOT met'}`,
      note: `sample of ${formatNumber(actors.result.customers)} customers (${formatNumber(actors.result.events)} events), extrapolated per event`,
    },
    {
      case: 'memory log read only',
      value: perSecond(read.seconds),
      unit: 'events/s',
      note: 'wall clock; for await over log.read(), one event at a time (project(log) reads chunks)',
    },
    ...(memory === undefined ? [] : [memoryRow(memory)]),
    ...(breakdown === undefined ? [] : breakdownRows(breakdown)),
  ]);
}

/** The sample business in time order, cut at EVENTS, with 1% of events stored late. */
function sampleEvents(): EventInput[] {
  const all: EventInput[] = [];
  for (const event of generateSampleBusiness({ seed: 42, customers: CUSTOMERS, order: 'time' })) {
    if (all.length === EVENTS) break;
    all.push(event);
  }
  const random = createSeededRandom('tenure-bench/projection');
  const keyed = all.map((event, index) => ({
    event,
    index,
    key: (event.at as number) + (random.next() < 0.01 ? random.next() * 30 * DAY : 0),
  }));
  keyed.sort((a, b) => a.key - b.key || a.index - b.index);
  return keyed.map((entry) => entry.event);
}

interface Timed {
  /** CPU time (user + system, GC threads included), the figure the rates use. */
  readonly seconds: number;
  readonly wallSeconds: number;
}

/**
 * Runs `fn` once, measuring its CPU time (the process's, so run nothing else meanwhile). The
 * collection of earlier garbage happens before the clock starts.
 */
async function measureCpu<T>(fn: () => T | Promise<T>): Promise<Timed & { readonly result: T }> {
  const { result, cpuSeconds, seconds } = await measure(fn);
  return { result, seconds: cpuSeconds, wallSeconds: seconds };
}

/** {@link RUNS} rounds of every case; per case the run with the least CPU time. */
async function bestOfRounds<TCase extends string>(
  cases: Record<TCase, () => unknown>,
): Promise<Record<TCase, Timed>> {
  const fastest: Partial<Record<TCase, Timed>> = {};
  for (let round = 0; round < RUNS; round++) {
    for (const name of Object.keys(cases) as TCase[]) {
      const fn = cases[name];
      const { seconds, wallSeconds } = await measureCpu(fn);
      const previous = fastest[name];
      if (previous === undefined || seconds < previous.seconds) {
        fastest[name] = { seconds, wallSeconds };
      }
    }
  }
  return fastest as Record<TCase, Timed>;
}

function internals() {
  return {
    compiled: lifecycle.compiled,
    name: lifecycle.name,
    fingerprint: 'bench',
    activeStages: undefined,
  };
}

/** Baseline (b): an XState actor per machine per customer, clocks and stages as the engine does. */
function runActors(
  stored: readonly StoredEvent[],
  sample: number,
): { customers: number; events: number } {
  const groups = new Map<string, StoredEvent[]>();
  for (const event of stored) {
    const list = groups.get(event.customerId);
    if (list === undefined) {
      if (groups.size === sample) continue;
      groups.set(event.customerId, [event]);
    } else list.push(event);
  }
  const machines = Object.entries(defaultLifecycle.machines);
  let events = 0;
  for (const [, list] of groups) {
    list.sort((a, b) => a.at - b.at || a.position - b.position);
    const actors = machines.map(([id, machine]) => [id, createActor(machine).start()] as const);
    const state = (): LifecycleState => {
      const current: Record<string, MachineState> = {};
      for (const [id, actor] of actors) {
        const snapshot = actor.getSnapshot();
        current[id] = { value: formatStateValue(snapshot.value), context: snapshot.context };
      }
      return { machines: current };
    };
    const history: { stage: string; at: number }[] = [];
    let stage = '';
    const send = (event: { type: string; at: number }) => {
      for (const [, actor] of actors) actor.send(event as never);
      const next = defaultLifecycle.stageOf(state());
      if (next !== stage) {
        stage = next;
        history.push({ stage, at: event.at });
      }
    };
    for (const event of list) {
      for (let wake = defaultLifecycle.wakeAt(state()); wake !== undefined && wake <= event.at; ) {
        send({ type: 'clock', at: wake });
        const next = defaultLifecycle.wakeAt(state());
        if (next === wake) break;
        wake = next;
      }
      send(event);
      events++;
    }
    for (const [, actor] of actors) actor.stop();
  }
  return { customers: groups.size, events };
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

// Last, so that every declaration above is initialised before a phase runs.
if (process.argv.includes('--memory-phase')) {
  await memoryPhase();
} else if (process.argv.includes('--breakdown-phase')) {
  await breakdownPhase();
} else {
  await main();
}
