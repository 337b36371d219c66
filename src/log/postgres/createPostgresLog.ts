import pg, { type Pool } from 'pg';
import { EventValidationError } from '../../errors/EventValidationError.js';
import { LogClosedError } from '../../errors/LogClosedError.js';
import { unknownOption } from '../../errors/unknownOption.js';
import { createEventCatalog } from '../../events/createEventCatalog.js';
import type { EventType } from '../../events/defineEventType.js';
import type { EventInput, StoredEvent, TenureEvent } from '../../events/TenureEvent.js';
import { upcastEvent } from '../../events/upcastEvent.js';
import {
  type AppendOptions,
  type AppendResult,
  asTypedLog,
  type EventLog,
  type ReadOptions,
  type VerifyResult,
} from '../EventLog.js';
import { prepareBatch } from '../prepareBatch.js';
import { resolveReadOptions } from '../readOptions.js';
import { appendToPostgres } from './appendToPostgres.js';
import { checkPostgresSchema } from './checkPostgresSchema.js';
import { findUnstorableStrings } from './findUnstorableStrings.js';
import { migratePostgresLog } from './migratePostgresLog.js';
import { DEFAULT_POSTGRES_SCHEMA, quotePostgresSchema } from './postgresSchemaName.js';
import { readFromPostgres } from './readFromPostgres.js';
import { createStreamVersionCache } from './streamVersionCache.js';
import { verifyPostgresLog } from './verifyPostgresLog.js';

/** Options of {@link createPostgresLog}: a `pool` or a `connectionString`. */
export interface PostgresLogOptions {
  /** A `pg` pool to use. The log never ends it: `close()` leaves it to you. */
  readonly pool?: Pool;
  /** Used when no `pool` is given: the log creates a pool and `close()` ends it. */
  readonly connectionString?: string;
  /** The schema holding the log's tables, created when missing. Default: `tenure`. */
  readonly schema?: string;
  /** Event types of your own, besides the built-in ones. Default: none. */
  readonly eventTypes?: readonly EventType[];
  /**
   * Rows fetched per query when reading or verifying. Default: 5,000. A read moves a page as one
   * text value, which PostgreSQL caps at 1 GB: with payloads of hundreds of kilobytes, lower it.
   */
  readonly readBatchSize?: number;
  /**
   * Create or migrate the schema on open. Default: true (set false when you migrate at deploy
   * time with `migratePostgresLog`: the open then only checks that the schema is migrated, and
   * refuses one that is not with `TENURE_POSTGRES_SCHEMA`).
   */
  readonly migrate?: boolean;
}

const API = 'createPostgresLog';
const POSTGRES_LOG_OPTIONS: readonly (keyof PostgresLogOptions)[] = [
  'pool',
  'connectionString',
  'schema',
  'eventTypes',
  'readBatchSize',
  'migrate',
];

/** Customers whose stream versions a log remembers between its appends (see streamVersionCache.ts). */
const VERSION_CACHE_LIMIT = 100_000;

/**
 * Opens the event log stored in PostgreSQL (creating or migrating its schema first). It keeps the
 * {@link EventLog} contract of the memory and file logs: atomic, idempotent batch appends with
 * per-customer expected versions, global positions 1, 2, 3, ... in commit order, streaming reads
 * and a hash chain that `verify()` checks.
 *
 * @example
 * ```ts
 * import { createPostgresLog } from 'tenure/postgres';
 *
 * const log = await createPostgresLog({ connectionString: process.env.DATABASE_URL });
 * await log.append([{ id: 'e1', type: 'purchase', customerId: 'c1', at: '2024-05-01',
 *   data: { orderId: 'o1', amount: 20, currency: 'EUR' } }]);
 * for await (const event of log.read({ customerId: 'c1' })) console.log(event.version);
 * await log.close();
 * ```
 */
export async function createPostgresLog<TEvent extends TenureEvent = TenureEvent>(
  options: PostgresLogOptions,
): Promise<EventLog<TEvent>> {
  const unknown = unknownOption(API, options, POSTGRES_LOG_OPTIONS);
  if (unknown !== undefined) throw new TypeError(unknown);
  const schemaName = options.schema ?? DEFAULT_POSTGRES_SCHEMA;
  const schema = quotePostgresSchema(API, schemaName);
  const batchSize = options.readBatchSize ?? 5_000;
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new TypeError(`${API}: readBatchSize must be an integer >= 1, got ${String(batchSize)}.`);
  }
  if (options.pool === undefined && typeof options.connectionString !== 'string') {
    throw new TypeError(
      `${API}: pass { pool } (a pg.Pool) or { connectionString } (e.g. "postgres://user@host/db").`,
    );
  }
  const catalog = createEventCatalog(options.eventTypes);
  const ownPool = options.pool === undefined;
  const pool = options.pool ?? new pg.Pool({ connectionString: options.connectionString });
  // An idle client whose connection drops emits 'error' on its pool; without a listener Node
  // would crash the process. The pool drops that client; the next query opens a new one.
  if (ownPool) pool.on('error', () => undefined);
  try {
    if (options.migrate !== false) await migratePostgresLog({ pool, schema: schemaName });
    else await checkPostgresSchema(pool, API, schemaName);
  } catch (error) {
    if (ownPool) await pool.end();
    throw error;
  }

  const versionCache = createStreamVersionCache(VERSION_CACHE_LIMIT);
  let closed = false;
  const open = (method: string) => {
    if (closed) {
      throw new LogClosedError(
        method,
        `the PostgreSQL log (schema "${schemaName}")`,
        'createPostgresLog',
      );
    }
  };

  const log: EventLog = {
    async append(
      inputs: readonly EventInput[],
      appendOptions: AppendOptions = {},
    ): Promise<AppendResult> {
      open('log.append');
      const batch = await prepareBatch('log.append', inputs, catalog);
      const unstorable = findUnstorableStrings(batch.events, batch.indices);
      if (unstorable.length > 0) throw new EventValidationError('log.append', unstorable);
      open('log.append');
      return appendToPostgres(pool, schema, batch, appendOptions, versionCache);
    },
    read(readOptions?: ReadOptions): AsyncIterable<StoredEvent> {
      open('log.read');
      const { customerId, from, until } = resolveReadOptions('log.read', readOptions);
      return readFromPostgres(pool, schema, {
        customerId,
        from,
        until: Number.isFinite(until) ? until : undefined,
        batchSize,
        // Events written with older schema versions are upcast as they are read (inside the
        // read's own iterator: upcastOnRead would add a promise per event).
        upcast: (event) => upcastEvent(event, catalog, 'log.read'),
      });
    },
    async version(customerId: string): Promise<number> {
      open('log.version');
      const result = await pool.query<{ version: number | null }>(
        `SELECT max(version) AS version FROM ${schema}.tenure_events WHERE customer_id = $1`,
        [customerId],
      );
      return result.rows[0]?.version ?? 0;
    },
    async position(): Promise<number> {
      open('log.position');
      const result = await pool.query<{ position: string }>(
        `SELECT position FROM ${schema}.tenure_head`,
      );
      return Number(result.rows[0]?.position ?? 0);
    },
    async verify(): Promise<VerifyResult> {
      open('log.verify');
      return verifyPostgresLog(pool, schema, batchSize);
    },
    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      if (ownPool) await pool.end();
    },
  };
  return asTypedLog<TEvent>(log);
}
