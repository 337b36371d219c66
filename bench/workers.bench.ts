/**
 * Projection workers (src/log/postgres/workers) on a real server started for the run: the
 * whole log projected into `tenure_customer_states` by 1 worker process, then by 2 worker
 * processes sharing the partitions (each run a fresh projection name, so from scratch).
 *
 * - baseline: the single-process batch projection of the same events read from the log, with
 *   churn risk and lifetime value as the workers compute them
 *   (`createLifecycle().project(log.read(), { asOf, churn: true, clv: true })`), which writes
 *   nothing;
 * - 1 worker, 2 workers: events per second from the first worker's start to the last one's
 *   end (times reported by the workers themselves, so process start-up is not counted).
 *
 * `TENURE_BENCH_WORKERS_CUSTOMERS` sets the sample business size (default 80,000 customers,
 * about 1,000,000 events, the size issue 5 asks for; 16,000 gives about 200,000).
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import {
  createPostgresLog,
  migratePostgresLog,
  runProjectionWorkers,
} from '../src/log/postgres/index.js';
import { createLifecycle } from '../src/projection/createLifecycle.js';
import { generateSampleBusiness } from '../src/sample/index.js';
import { startPostgresServer } from '../test/support/postgresServer.js';
import { type BenchRow, formatNumber, measure, report } from './harness.js';

const SCHEMA = 'bench_workers';
const PARTITIONS = 16;

if (process.argv[2] === 'worker') {
  // A worker process: argv = 'worker', connection string, projection name, asOf.
  const [, , , connectionString, projection, asOf] = process.argv;
  // Start together: wait for the parent's go, sent once every worker process is loaded.
  process.stdout.write('ready\n');
  await new Promise((resolve) => process.stdin.once('data', resolve));
  const start = Date.now();
  const result = await runProjectionWorkers({
    connectionString: connectionString ?? '',
    schema: SCHEMA,
    projection: projection ?? 'default',
    asOf: Number(asOf),
    partitions: PARTITIONS,
    migrate: false,
  });
  process.stdout.write(`${JSON.stringify({ start, end: Date.now(), events: result.events })}\n`);
} else {
  await main();
}

async function runWorkers(url: string, processes: number, projection: string, asOf: number) {
  const script = fileURLToPath(import.meta.url);
  const children: Array<import('node:child_process').ChildProcess> = [];
  const ready: Array<Promise<void>> = [];
  const runs = Promise.all(
    Array.from(
      { length: processes },
      () =>
        new Promise<{ start: number; end: number; events: number }>((resolve, reject) => {
          const child = spawn(
            process.execPath,
            ['--import', 'tsx', script, 'worker', url, projection, String(asOf)],
            { stdio: ['pipe', 'pipe', 'inherit'] },
          );
          children.push(child);
          let output = '';
          ready.push(
            new Promise((loaded) => {
              child.stdout.on('data', (chunk: Buffer) => {
                output += chunk.toString();
                if (output.startsWith('ready\n')) loaded();
              });
            }),
          );
          child.once('exit', (code) =>
            code === 0
              ? resolve(JSON.parse(output.slice('ready\n'.length)))
              : reject(new Error(`worker exited ${code}`)),
          );
        }),
    ),
  );
  await Promise.all(ready);
  for (const child of children) child.stdin?.end('go\n');
  const done = await runs;
  const seconds =
    (Math.max(...done.map((r) => r.end)) - Math.min(...done.map((r) => r.start))) / 1e3;
  return { seconds, events: done.reduce((sum, r) => sum + r.events, 0) };
}

async function main() {
  const customers = Number(process.env.TENURE_BENCH_WORKERS_CUSTOMERS ?? 80_000);
  const server = await startPostgresServer();
  try {
    const rows: BenchRow[] = [];
    const log = await createPostgresLog({ connectionString: server.url, schema: SCHEMA });
    // The workers start with migrate: false, as after a deploy-time migration that named their
    // partition count (the index of the events by partition).
    const migrating = new pg.Pool({ connectionString: server.url, max: 1 });
    await migratePostgresLog({ pool: migrating, schema: SCHEMA, partitions: PARTITIONS });
    await migrating.end();
    let batch = [];
    let asOf = 0;
    for (const event of generateSampleBusiness({ seed: 11, customers, order: 'time' })) {
      batch.push(event);
      asOf = Math.max(asOf, Number(new Date(event.at as never)));
      if (batch.length === 5_000) {
        await log.append(batch);
        batch = [];
      }
    }
    if (batch.length > 0) await log.append(batch);
    const total = await log.position();

    const replay = await measure(() =>
      createLifecycle().project(log.read(), { asOf, churn: true, clv: true }),
    );
    const baseRate = total / replay.seconds;
    rows.push({
      case: 'single-process projection with churn + CLV, no writes (baseline)',
      value: baseRate,
      unit: 'events/s',
      note: `${formatNumber(total)} events, ${formatNumber(replay.result.customers.length)} customers`,
    });
    await log.close();

    const one = await runWorkers(server.url, 1, 'bench1', asOf);
    if (one.events !== total) throw new Error(`1 worker covered ${one.events} of ${total}`);
    const oneRate = total / one.seconds;
    rows.push({
      case: '1 worker process',
      value: oneRate,
      unit: 'events/s',
      ratio: `${(oneRate / baseRate).toFixed(2)}x of baseline`,
      note: `${PARTITIONS} partitions, batches of 5,000; models fitted once, from the SQL summary`,
    });
    const two = await runWorkers(server.url, 2, 'bench2', asOf);
    if (two.events !== total) throw new Error(`2 workers covered ${two.events} of ${total}`);
    const twoRate = total / two.seconds;
    rows.push({
      case: '2 worker processes',
      value: twoRate,
      unit: 'events/s',
      ratio: `${(twoRate / oneRate).toFixed(2)}x of 1 worker`,
      note: `machine: ${formatNumber((await import('node:os')).availableParallelism())} CPUs, shared`,
    });
    const pool = new pg.Pool({ connectionString: server.url, max: 1 });
    const differing = await pool.query<{ n: string }>(
      `SELECT count(*) AS n FROM ${SCHEMA}.tenure_customer_states a
       FULL JOIN ${SCHEMA}.tenure_customer_states b
         ON b.projection = 'bench2' AND a.customer_id = b.customer_id
       WHERE a.projection = 'bench1'
         AND (b.customer_id IS NULL OR a.machines <> b.machines OR a.facts <> b.facts
              OR a.history <> b.history OR a.stage <> b.stage
              OR a.churn_risk IS DISTINCT FROM b.churn_risk
              OR a.clv_total IS DISTINCT FROM b.clv_total)`,
    );
    const valued = await pool.query<{ n: string }>(
      `SELECT count(clv_total) AS n FROM ${SCHEMA}.tenure_customer_states
       WHERE projection = 'bench1'`,
    );
    await pool.end();
    if (Number(differing.rows[0]?.n) !== 0) throw new Error('1 and 2 workers disagree');
    if (Number(valued.rows[0]?.n) !== replay.result.valuation?.valued.clv) {
      throw new Error('the workers valued other customers than the single-process projection');
    }
    report('projection workers (PostgreSQL)', rows);
  } finally {
    await server.stop();
  }
}
