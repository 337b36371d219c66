/**
 * PostgreSQL log throughput on a real server started for the run (test/support/postgresServer.ts,
 * production durability: fsync and synchronous commit on).
 *
 * - append: EVENTS events in batches of 1,000 by one writer; baseline: the memory log appending
 *   the same batches (the same validation and planning, no I/O);
 * - append, 4 writers: appends are serialised by design (gap-free positions in commit order, see
 *   src/log/postgres/appendToPostgres.ts); this shows what concurrent writers get;
 * - catch-up read of the whole log; baseline: the bare `pg` queries of the same pages (rows as
 *   arrays, no events built);
 * - verify: the hash chain recomputed over the whole log;
 * - the RFM summary computed by SQL (summarizeCustomersInPostgres) against reading the log and
 *   summarising in Node (summarizeCustomersAsync).
 *
 * `TENURE_BENCH_PG_EVENTS` sets the single-writer size (default 200,000; a multiple of 8,000, so
 * that the 4 writers' half share whole batches);
 * `TENURE_BENCH_PG_READS` how often the bare SELECT and the read each run, alternating, the best
 * run of each reported (default 3: the machine may be shared, and a single run of a second or two
 * is at the mercy of its neighbours). Notes give the client's CPU time per event (process CPU,
 * steadier than wall time); the server's is not counted.
 */
import pg from 'pg';
import type { EventInput } from '../src/events/TenureEvent.js';
import { createMemoryLog } from '../src/log/createMemoryLog.js';
import type { EventLog } from '../src/log/EventLog.js';
import { createPostgresLog, summarizeCustomersInPostgres } from '../src/log/postgres/index.js';
import { summarizeCustomersAsync } from '../src/models/summary/summarizeCustomers.js';
import { startPostgresServer } from '../test/support/postgresServer.js';
import {
  type BenchRow,
  formatNumber,
  type Measurement,
  measure,
  report,
  target,
} from './harness.js';

const EVENTS = Number(process.env.TENURE_BENCH_PG_EVENTS ?? 200_000);
const BATCH = 1_000;
const CUSTOMERS = 20_000;
const WRITERS = 4;
const READS = Number(process.env.TENURE_BENCH_PG_READS ?? 3);

function batch(first: number, prefix = 'e'): EventInput[] {
  const start = Date.UTC(2020, 0, 1);
  const events: EventInput[] = new Array(BATCH);
  for (let i = 0; i < BATCH; i++) {
    const n = first + i;
    events[i] = {
      id: `${prefix}${n}`,
      type: 'purchase',
      customerId: `c${(n * 7919) % CUSTOMERS}`,
      at: start + n * 60_000,
      data: { orderId: `o${prefix}${n}`, amount: (n % 500) + 0.99, currency: 'USD' },
    };
  }
  return events;
}

async function appendRange(log: EventLog, from: number, to: number, prefix = 'e') {
  for (let first = from; first < to; first += BATCH) await log.append(batch(first, prefix));
}

const server = await startPostgresServer({ durable: true });
try {
  const rows: BenchRow[] = [];

  const memory = createMemoryLog();
  const memoryAppend = await measure(() => appendRange(memory, 0, EVENTS));
  await memory.close();
  const memoryRate = EVENTS / memoryAppend.seconds;
  rows.push({ case: 'memory log append (baseline)', value: memoryRate, unit: 'events/s' });

  const log = await createPostgresLog({ connectionString: server.url, schema: 'bench' });
  const append = await measure(() => appendRange(log, 0, EVENTS));
  const appendRate = EVENTS / append.seconds;
  rows.push({
    case: `postgres append, 1 writer, batches of ${formatNumber(BATCH)}`,
    value: appendRate,
    unit: 'events/s',
    ratio: `${(appendRate / memoryRate).toFixed(2)}x of memory log`,
    target: target(appendRate, 20_000),
    note: `${formatNumber(EVENTS)} events; client CPU ${formatNumber((append.cpuSeconds / EVENTS) * 1e6)} µs/event (memory log ${formatNumber((memoryAppend.cpuSeconds / EVENTS) * 1e6)})`,
  });

  const writers = await Promise.all(
    Array.from({ length: WRITERS }, () =>
      createPostgresLog({ connectionString: server.url, schema: 'bench' }),
    ),
  );
  const share = EVENTS / 2 / WRITERS;
  const concurrent = await measure(() =>
    Promise.all(writers.map((writer, w) => appendRange(writer, 0, share, `w${w}-`))),
  );
  const concurrentRate = (share * WRITERS) / concurrent.seconds;
  rows.push({
    case: `postgres append, ${WRITERS} concurrent writers`,
    value: concurrentRate,
    unit: 'events/s',
    ratio: `${(concurrentRate / appendRate).toFixed(2)}x of 1 writer`,
    note: 'appends are serialised (one head-row lock)',
  });
  await Promise.all(writers.map((writer) => writer.close()));

  const total = await log.position();
  const sqlPool = new pg.Pool({ connectionString: server.url, max: 1 });
  const pool = new pg.Pool({ connectionString: server.url, max: 1 });
  const bareSelect = async () => {
    let count = 0;
    for (let after = 0; after < total; after += 5_000) {
      const page = await pool.query({
        text: `SELECT event_id, type, customer_id, at, data, meta, position, version
               FROM bench.tenure_events WHERE position > $1 AND position <= $2 ORDER BY position`,
        values: [after, Math.min(after + 5_000, total)],
        rowMode: 'array',
      });
      count += page.rows.length;
    }
    return count;
  };
  const readAll = async () => {
    let count = 0;
    let sum = 0;
    for await (const event of log.read()) {
      count++;
      sum += event.version;
    }
    return count + sum * 0;
  };
  let bare: Measurement<number> | undefined;
  let read: Measurement<number> | undefined;
  for (let run = 0; run < READS; run++) {
    bare = fastest(bare, await measure(bareSelect));
    read = fastest(read, await measure(readAll));
  }
  if (bare === undefined || read === undefined)
    throw new Error('TENURE_BENCH_PG_READS must be >= 1');
  await pool.end();
  const bareRate = bare.result / bare.seconds;
  rows.push({
    case: 'bare pg SELECT of the same pages (baseline)',
    value: bareRate,
    unit: 'rows/s',
    note: `best of ${READS}; client CPU ${cpuPerEvent(bare)}`,
  });
  const readRate = read.result / read.seconds;
  rows.push({
    case: 'postgres catch-up read (whole log)',
    value: readRate,
    unit: 'events/s',
    ratio: `${(readRate / bareRate).toFixed(2)}x of bare SELECT`,
    target: target(readRate, 200_000),
    note: `${formatNumber(read.result)} events, best of ${READS}; client CPU ${cpuPerEvent(read)}; heap after ${formatNumber(read.heapUsedMiB)} MiB, peak RSS ${formatNumber(read.peakRssMiB)} MiB`,
  });

  const verify = await measure(() => log.verify());
  if (!verify.result.ok) throw new Error(`verify failed: ${JSON.stringify(verify.result)}`);
  rows.push({
    case: 'postgres verify (hash chain)',
    value: verify.result.records / verify.seconds,
    unit: 'records/s',
  });
  const summaryOptions = {
    calibrationEnd: '2020-05-31',
    holdoutEnd: '2020-12-31',
    unit: 'week',
  } as const;
  const inNode = await measure(() => summarizeCustomersAsync(log.read(), summaryOptions));
  const inSql = await measure(() =>
    summarizeCustomersInPostgres({ pool: sqlPool, schema: 'bench' }, summaryOptions),
  );
  if (inSql.result.customers.length !== inNode.result.customers.length) {
    throw new Error('the SQL summary and summarizeCustomers disagree on the customers');
  }
  rows.push({
    case: 'RFM summary: read() + summarizeCustomersAsync (baseline)',
    value: total / inNode.seconds,
    unit: 'events/s',
    note: `${formatNumber(inNode.result.customers.length)} customers`,
  });
  rows.push({
    case: 'RFM summary: summarizeCustomersInPostgres (SQL aggregation)',
    value: total / inSql.seconds,
    unit: 'events/s',
    ratio: `${(inNode.seconds / inSql.seconds).toFixed(2)}x of read + summarize`,
  });
  await sqlPool.end();
  await log.close();
  report(`PostgreSQL log (PostgreSQL on 127.0.0.1, fsync on; Node ${process.version})`, rows);
} finally {
  await server.stop();
}

/** The quicker of two runs of the same work. */
function fastest<T>(a: Measurement<T> | undefined, b: Measurement<T>): Measurement<T> {
  return a === undefined || b.seconds < a.seconds ? b : a;
}

/** A measurement's client CPU time per event (its result is the number of events). */
function cpuPerEvent(measurement: Measurement<number>): string {
  return `${formatNumber((measurement.cpuSeconds / measurement.result) * 1e6)} µs/event`;
}
