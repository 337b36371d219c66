import type { Pool, PoolClient, QueryResult } from 'pg';
import { ConcurrencyError } from '../../errors/ConcurrencyError.js';
import { CorruptLogError } from '../../errors/CorruptLogError.js';
import { DuplicateEventError } from '../../errors/DuplicateEventError.js';
import { isTenureError } from '../../errors/TenureError.js';
import type { StoredEvent, TenureEvent } from '../../events/TenureEvent.js';
import type { AppendOptions, AppendResult } from '../EventLog.js';
import { planAppend } from '../planAppend.js';
import type { PreparedBatch } from '../prepareBatch.js';
import { COPY_NULL, copyIntoPostgres, copyTextField } from './copyIntoPostgres.js';
import { eventJson } from './eventJson.js';
import { eventFromPostgresTuple, type PostgresEventTuple } from './postgresEventTuple.js';
import { postgresRecordHash } from './postgresRecordHash.js';
import type { StreamVersionCache } from './streamVersionCache.js';
import { MISSING_HEAD, pastHeadReason } from './verifyPostgresLog.js';

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
 * An append is three round trips: `BEGIN` with the lock; one query for the stored copies of
 * the batch's ids and its customers' versions (its own statement, sent once the lock is held:
 * under READ COMMITTED a statement sees what committed before it started); and the rows by
 * `COPY`, the head moved and `COMMIT`, in one simple query. The events' fingerprints (the costly
 * part of their hashes) are computed while the first two are on their way, when the lock may
 * still be held by another writer; only the hash chain itself is computed under the lock.
 * Customers whose versions the log's own last append left exact (`cache`, see
 * `streamVersionCache.ts`) are not probed again.
 *
 * Versions are still guarded by the database: `(customer_id, version)` is unique, and a unique
 * violation (a writer that bypassed tenure) is reported as a `ConcurrencyError` too.
 */
export async function appendToPostgres(
  pool: Pool,
  schema: string,
  batch: PreparedBatch,
  options: AppendOptions | undefined,
  cache: StreamVersionCache,
  mayRetry = true,
): Promise<AppendResult> {
  const attempt = { cached: false };
  const client = await pool.connect();
  // A connection that dies mid-query also emits 'error' on the client, which the pool does not
  // listen to while the client is checked out; the failed query reports it to the caller.
  client.on('error', ignore);
  let broken: Error | undefined;
  try {
    return await appendInTransaction(client, schema, batch, options, cache, attempt);
  } catch (error) {
    if (isTenureError(error) || error instanceof TypeError) {
      await client.query('ROLLBACK');
      throw error;
    }
    // The connection may be gone; a broken client must not go back to the pool. (When COMMIT
    // itself fails the outcome is unknown, but a retry is safe: appends are idempotent by id.)
    broken = error as Error;
    cache.clear();
    await client.query('ROLLBACK').catch(() => undefined);
  } finally {
    client.removeListener('error', ignore);
    client.release(broken);
  }
  if (mayRetry && attempt.cached && isUniqueViolation(broken, 'tenure_events_stream_version')) {
    // A version remembered by the cache was taken by a writer that bypassed tenure (it leaves
    // the head where it was, so the cache could not know): once more, with every version looked
    // up, as an append without the cache would have done.
    return appendToPostgres(pool, schema, batch, options, cache, false);
  }
  // Mapped after the release: the lookups need a client, and the pool may have only one.
  throw await mapUniqueViolation(pool, schema, broken, batch.events, options);
}

function isUniqueViolation(error: unknown, constraint: string): boolean {
  const details = error as { code?: string; constraint?: string } | undefined;
  return details?.code === '23505' && details.constraint === constraint;
}

function ignore(): void {}

/** Events prepared between two yields to the event loop (which sends the lookup). */
const PREPARE_SLICE = 100;

/** Runs the append's transaction, from `BEGIN` to `COMMIT`. */
async function appendInTransaction(
  client: PoolClient,
  schema: string,
  batch: PreparedBatch,
  options: AppendOptions | undefined,
  cache: StreamVersionCache,
  attempt: { cached: boolean },
): Promise<AppendResult> {
  const expectedVersions = options?.expectedVersions;
  const customers = new Set(batch.events.map((event) => event.customerId));
  if (typeof expectedVersions === 'object' && expectedVersions !== null) {
    for (const customerId of Object.keys(expectedVersions)) customers.add(customerId);
  }
  // A simple query (no parameters) may hold two statements: one round trip.
  const locked = client
    .query(`BEGIN; SELECT position, hash FROM ${schema}.tenure_head FOR UPDATE`)
    .then((results) => {
      const row = (results as unknown as QueryResult<{ position: string; hash: string }>[])[1]
        ?.rows[0];
      if (row === undefined) throw new CorruptLogError(API, 'tenure_head', MISSING_HEAD);
      return { position: Number(row.position), hash: row.hash };
    });
  const looked = locked.then(async (head) => {
    // The versions this log's appends left are exact when the head is still where they left it,
    // the same position and hash (taken now: the cache may change while the lookup runs).
    const known = new Map<string, number>();
    if (cache.isAt(head)) {
      for (const customerId of customers) {
        const version = cache.get(customerId);
        if (version !== undefined) known.set(customerId, version);
      }
    }
    attempt.cached = known.size > 0;
    const probed = [...customers].filter((customerId) => !known.has(customerId)).sort();
    const found = await client.query({
      // Customers' versions: one index probe each (max over (customer_id, version)), not a scan
      // of their streams; probing in sorted order keeps them on neighbouring index pages.
      // Stored events: as the tuples that reads parse.
      text: `SELECT c.customer_id, (SELECT max(version) FROM ${schema}.tenure_events e WHERE e.customer_id = c.customer_id), NULL
             FROM unnest($2::text[]) AS c(customer_id)
             UNION ALL
             SELECT NULL, NULL, event_tuple FROM ${schema}.tenure_events WHERE event_id = ANY($1::text[])`,
      values: [batch.events.map((event) => event.id), probed],
      rowMode: 'array',
    });
    return { known, rows: found.rows as [string, number | null, string | null][] };
  });
  // Rejections are taken when awaited below; meanwhile they are not unhandled.
  looked.catch(ignore);
  // Meanwhile: each event's fingerprint and the fields of its COPY line that do not depend on
  // where it lands (position, version and hash are appended to the line under the lock).
  const fingerprints = new Array<string>(batch.events.length);
  const fields = new Array<string>(batch.events.length);
  for (let i = 0; i < batch.events.length; i++) {
    if (i % PREPARE_SLICE === 0 && i > 0) await yieldToEventLoop();
    const event = batch.events[i] as TenureEvent;
    const json = eventJson(event);
    fingerprints[i] = json.fingerprint;
    fields[i] =
      `${copyTextField(event.customerId)}\t${copyTextField(event.id)}\t${copyTextField(event.type)}\t` +
      `${event.at}\t${jsonField(event.data, json.data)}\t${jsonField(event.meta, json.meta)}\t`;
  }
  const [head, lookup] = await Promise.all([locked, looked]);

  const stored = new Map<string, StoredEvent>();
  const versions = lookup.known;
  for (const [customerId, version, json] of lookup.rows) {
    if (json === null) versions.set(customerId, version ?? 0);
    else {
      const event = eventFromPostgresTuple(JSON.parse(json) as PostgresEventTuple);
      stored.set(event.id, event);
    }
  }
  const plan = planAppend(API, batch, options, {
    position: head.position,
    version: (customerId) => versions.get(customerId) ?? 0,
    stored,
  });
  if (plan.appended.length === 0) {
    await client.query('COMMIT');
    cache.adopt(head, head, versions);
    return { appended: [], skipped: plan.skipped, position: plan.position };
  }

  let hash = head.hash;
  const lines = new Array<string>(plan.appended.length);
  let j = 0;
  plan.appended.forEach((event, i) => {
    // plan.appended keeps batch order, less the events already stored.
    while (batch.events[j]?.id !== event.id) j++;
    hash = postgresRecordHash(hash, event.position, event.version, fingerprints[j] as string);
    lines[i] = `${fields[j]}${event.position}\t${event.version}\t${hash}\n`;
  });
  // The head's new position and hash are ours (an integer and hex digits): safe as literals.
  await copyIntoPostgres(
    client,
    `COPY ${schema}.tenure_events (customer_id, event_id, type, at, data, meta, position, version, hash) FROM STDIN;
     UPDATE ${schema}.tenure_head SET position = ${plan.position}, hash = '${hash}';
     COMMIT`,
    lines.join(''),
  );
  for (const [customerId, version] of plan.versions) versions.set(customerId, version);
  cache.adopt(head, { position: plan.position, hash }, versions);
  return { appended: plan.appended, skipped: plan.skipped, position: plan.position };
}

/** A JSONB column's COPY field: SQL NULL for a missing value, as reads give it back (null). */
function jsonField(value: unknown, json: string | undefined): string {
  return json === undefined || value === null ? COPY_NULL : copyTextField(json);
}

function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
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
  if (isUniqueViolation(error, 'tenure_events_event_id')) {
    const ids = events.map((event) => event.id);
    const found = await pool.query<{ event_id: string }>(
      `SELECT event_id FROM ${schema}.tenure_events WHERE event_id = ANY($1::text[]) LIMIT 1`,
      [ids],
    );
    const id = found.rows[0]?.event_id ?? ids[0] ?? '';
    return new DuplicateEventError(API, id, Math.max(0, ids.indexOf(id)));
  }
  if (isUniqueViolation(error, 'tenure_events_pkey')) {
    // detail: Key (position)=(3) already exists. Appends take the positions after the head.
    const { detail } = error as { detail?: string };
    const head = await pool.query<{ position: string }>(
      `SELECT position FROM ${schema}.tenure_head`,
    );
    const position = /=\((\d+)\) already exists/.exec(detail ?? '')?.[1] ?? 'unknown';
    return new CorruptLogError(
      API,
      `position ${position}`,
      `${pastHeadReason(Number(head.rows[0]?.position ?? 0))}; nothing was written`,
    );
  }
  if (isUniqueViolation(error, 'tenure_events_stream_version')) {
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
