// 07 PostgreSQL as the log, with two writers and two projection workers: the same EventLog
// interface as the memory and file logs, stored in tables of its own schema, safe for several
// writers at once (optimistic concurrency per customer stream), verifiable (a hash chain over
// the rows), and projected by workers that share the customers between them (each leases a
// part of the customer partitions) into the table tenure_customer_states.
// Needs a running server: TENURE_DATABASE_URL=postgres://user:password@host:5432/db
// Run: TENURE_DATABASE_URL=... npx tsx examples/07-postgres-log.ts
// The example works in the schema `tenure_example_07`, which it drops before and after.
import pg from 'pg';
import {
  ConcurrencyError,
  createLifecycle,
  type DefaultStage,
  type EventLog,
  generateSampleBusiness,
  stageCounts,
} from 'tenure';
import {
  createPostgresLog,
  createProjectionWorker,
  summarizeCustomersInPostgres,
} from 'tenure/postgres';

const url = process.env.TENURE_DATABASE_URL;
if (url === undefined || url === '') {
  console.error('This example needs a PostgreSQL server. Set TENURE_DATABASE_URL, e.g.');
  console.error('  TENURE_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \\');
  console.error('    npx tsx examples/07-postgres-log.ts');
  process.exit(1);
}
const schema = 'tenure_example_07';
const pool = new pg.Pool({ connectionString: url });
await pool.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);

// Two writers, each with its own connections, as two processes would have.
const writerA = await createPostgresLog({ connectionString: url, schema });
const writerB = await createPostgresLog({ connectionString: url, schema });

const purchase = (id: string, customerId: string, at: string, amount: number) => ({
  id,
  type: 'purchase',
  customerId,
  at,
  data: { orderId: id, amount, currency: 'EUR' },
});
await writerA.append([
  purchase('o1', 'ines', '2024-01-10', 25),
  purchase('o2', 'ines', '2024-02-12', 40),
  purchase('o3', 'jon', '2024-01-20', 90),
]);

// Both writers decide on Ines's next event from the version they read; only one can win.
// The loser gets a ConcurrencyError, nothing of its batch is written; it reads again, retries.
async function appendOrder(log: EventLog, writer: string, orderId: string): Promise<string> {
  for (let attempt = 1; ; attempt++) {
    const version = await log.version('ines');
    try {
      await log.append([purchase(orderId, 'ines', '2024-03-01', 30)], {
        expectedVersions: { ines: version },
      });
      return `${writer} appended ${orderId} at version ${version + 1} (attempt ${attempt})`;
    } catch (error) {
      if (!(error instanceof ConcurrencyError) || attempt === 5) throw error;
    }
  }
}
const outcomes = await Promise.all([
  appendOrder(writerA, 'writer A', 'o4'),
  appendOrder(writerB, 'writer B', 'o5'),
]);
for (const line of outcomes.sort()) console.log(line);
console.log(`ines's stream is at version ${await writerA.version('ines')}`);

// Appends are idempotent: the same event again is skipped, not doubled.
const again = await writerB.append([purchase('o1', 'ines', '2024-01-10', 25)]);
console.log(`re-appending o1: ${again.appended.length} appended, skipped ${again.skipped.join()}`);

// Project straight from the database, and check the hash chain.
const projection = await createLifecycle().project(writerA, { asOf: '2024-03-31' });
for (const customer of projection.customers) {
  console.log(`${customer.customerId}: ${customer.stage}, ${customer.facts.purchases} purchases`);
}
const verified = await writerA.verify();
console.log(`verify: ${verified.ok ? `ok, ${verified.records} records` : verified.reason}`);

// The model inputs (x repeat purchases, t_x, T in weeks) aggregated by the database in one
// query; with thousands of customers, pass the summary to fitBgNbd.
const summary = await summarizeCustomersInPostgres(
  { pool, schema },
  { calibrationEnd: '2024-03-31', unit: 'week' },
);
for (const row of summary.customers) {
  console.log(
    `${row.customerId}: x = ${row.x}, t_x = ${row.tx.toFixed(2)}, T = ${row.T.toFixed(2)}`,
  );
}

// Two projection workers (in production: two processes or machines) share 8 partitions of the
// customers and write every customer's state at asOf into tenure_customer_states. First give
// them more customers: the seeded sample business, 300 people over 2023-2024.
await writerB.append([...generateSampleBusiness({ seed: 7, customers: 300 })]);
const asOf = '2024-12-31T23:59:59Z';
const options = { connectionString: url, schema, asOf, partitions: 8 };
const first = await createProjectionWorker({ ...options, workerId: 'worker-1' });
const second = await createProjectionWorker({ ...options, workerId: 'worker-2', migrate: false });
for (let round = 1; round <= 100; round++) {
  const rounds = await Promise.all([first.runOnce(), second.runOnce()]);
  if (rounds.every((r) => r.caughtUp)) break;
}
console.log(`worker-1 holds partitions ${first.partitions().join(',')}`);
console.log(`worker-2 holds partitions ${second.partitions().join(',')}`);
await first.stop();
await second.stop();

// The table answers in SQL what the projection answers in code, and they agree.
const table = await pool.query<{ stage: DefaultStage; n: string }>(
  `SELECT stage, count(*) AS n FROM ${schema}.tenure_customer_states GROUP BY stage ORDER BY stage`,
);
const inCode = stageCounts(await createLifecycle().project(writerA, { asOf })).counts;
let agree = true;
for (const { stage, n } of table.rows) {
  console.log(`${stage}: ${n} in the table`);
  if (inCode[stage] !== Number(n)) agree = false;
}
const tableTotal = table.rows.reduce((sum, row) => sum + Number(row.n), 0);
const codeTotal = Object.values(inCode).reduce((sum, n) => sum + n, 0);
console.log(
  `table and projection agree: ${agree && tableTotal === codeTotal} (${tableTotal} customers)`,
);

await writerA.close();
await writerB.close();
await pool.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
await pool.end();
