/**
 * Event log throughput: append and read 1,000,000 events (batches of 1,000) with the memory log
 * and the file log. Each phase runs in its own child process so that its peak RSS is its own:
 *
 * - `memory`: append all, then read all (the memory log holds every event, so its read peak is
 *   the log itself);
 * - `file-append`: append all to a fresh file (fsync per batch);
 * - `file-read`: open the file written by `file-append` (scan + index), then read it all.
 *
 * Ratios are against the memory log measured in the same run. Rates are per wall-clock second;
 * the notes add events per second of the process's own CPU time, which a busy machine distorts
 * less (other processes steal wall time, not CPU time).
 *
 * `TENURE_BENCH_LOG_EVENTS` sets the number of events (default 1,000,000; a multiple of 1,000).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { EventInput } from '../src/events/TenureEvent.js';
import { createMemoryLog } from '../src/log/createMemoryLog.js';
import type { EventLog } from '../src/log/EventLog.js';
import { createFileLog } from '../src/log/file/createFileLog.js';
import { formatNumber, measure, report, target } from './harness.js';

const EVENTS = Number(process.env.TENURE_BENCH_LOG_EVENTS ?? 1_000_000);
const BATCH = 1_000;
const CUSTOMERS = 50_000;

interface PhaseResult {
  readonly appendPerSecond?: number;
  /** Events per second of this process's own CPU time (user + system): less sensitive to load. */
  readonly appendPerCpuSecond?: number;
  readonly readPerCpuSecond?: number;
  readonly openSeconds?: number;
  /** CPU seconds (user + system) the open took: the scan that builds the index. */
  readonly openCpuSeconds?: number;
  readonly readPerSecond?: number;
  readonly readPeakRssMiB?: number;
  readonly readHeapMiB?: number;
  readonly fileMiB?: number;
}

function batches(): EventInput[][] {
  const all: EventInput[][] = [];
  const start = Date.UTC(2020, 0, 1);
  for (let b = 0; b < EVENTS / BATCH; b++) {
    const batch: EventInput[] = new Array(BATCH);
    for (let i = 0; i < BATCH; i++) {
      const n = b * BATCH + i;
      batch[i] = {
        id: `e${n}`,
        type: 'purchase',
        customerId: `c${(n * 7919) % CUSTOMERS}`,
        at: start + n * 60_000,
        data: { orderId: `o${n}`, amount: (n % 500) + 0.99, currency: 'USD' },
      };
    }
    all.push(batch);
  }
  return all;
}

/** CPU seconds (user + system) of this process since `since`. */
function cpuSeconds(since: NodeJS.CpuUsage): number {
  const { user, system } = process.cpuUsage(since);
  return (user + system) / 1e6;
}

async function appendAll(log: EventLog): Promise<{ perSecond: number; perCpuSecond: number }> {
  const input = batches();
  const cpu = process.cpuUsage();
  const { seconds } = await measure(async () => {
    for (const batch of input) await log.append(batch);
  });
  return { perSecond: EVENTS / seconds, perCpuSecond: EVENTS / cpuSeconds(cpu) };
}

async function readAll(
  log: EventLog,
): Promise<{ perSecond: number; perCpuSecond: number; peak: number; heap: number }> {
  let count = 0;
  const cpu = process.cpuUsage();
  let heapPeak = 0;
  const { seconds, peakRssMiB } = await measure(async () => {
    for await (const event of log.read()) {
      count += event.version > 0 ? 1 : 0;
      if ((count & 0xffff) === 0) {
        heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed / 2 ** 20);
      }
    }
  });
  if (count !== EVENTS) throw new Error(`read ${count} events, expected ${EVENTS}`);
  return {
    perSecond: EVENTS / seconds,
    perCpuSecond: EVENTS / cpuSeconds(cpu),
    peak: peakRssMiB,
    heap: heapPeak,
  };
}

async function phase(name: string, path: string): Promise<PhaseResult> {
  if (name === 'memory') {
    const log = createMemoryLog();
    const append = await appendAll(log);
    const read = await readAll(log);
    return {
      appendPerSecond: append.perSecond,
      appendPerCpuSecond: append.perCpuSecond,
      readPerSecond: read.perSecond,
      readPerCpuSecond: read.perCpuSecond,
      readPeakRssMiB: read.peak,
      readHeapMiB: read.heap,
    };
  }
  if (name === 'file-append') {
    const log = await createFileLog(path);
    const append = await appendAll(log);
    await log.close();
    return {
      appendPerSecond: append.perSecond,
      appendPerCpuSecond: append.perCpuSecond,
      fileMiB: statSync(path).size / 2 ** 20,
    };
  }
  const openCpu = process.cpuUsage();
  const opened = await measure(() => createFileLog(path, { readOnly: true }));
  const openCpuSeconds = cpuSeconds(openCpu);
  const read = await readAll(opened.result);
  await opened.result.close();
  return {
    openSeconds: opened.seconds,
    openCpuSeconds,
    readPerSecond: read.perSecond,
    readPerCpuSecond: read.perCpuSecond,
    readPeakRssMiB: read.peak,
    readHeapMiB: read.heap,
  };
}

function runPhase(name: string, path: string): PhaseResult {
  const child = spawnSync(
    process.execPath,
    [...process.execArgv, fileURLToPath(import.meta.url), name, path],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] },
  );
  if (child.status !== 0) throw new Error(`phase ${name} failed with ${child.status}`);
  return JSON.parse(child.stdout.trim().split('\n').at(-1)!) as PhaseResult;
}

const [phaseName, phasePath] = process.argv.slice(2);
if (phaseName !== undefined) {
  console.log(JSON.stringify(await phase(phaseName, phasePath ?? '')));
} else {
  const directory = mkdtempSync(join(tmpdir(), 'tenure-bench-log-'));
  const path = join(directory, 'events.jsonl');
  try {
    const memory = runPhase('memory', path);
    const fileAppend = runPhase('file-append', path);
    const fileRead = runPhase('file-read', path);
    const ratio = (value = 0, base = 1, of = '') => `${formatNumber(value / base)}x of ${of}`;
    const cpu = (perCpuSecond = 0) => `${formatNumber(perCpuSecond)} per CPU-s`;
    report(`event log: ${formatNumber(EVENTS)} events, batches of ${BATCH}`, [
      {
        case: 'memory log: read',
        value: memory.readPerSecond!,
        unit: 'events/s',
        ratio: 'baseline',
        target: target(memory.readPerSecond!, 2e6),
        note: `${cpu(memory.readPerCpuSecond)}; peak RSS ${formatNumber(memory.readPeakRssMiB!)} MiB (holds the log)`,
      },
      {
        case: 'memory log: append',
        value: memory.appendPerSecond!,
        unit: 'events/s',
        ratio: 'baseline (append)',
        note: cpu(memory.appendPerCpuSecond),
      },
      {
        case: 'file log: read',
        value: fileRead.readPerSecond!,
        unit: 'events/s',
        ratio: ratio(fileRead.readPerSecond, memory.readPerSecond, 'memory read'),
        target: target(fileRead.readPerSecond!, 3e5),
        note: `${cpu(fileRead.readPerCpuSecond)}; peak RSS ${formatNumber(fileRead.readPeakRssMiB!)} MiB incl. index, heap peak ${formatNumber(fileRead.readHeapMiB!)} MiB; open ${formatNumber(fileRead.openSeconds!)} s (${formatNumber(fileRead.openCpuSeconds!)} CPU-s)`,
      },
      {
        case: 'file log: append (fsync per batch)',
        value: fileAppend.appendPerSecond!,
        unit: 'events/s',
        ratio: ratio(fileAppend.appendPerSecond, memory.appendPerSecond, 'memory append'),
        target: target(fileAppend.appendPerSecond!, 1e5),
        note: `${cpu(fileAppend.appendPerCpuSecond)}; file ${formatNumber(fileAppend.fileMiB!)} MiB`,
      },
    ]);
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}
