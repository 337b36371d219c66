import type { Pool } from 'pg';
import { TenureError } from '../../errors/TenureError.js';
import { unknownOption } from '../../errors/unknownOption.js';
import { type PostgresMigration, postgresMigrations } from './postgresMigrations.js';
import { DEFAULT_POSTGRES_SCHEMA, quotePostgresSchema } from './postgresSchemaName.js';

/** Options of {@link migratePostgresLog}. */
export interface MigratePostgresLogOptions {
  readonly pool: Pool;
  /** The schema holding the log's tables. Default: `tenure`. */
  readonly schema?: string;
  /**
   * The partition count of the projection workers that will run on the log (their
   * `partitions`): creates the index that lets each read its partition's events in position
   * order, `tenure_events_partition_<N>`. Without it every batch of every partition scans the
   * log from its checkpoint. Workers pass it themselves unless started with `migrate: false`.
   * Building it holds off appends while it runs (seconds per million events); on a large live
   * log create it beforehand with `CREATE INDEX CONCURRENTLY` and the same definition.
   */
  readonly partitions?: number;
}

/** What {@link migratePostgresLog} did. */
export interface MigratePostgresLogResult {
  /** Versions applied by this call (empty when the schema was up to date). */
  readonly applied: readonly number[];
  /** The schema's version afterwards. */
  readonly version: number;
}

/** First key of tenure's advisory locks (the second is the schema name's hash). */
const ADVISORY_LOCK_CLASS = 0x7e4e;

/**
 * Takes the schema's migration lock until the client's transaction ends: whatever creates or
 * changes tables in the schema (the log's migrations, a key store's table) takes turns, as
 * concurrent `CREATE ... IF NOT EXISTS` of one name can fail. Internal.
 */
export async function lockSchemaForChanges(
  client: { query(text: string, values: unknown[]): Promise<unknown> },
  schemaName: string,
): Promise<void> {
  await client.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [
    ADVISORY_LOCK_CLASS,
    schemaName,
  ]);
}

/**
 * Creates the log's schema and tables, or brings them up to date. Safe to run from several
 * processes at once: the whole migration runs in one transaction holding a transaction-level
 * advisory lock per schema, so a second process waits, then finds nothing left to do.
 * `createPostgresLog` calls it; call it yourself to migrate at deploy time.
 *
 * @example
 * ```ts
 * const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL });
 * const { version } = await migratePostgresLog({ pool, schema: 'tenure' });
 * ```
 */
export async function migratePostgresLog(
  options: MigratePostgresLogOptions,
): Promise<MigratePostgresLogResult> {
  const unknown = unknownOption('migratePostgresLog', options, ['pool', 'schema', 'partitions']);
  if (unknown !== undefined) throw new TypeError(unknown);
  const { partitions } = options;
  if (
    partitions !== undefined &&
    (!Number.isInteger(partitions) || partitions < 1 || partitions > 1 << 20)
  ) {
    throw new TypeError(
      `migratePostgresLog: partitions must be an integer from 1 to ${1 << 20}, got ${String(partitions)}.`,
    );
  }
  const schemaName = options.schema ?? DEFAULT_POSTGRES_SCHEMA;
  return migrateWith(
    options.pool,
    schemaName,
    postgresMigrations,
    partitions === undefined ? undefined : partitionIndex(partitions),
  );
}

/** An index created, when missing, after the migrations. */
export interface OptionalIndex {
  /** Its name, in the log's schema. */
  readonly name: string;
  /** `CREATE INDEX IF NOT EXISTS ...`, given the quoted schema name. */
  readonly sql: (schema: string) => string;
}

/**
 * The index of one partition count: `((customer_hash & 2147483647) % N, position)`, the
 * expression the workers' queries spell with N as a literal.
 */
function partitionIndex(partitions: number): OptionalIndex {
  const name = `tenure_events_partition_${partitions}`;
  return {
    name,
    sql: (schema) => `CREATE INDEX IF NOT EXISTS ${name}
      ON ${schema}.tenure_events (((customer_hash & 2147483647) % ${partitions}), position)`,
  };
}

/** {@link migratePostgresLog} with an explicit migration list (tests use it). */
export async function migrateWith(
  pool: Pool,
  schemaName: string,
  migrations: readonly PostgresMigration[],
  /** Created under the same lock after the migrations, when missing. */
  index?: OptionalIndex,
): Promise<MigratePostgresLogResult> {
  const schema = quotePostgresSchema('migratePostgresLog', schemaName);
  // Every process opening the log (or starting a worker) comes here: when nothing is missing,
  // it runs no DDL. CREATE INDEX IF NOT EXISTS locks tenure_events against writes before it
  // looks for the index: it would wait for the appends in flight, and every append after it
  // would wait for it.
  const current = await upToDateVersion(pool, schema, migrations, index);
  if (current !== undefined) return { applied: [], version: current };
  const client = await pool.connect();
  client.on('error', ignore); // reported by the failing query instead
  let broken: Error | undefined;
  try {
    await client.query('BEGIN');
    await lockSchemaForChanges(client, schemaName);
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    await client.query(`
      CREATE TABLE IF NOT EXISTS ${schema}.tenure_migrations (
        version integer PRIMARY KEY,
        name text NOT NULL,
        applied_at timestamptz NOT NULL DEFAULT now()
      )`);
    const done = await client.query<{ version: number }>(
      `SELECT version FROM ${schema}.tenure_migrations`,
    );
    const appliedBefore = new Set(done.rows.map((row) => row.version));
    const applied: number[] = [];
    for (const migration of migrations) {
      if (appliedBefore.has(migration.version)) continue;
      await client.query(migration.sql(schema)).catch((error: unknown) => {
        throw foreignObjectError(error, schemaName, migration) ?? error;
      });
      await client.query(
        `INSERT INTO ${schema}.tenure_migrations (version, name) VALUES ($1, $2)`,
        [migration.version, migration.name],
      );
      applied.push(migration.version);
    }
    if (index !== undefined) await client.query(index.sql(schema));
    await client.query('COMMIT');
    const version = Math.max(0, ...appliedBefore, ...applied);
    return { applied, version };
  } catch (error) {
    broken = error as Error;
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.removeListener('error', ignore);
    client.release(broken);
  }
}

/**
 * The schema's version when every one of `migrations` is recorded (and `index` exists), read
 * without a lock; otherwise (or when it cannot tell, e.g. no such schema) undefined: the
 * migration then runs, under its lock, and says what is wrong.
 */
async function upToDateVersion(
  pool: Pool,
  schema: string,
  migrations: readonly PostgresMigration[],
  index: OptionalIndex | undefined,
): Promise<number | undefined> {
  try {
    const result = await pool.query<{ versions: number[]; indexed: boolean }>(
      `SELECT array(SELECT version FROM ${schema}.tenure_migrations) AS versions,
              to_regclass($1) IS NOT NULL AS indexed`,
      [index === undefined ? null : `${schema}.${index.name}`],
    );
    const row = result.rows[0];
    if (row === undefined || (index !== undefined && !row.indexed)) return undefined;
    const recorded = new Set(row.versions);
    if (!migrations.every((migration) => recorded.has(migration.version))) return undefined;
    return Math.max(0, ...recorded);
  } catch {
    return undefined;
  }
}

/** PostgreSQL's duplicate_table, duplicate_column and duplicate_object. */
const DUPLICATE_CODES = new Set(['42P07', '42701', '42710']);

/**
 * A migration that finds what it creates already there: the schema holds tables of something
 * else (or of a tenure whose migration records were deleted). Said so, rather than as
 * PostgreSQL's bare "relation ... already exists".
 */
function foreignObjectError(
  error: unknown,
  schemaName: string,
  migration: PostgresMigration,
): TenureError | undefined {
  const { code, message } = error as { code?: string; message?: string };
  if (code === undefined || !DUPLICATE_CODES.has(code)) return undefined;
  return new TenureError(
    'TENURE_POSTGRES_SCHEMA',
    `migratePostgresLog: schema "${schemaName}" already holds what migration ${migration.version} ("${migration.name}") creates (PostgreSQL: ${message}), not created by tenure: its tenure_migrations does not record that migration. Nothing was changed. Give the log a schema of its own (option schema), or drop the leftover if nothing uses it.`,
    { cause: error },
  );
}

function ignore(): void {}
