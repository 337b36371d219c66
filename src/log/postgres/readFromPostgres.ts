import type { Pool } from 'pg';
import type { StoredEvent } from '../../events/TenureEvent.js';
import { EVENT_COLUMNS, rowToEvent } from './rowToEvent.js';

/** What {@link readFromPostgres} reads. */
export interface PostgresReadRange {
  readonly customerId: string | undefined;
  /** First position (inclusive). */
  readonly from: number;
  /** Only events with `at` <= this (epoch ms). */
  readonly until: number | undefined;
  readonly batchSize: number;
}

/**
 * Streams events in log order by keyset pagination: each page is one short query
 * (`position > last ... ORDER BY position LIMIT batchSize`, or by version within a customer's
 * stream), so memory stays at one page whatever the log's size, and no transaction or cursor is
 * held open between pages.
 *
 * The read ends at the log's last position when it starts (read from `tenure_head`): events
 * appended meanwhile are left to the next read. Since appends commit in position order (see
 * `appendToPostgres.ts`), every position up to that one is committed and visible, so a
 * catch-up reader that continues from its last position never skips an event.
 */
export async function* readFromPostgres(
  pool: Pool,
  schema: string,
  range: PostgresReadRange,
): AsyncGenerator<StoredEvent> {
  const head = await pool.query<{ position: string }>(`SELECT position FROM ${schema}.tenure_head`);
  const last = Number(head.rows[0]?.position ?? 0);
  // Unnamed statements are planned with their values, so `$4 IS NULL` costs nothing.
  const until = ' AND ($4::int8 IS NULL OR at <= $4::int8)';
  const sql =
    range.customerId === undefined
      ? `SELECT ${EVENT_COLUMNS} FROM ${schema}.tenure_events
         WHERE position > $1 AND position <= $2${until}
         ORDER BY position LIMIT $3`
      : `SELECT ${EVENT_COLUMNS} FROM ${schema}.tenure_events
         WHERE customer_id = $5 AND version > $1 AND position <= $2 AND position >= $6${until}
         ORDER BY version LIMIT $3`;
  // The keyset: the last position read (whole log) or the last version read (one customer).
  let after = range.customerId === undefined ? range.from - 1 : 0;
  for (;;) {
    const values: unknown[] = [after, last, range.batchSize, range.until ?? null];
    if (range.customerId !== undefined) values.push(range.customerId, range.from);
    const page = await pool.query({ text: sql, values, rowMode: 'array' });
    const rows = page.rows as unknown[][];
    for (const row of rows) yield rowToEvent(row);
    const tail = rows[rows.length - 1];
    if (rows.length < range.batchSize || tail === undefined) return;
    after = Number(range.customerId === undefined ? tail[6] : tail[7]);
  }
}
