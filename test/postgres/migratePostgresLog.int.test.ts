import { expect, it } from 'vitest';
import { isTenureError } from '../../src/errors/TenureError.js';
import { createPostgresLog, migratePostgresLog } from '../../src/log/postgres/index.js';
import { migrateWith } from '../../src/log/postgres/migratePostgresLog.js';
import { postgresMigrations } from '../../src/log/postgres/postgresMigrations.js';
import { createProjectionWorker } from '../../src/log/postgres/workers/createProjectionWorker.js';
import { usePostgres } from '../support/usePostgres.js';
import { purchase } from './purchases.js';

const db = usePostgres();

it('migrations run concurrently from several clients apply each version exactly once', async () => {
  const schema = db.schema();
  const results = await Promise.all(
    Array.from({ length: 6 }, () => migratePostgresLog({ pool: db.pool({ max: 1 }), schema })),
  );
  const latest = postgresMigrations.length;
  expect(results.every((result) => result.version === latest)).toBe(true);
  expect(results.flatMap((result) => result.applied).sort()).toEqual(
    postgresMigrations.map((migration) => migration.version),
  );
  const recorded = await db
    .pool()
    .query(`SELECT version FROM "${schema}".tenure_migrations ORDER BY version`);
  expect(recorded.rows.map((row) => row.version)).toEqual(
    postgresMigrations.map((migration) => migration.version),
  );
  // Opening logs concurrently (each migrating) works too.
  const logs = await Promise.all(
    Array.from({ length: 4 }, () => createPostgresLog({ connectionString: db.url, schema })),
  );
  await logs[0]!.append([purchase('e1', 'c1', 0)]);
  expect(await logs[3]!.position()).toBe(1);
  await Promise.all(logs.map((log) => log.close()));
});

it('applies only the migrations a schema lacks, in order, and keeps the data', async () => {
  const schema = db.schema();
  const pool = db.pool();
  const log = await createPostgresLog({ pool, schema });
  await log.append([purchase('e1', 'c1', 0)]);
  const next = {
    version: postgresMigrations.length + 1,
    name: 'test: add a column',
    sql: (quoted: string) => `ALTER TABLE ${quoted}.tenure_events ADD COLUMN note text`,
  };
  const extended = [...postgresMigrations, next];
  const [first, second] = await Promise.all([
    migrateWith(pool, schema, extended),
    migrateWith(pool, schema, extended),
  ]);
  expect([...first!.applied, ...second!.applied]).toEqual([next.version]);
  expect(await migrateWith(pool, schema, extended)).toEqual({
    applied: [],
    version: next.version,
  });
  expect(await log.position()).toBe(1);
  expect(await log.verify()).toEqual({ ok: true, records: 1 });
  await log.close();
});

it('a failing migration leaves the schema as it was', async () => {
  const schema = db.schema();
  const pool = db.pool();
  const broken = [
    ...postgresMigrations,
    { version: 99, name: 'broken', sql: () => 'SELECT * FROM no_such_table' },
  ];
  await expect(migrateWith(pool, schema, broken)).rejects.toThrow(/no_such_table/);
  const exists = await pool.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [schema]);
  expect(exists.rows).toEqual([]);
});

it("creates the workers' partition index for a partition count, once, and a partition's read uses it", async () => {
  const schema = db.schema();
  const pool = db.pool({ max: 1 });
  await Promise.all(
    Array.from({ length: 3 }, () =>
      migratePostgresLog({ pool: db.pool({ max: 1 }), schema, partitions: 8 }),
    ),
  );
  const indexes = await pool.query(
    `SELECT indexname FROM pg_indexes WHERE schemaname = $1 AND indexname LIKE 'tenure_events_partition_%'`,
    [schema],
  );
  expect(indexes.rows.map((row) => row.indexname)).toEqual(['tenure_events_partition_8']);
  await pool.query('SET enable_seqscan = off');
  const plan = await pool.query(
    `EXPLAIN SELECT position FROM "${schema}".tenure_events
     WHERE (customer_hash & 2147483647) % 8 = 3 AND position > 0 ORDER BY position LIMIT 10`,
  );
  expect(plan.rows.map((row) => row['QUERY PLAN']).join('\n')).toContain(
    'tenure_events_partition_8',
  );
  await expect(migratePostgresLog({ pool, schema, partitions: 0 })).rejects.toThrow(
    /partitions must be an integer from 1/,
  );
});

it('refuses to open with migrate: false a schema never migrated or migrated by an older tenure, saying which version to run', async () => {
  const pool = db.pool();
  const missing = db.schema();
  const refusal = await createPostgresLog({ pool, schema: missing, migrate: false }).catch(
    (error: unknown) => error,
  );
  expect(isTenureError(refusal, 'TENURE_POSTGRES_SCHEMA')).toBe(true);
  expect((refusal as Error).message).toMatch(
    new RegExp(`createPostgresLog: schema "${missing}" has no tenure log.*migratePostgresLog`),
  );
  const created = await pool.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [missing]);
  expect(created.rows).toEqual([]);

  const older = db.schema();
  await migrateWith(pool, older, postgresMigrations.slice(0, 3));
  const latest = postgresMigrations.length;
  await expect(createPostgresLog({ pool, schema: older, migrate: false })).rejects.toThrow(
    new RegExp(
      `schema "${older}" is at version 3 of the log's tables; this tenure needs ${latest}`,
    ),
  );
  await expect(
    createProjectionWorker({ pool, schema: older, asOf: '2024-12-31', migrate: false }),
  ).rejects.toThrow(/createProjectionWorker: schema .* is at version 3.*migratePostgresLog/);
  // Once migrated, both open.
  await migratePostgresLog({ pool, schema: older });
  const log = await createPostgresLog({ pool, schema: older, migrate: false });
  await log.append([purchase('e1', 'c1', 0)]);
  expect(await log.position()).toBe(1);
  await log.close();
});

it('refuses a schema that holds tables tenure did not create, naming the table, and leaves it as it was', async () => {
  const pool = db.pool();
  const schema = db.schema();
  await pool.query(`CREATE SCHEMA "${schema}"; CREATE TABLE "${schema}".tenure_events (id int)`);
  const refusal = await createPostgresLog({ pool, schema }).catch((error: unknown) => error);
  expect(isTenureError(refusal, 'TENURE_POSTGRES_SCHEMA')).toBe(true);
  expect((refusal as Error).message).toMatch(
    new RegExp(
      `migratePostgresLog: schema "${schema}" already holds .*"tenure_events".* not created by tenure.*option schema`,
    ),
  );
  const tables = await pool.query(
    'SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = $1',
    [schema],
  );
  expect(tables.rows).toEqual([{ table_name: 'tenure_events', column_name: 'id' }]);
});

it('leaves an up-to-date schema alone: a worker starting waits for no append in flight', async () => {
  const schema = db.schema();
  const owner = db.pool({ max: 1 });
  const latest = { applied: [], version: postgresMigrations.length };
  await migratePostgresLog({ pool: owner, schema, partitions: 4 });
  // An append in flight holds tenure_events' ROW EXCLUSIVE lock until it commits.
  const writer = await db.pool({ max: 1 }).connect();
  await writer.query(`BEGIN; LOCK TABLE "${schema}".tenure_events IN ROW EXCLUSIVE MODE`);
  // A worker starting (it migrates with its partition count) must not queue behind it (and
  // every append after it behind itself).
  const starting = migratePostgresLog({ pool: db.pool({ max: 1 }), schema, partitions: 4 });
  const outcome = await Promise.race([
    starting,
    new Promise((resolve) => setTimeout(resolve, 3_000, 'waited for the append')),
  ]);
  await writer.query('ROLLBACK');
  writer.release();
  await starting;
  expect(outcome).toEqual(latest);
});
