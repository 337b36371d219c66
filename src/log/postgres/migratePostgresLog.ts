import type { Pool } from 'pg';
import { type PostgresMigration, postgresMigrations } from './postgresMigrations.js';
import { DEFAULT_POSTGRES_SCHEMA, quotePostgresSchema } from './postgresSchemaName.js';

/** Options of {@link migratePostgresLog}. */
export interface MigratePostgresLogOptions {
  readonly pool: Pool;
  /** The schema holding the log's tables. Default: `tenure`. */
  readonly schema?: string;
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
  return migrateWith(options.pool, options.schema ?? DEFAULT_POSTGRES_SCHEMA, postgresMigrations);
}

/** {@link migratePostgresLog} with an explicit migration list (tests use it). */
export async function migrateWith(
  pool: Pool,
  schemaName: string,
  migrations: readonly PostgresMigration[],
): Promise<MigratePostgresLogResult> {
  const schema = quotePostgresSchema('migratePostgresLog', schemaName);
  const client = await pool.connect();
  client.on('error', ignore); // reported by the failing query instead
  let broken: Error | undefined;
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [
      ADVISORY_LOCK_CLASS,
      schemaName,
    ]);
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
      await client.query(migration.sql(schema));
      await client.query(
        `INSERT INTO ${schema}.tenure_migrations (version, name) VALUES ($1, $2)`,
        [migration.version, migration.name],
      );
      applied.push(migration.version);
    }
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

function ignore(): void {}
