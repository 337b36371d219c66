import type { Pool, PoolClient } from 'pg';
import { ConcurrencyError } from '../../errors/ConcurrencyError.js';
import { DuplicateEventError } from '../../errors/DuplicateEventError.js';
import { isTenureError } from '../../errors/TenureError.js';
import type { StoredEvent, TenureEvent } from '../../events/TenureEvent.js';
import type { AppendOptions, AppendResult } from '../EventLog.js';
import { eventFingerprint } from '../eventFingerprint.js';
import { planAppend } from '../planAppend.js';
import type { PreparedBatch } from '../prepareBatch.js';
import { postgresRecordHash } from './postgresRecordHash.js';
import { EVENT_COLUMNS, rowToEvent } from './rowToEvent.js';

const API = 'log.append';

/**
 * Appends validated events in one transaction.
 *
 * Ordering: the transaction first locks the single `tenure_head` row and keeps the lock until
 * it commits, so appends run one at a time and every batch takes the positions right after the
 * previous committed one. Why this instead of a `bigserial` plus a transaction-id filter on
 * reads (Emmett's and Marten's approach):
 * - positions stay 1-based and gap-free, as the EventLog contract promises (a sequence leaves a
 *   hole for every rolled-back append);
 * - commit order equals position order, so any snapshot sees a prefix of the log: a catch-up
 *   reader that read up to position p can never later meet an event with a position <= p (the
 *   sequence-gap problem cannot occur), and reads need no `pg_snapshot_xmin` filter, which
 *   would also hold readers back behind any long transaction on the server;
 * - the hash chain needs the previous record's hash, which only a serial writer has.
 * The price is that appends do not run in parallel: throughput is that of one writer
 * (measured in bench/postgres.bench.ts), which batching makes ample for customer events.
 *
 * Versions are still guarded by the database: `(customer_id, version)` is unique, and a unique
 * violation (a writer that bypassed tenure) is reported as a `ConcurrencyError` too.
 */
export async function appendToPostgres(
  pool: Pool,
  schema: string,
  batch: PreparedBatch,
  options: AppendOptions | undefined,
): Promise<AppendResult> {
  const client = await pool.connect();
  // A connection that dies mid-query also emits 'error' on the client, which the pool does not
  // listen to while the client is checked out; the failed query reports it to the caller.
  client.on('error', ignore);
  let broken: Error | undefined;
  try {
    await client.query('BEGIN');
    const result = await appendInTransaction(client, schema, batch, options);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    if (isTenureError(error) || error instanceof TypeError) {
      await client.query('ROLLBACK');
      throw error;
    }
    // The connection may be gone; a broken client must not go back to the pool. (When COMMIT
    // itself fails the outcome is unknown, but a retry is safe: appends are idempotent by id.)
    broken = error as Error;
    await client.query('ROLLBACK').catch(() => undefined);
  } finally {
    client.removeListener('error', ignore);
    client.release(broken);
  }
  // Mapped after the release: the lookups need a client, and the pool may have only one.
  throw await mapUniqueViolation(pool, schema, broken, batch.events, options);
}

function ignore(): void {}

async function appendInTransaction(
  client: PoolClient,
  schema: string,
  batch: PreparedBatch,
  options: AppendOptions | undefined,
): Promise<AppendResult> {
  const head = await client.query<{ position: string; hash: string }>(
    `SELECT position, hash FROM ${schema}.tenure_head FOR UPDATE`,
  );
  const headRow = head.rows[0];
  if (headRow === undefined) throw new Error(`${API}: ${schema}.tenure_head is empty`);

  const stored = new Map<string, StoredEvent>();
  const found = await client.query({
    text: `SELECT ${EVENT_COLUMNS} FROM ${schema}.tenure_events WHERE event_id = ANY($1::text[])`,
    values: [batch.events.map((event) => event.id)],
    rowMode: 'array',
  });
  for (const row of found.rows as unknown[][]) {
    const event = rowToEvent(row);
    stored.set(event.id, event);
  }
  const expectedVersions = options?.expectedVersions;
  const customers = new Set(batch.events.map((event) => event.customerId));
  if (typeof expectedVersions === 'object' && expectedVersions !== null) {
    for (const customerId of Object.keys(expectedVersions)) customers.add(customerId);
  }
  const versions = new Map<string, number>();
  if (customers.size > 0) {
    const current = await client.query<{ customer_id: string; version: number | null }>(
      // One index probe per customer (max over (customer_id, version)), not a scan of streams.
      `SELECT c.customer_id, (SELECT max(version) FROM ${schema}.tenure_events e WHERE e.customer_id = c.customer_id) AS version
       FROM unnest($1::text[]) AS c(customer_id)`,
      [[...customers]],
    );
    for (const row of current.rows) versions.set(row.customer_id, row.version ?? 0);
  }
  const plan = planAppend(API, batch, options, {
    position: Number(headRow.position),
    version: (customerId) => versions.get(customerId) ?? 0,
    stored,
  });
  if (plan.appended.length === 0) {
    return { appended: [], skipped: plan.skipped, position: plan.position };
  }

  let hash = headRow.hash;
  // The rows travel as one JSON document (one parse on the server; measured faster than nine
  // parallel arrays, whose jsonb[] literal escapes every quote of every payload).
  const rows = new Array<RowJson>(plan.appended.length);
  plan.appended.forEach((event, i) => {
    hash = postgresRecordHash(hash, event.position, event.version, eventFingerprint(event));
    rows[i] = {
      p: event.position,
      c: event.customerId,
      v: event.version,
      i: event.id,
      t: event.type,
      a: event.at,
      d: event.data,
      m: event.meta,
      h: hash,
    };
  });
  await client.query(
    `INSERT INTO ${schema}.tenure_events (position, customer_id, version, event_id, type, at, data, meta, hash)
     SELECT p, c, v, i, t, a, d, m, h
     FROM json_to_recordset($1::json) AS r(p int8, c text, v int4, i text, t text, a int8, d jsonb, m jsonb, h text)`,
    [JSON.stringify(rows)],
  );
  await client.query(`UPDATE ${schema}.tenure_head SET position = $1, hash = $2`, [
    plan.position,
    hash,
  ]);
  return { appended: plan.appended, skipped: plan.skipped, position: plan.position };
}

/** One row of `tenure_events` as the INSERT's JSON document carries it. */
interface RowJson {
  readonly p: number;
  readonly c: string;
  readonly v: number;
  readonly i: string;
  readonly t: string;
  readonly a: number;
  readonly d: unknown;
  readonly m: unknown;
  readonly h: string;
}

/**
 * Turns a unique violation into the typed error a caller handles. Tenure's own appends never
 * collide (they are serialised); another writer of the tables could.
 */
async function mapUniqueViolation(
  pool: Pool,
  schema: string,
  error: unknown,
  events: readonly TenureEvent[],
  options: AppendOptions | undefined,
): Promise<unknown> {
  const { code, constraint } = error as { code?: string; constraint?: string };
  if (code !== '23505') return error;
  if (constraint === 'tenure_events_event_id') {
    const ids = events.map((event) => event.id);
    const found = await pool.query<{ event_id: string }>(
      `SELECT event_id FROM ${schema}.tenure_events WHERE event_id = ANY($1::text[]) LIMIT 1`,
      [ids],
    );
    const id = found.rows[0]?.event_id ?? ids[0] ?? '';
    return new DuplicateEventError(API, id, Math.max(0, ids.indexOf(id)));
  }
  if (constraint === 'tenure_events_stream_version') {
    // detail: Key (customer_id, version)=(c1, 3) already exists.
    const { detail } = error as { detail?: string };
    const match = /=\((.*), \d+\) already exists/.exec(detail ?? '');
    const customerId = match?.[1] ?? events[0]?.customerId ?? '';
    const current = await pool.query<{ version: number | null }>(
      `SELECT max(version) AS version FROM ${schema}.tenure_events WHERE customer_id = $1`,
      [customerId],
    );
    const expected = options?.expectedVersions?.[customerId] ?? 'any';
    return new ConcurrencyError(API, customerId, expected, current.rows[0]?.version ?? 0);
  }
  return error;
}
