import { randomBytes } from 'node:crypto';
import type { Pool } from 'pg';
import { unknownOption } from '../../errors/unknownOption.js';
import { lockSchemaForChanges } from '../../log/postgres/migratePostgresLog.js';
import { quotePostgresSchema } from '../../log/postgres/postgresSchemaName.js';
import type { CustomerKey, KeyStore } from '../KeyStore.js';
import { PrivacyError } from '../PrivacyError.js';

/** Options of {@link createPostgresKeyStore}. */
export interface PostgresKeyStoreOptions {
  /** A `pg` pool. The key store never ends it. */
  readonly pool: Pool;
  /**
   * The schema of the `tenure_customer_keys` table (created if missing). Default: `tenure`.
   * Use the log's schema, or one of its own with stricter grants.
   */
  readonly schema?: string;
}

/**
 * A key store in PostgreSQL: one row per customer in `<schema>.tenure_customer_keys`
 * (customer_id, key_id, key bytea). `destroy` deletes the row in its own transaction.
 *
 * PostgreSQL keeps a deleted row's bytes in the table file until `VACUUM` reclaims them, and in
 * the WAL and backups until those expire: after forgetting customers, run
 * `VACUUM <schema>.tenure_customer_keys` and let old base backups and WAL age out. Losing this
 * table is losing every customer's personal data.
 *
 * @example
 * ```ts
 * const keyStore = await createPostgresKeyStore({ pool, schema: 'tenure' });
 * const log = createPrivateLog(await createPostgresLog({ pool }), { keyStore });
 * ```
 */
export async function createPostgresKeyStore(options: PostgresKeyStoreOptions): Promise<KeyStore> {
  const api = 'createPostgresKeyStore';
  if (typeof options?.pool?.query !== 'function') {
    throw new PrivacyError(
      'TENURE_INVALID_PRIVACY_OPTIONS',
      `${api}: pass { pool } (a pg.Pool), e.g. createPostgresKeyStore({ pool: new pg.Pool() }).`,
    );
  }
  const unknown = unknownOption(api, options, ['pool', 'schema']);
  if (unknown !== undefined) throw new PrivacyError('TENURE_INVALID_PRIVACY_OPTIONS', unknown);
  const { pool } = options;
  const schemaName = options.schema ?? 'tenure';
  const schema = quotePostgresSchema(api, schemaName);
  const table = `${schema}.tenure_customer_keys`;
  const run = async <T>(action: string, task: () => Promise<T>): Promise<T> => {
    try {
      return await task();
    } catch (cause) {
      throw new PrivacyError(
        'TENURE_KEY_STORE',
        `${api}: cannot ${action} in ${table}: ${(cause as Error).message}. Check the connection and that the role may use the table.`,
        { cause },
      );
    }
  };
  await run('create the table', async () => {
    // Concurrent CREATE ... IF NOT EXISTS of one name can fail (a unique violation in the
    // catalogue): processes starting at once take turns, under the lock of the log's own
    // migrations of this schema, so a log and a key store starting together take turns too.
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      await lockSchemaForChanges(client, schemaName);
      await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
      await client.query(
        `CREATE TABLE IF NOT EXISTS ${table} (customer_id text PRIMARY KEY, key_id text NOT NULL, key bytea NOT NULL CHECK (octet_length(key) = 32))`,
      );
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  });
  const toKey = (row: { key_id: string; key: Buffer } | undefined): CustomerKey | undefined =>
    row === undefined ? undefined : { id: row.key_id, key: new Uint8Array(row.key) };

  return {
    get: (customerId) =>
      run('read a key', async () => {
        const result = await pool.query<{ key_id: string; key: Buffer }>(
          `SELECT key_id, key FROM ${table} WHERE customer_id = $1`,
          [customerId],
        );
        return toKey(result.rows[0]);
      }),
    create: (customerId) =>
      run('create a key', async () => {
        // Concurrent creators race on the primary key; every one returns the row that won.
        const result = await pool.query<{ key_id: string; key: Buffer }>(
          `WITH inserted AS (
             INSERT INTO ${table} (customer_id, key_id, key) VALUES ($1, $2, $3)
             ON CONFLICT (customer_id) DO NOTHING RETURNING key_id, key)
           SELECT key_id, key FROM inserted
           UNION ALL SELECT key_id, key FROM ${table} WHERE customer_id = $1
           LIMIT 1`,
          [customerId, randomBytes(16).toString('base64url'), randomBytes(32)],
        );
        const key = toKey(result.rows[0]);
        if (key !== undefined) return key;
        // The winner's row was not visible to this statement's snapshot yet: read it now.
        const again = await pool.query<{ key_id: string; key: Buffer }>(
          `SELECT key_id, key FROM ${table} WHERE customer_id = $1`,
          [customerId],
        );
        const winner = toKey(again.rows[0]);
        if (winner === undefined) throw new Error(`no key row for ${JSON.stringify(customerId)}`);
        return winner;
      }),
    destroy: (customerId) =>
      run('destroy a key', async () => {
        const result = await pool.query(`DELETE FROM ${table} WHERE customer_id = $1`, [
          customerId,
        ]);
        return (result.rowCount ?? 0) > 0;
      }),
  };
}
