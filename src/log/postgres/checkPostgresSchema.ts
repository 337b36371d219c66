import type { ClientBase, Pool } from 'pg';
import { TenureError } from '../../errors/TenureError.js';
import { postgresMigrations } from './postgresMigrations.js';
import { quotePostgresSchema } from './postgresSchemaName.js';

/** The schema version this tenure reads and writes: its last migration. */
const LATEST_VERSION = Math.max(...postgresMigrations.map((migration) => migration.version));

/**
 * Checks, for a log or worker opened with `migrate: false` (or a reader such as
 * `summarizeCustomersInPostgres`), that the schema holds the log's tables at the version this
 * tenure uses. Without it, a deploy that skipped the migration fails
 * at the first append or read with PostgreSQL's "relation does not exist" or "column does not
 * exist". A schema migrated further (by a newer tenure) is accepted: migrations only add tables
 * and columns, and the newer program's deploy may migrate before this one stops.
 *
 * @throws TenureError `TENURE_POSTGRES_SCHEMA` naming the schema, its version and the fix.
 */
export async function checkPostgresSchema(
  db: Pool | ClientBase,
  api: string,
  schemaName: string,
  /** The version the caller needs (a reader of older columns may need less). */
  needs = LATEST_VERSION,
): Promise<void> {
  const schema = quotePostgresSchema(api, schemaName);
  let version: number;
  try {
    const result = await db.query<{ version: number | null }>(
      `SELECT max(version) AS version FROM ${schema}.tenure_migrations`,
    );
    version = result.rows[0]?.version ?? 0;
  } catch (error) {
    // undefined_table, invalid_schema_name: nothing was ever migrated there.
    const code = (error as { code?: string }).code;
    if (code !== '42P01' && code !== '3F000') throw error;
    version = 0;
  }
  if (version >= needs) return;
  const fix = `Run migratePostgresLog({ pool, schema: '${schemaName}' }) from your deploy job, or open the log without migrate: false to migrate on open.`;
  throw new TenureError(
    'TENURE_POSTGRES_SCHEMA',
    version === 0
      ? `${api}: schema "${schemaName}" has no tenure log (no migration recorded in its tenure_migrations). Check the schema name (option schema). ${fix}`
      : `${api}: schema "${schemaName}" is at version ${version} of the log's tables; this tenure needs ${needs}. ${fix}`,
  );
}
