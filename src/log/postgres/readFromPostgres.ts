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

type Row = readonly unknown[];

/**
 * Streams events in log order by keyset pagination: each page is one short query
 * (`position > last ... ORDER BY position LIMIT batchSize`, or by version within a customer's
 * stream), so memory stays at two pages whatever the log's size, and no transaction or cursor
 * is held open between pages. The next page is fetched while the caller consumes the current
 * one, so the database and the caller work at the same time.
 *
 * The read ends at the log's last position when it starts (read from `tenure_head`): events
 * appended meanwhile are left to the next read. Since appends commit in position order (see
 * `appendToPostgres.ts`), every position up to that one is committed and visible, so a
 * catch-up reader that continues from its last position never skips an event.
 */
export function readFromPostgres(
  pool: Pool,
  schema: string,
  range: PostgresReadRange,
): AsyncIterable<StoredEvent> {
  // Unnamed statements are planned with their values, so `$n IS NULL` costs nothing.
  const until = (n: number) => ` AND ($${n}::int8 IS NULL OR at <= $${n}::int8)`;
  // The whole log is read in windows of positions (after, after + batchSize]: positions are
  // gap-free, so a window holds at most batchSize rows, and its narrow range keeps the planner
  // on the primary key even before the table has statistics (with an open-ended range and a
  // LIMIT it may pick a bitmap scan of the whole table and a sort).
  const sql =
    range.customerId === undefined
      ? `SELECT ${EVENT_COLUMNS} FROM ${schema}.tenure_events
         WHERE position > $1 AND position <= $2${until(3)}
         ORDER BY position`
      : `SELECT ${EVENT_COLUMNS} FROM ${schema}.tenure_events
         WHERE customer_id = $5 AND version > $1 AND position <= $2 AND position >= $6${until(4)}
         ORDER BY version LIMIT $3`;

  interface Page {
    readonly rows: readonly Row[];
    /** The keyset value to continue after, or undefined when this was the last page. */
    readonly after: number | undefined;
  }

  return {
    [Symbol.asyncIterator](): AsyncIterator<StoredEvent> {
      let last: Promise<number> | undefined;
      let rows: readonly Row[] = [];
      let index = 0;
      let next: Promise<Page> | undefined;
      let finished = false;

      const fetchPage = async (after: number): Promise<Page> => {
        last ??= pool
          .query<{ position: string }>(`SELECT position FROM ${schema}.tenure_head`)
          .then((head) => Number(head.rows[0]?.position ?? 0));
        const end = await last;
        if (range.customerId === undefined) {
          const to = Math.min(after + range.batchSize, end);
          if (to <= after) return { rows: [], after: undefined };
          const values = [after, to, range.until ?? null];
          const page = await pool.query({ text: sql, values, rowMode: 'array' });
          return { rows: page.rows as Row[], after: to < end ? to : undefined };
        }
        const values = [
          after,
          end,
          range.batchSize,
          range.until ?? null,
          range.customerId,
          range.from,
        ];
        const page = await pool.query({ text: sql, values, rowMode: 'array' });
        const tail = page.rows[page.rows.length - 1] as Row | undefined;
        const more = page.rows.length === range.batchSize && tail !== undefined;
        return { rows: page.rows as Row[], after: more ? Number(tail[7]) : undefined };
      };
      const prefetch = (after: number) => {
        next = fetchPage(after);
        // Rejections surface when the page is awaited; don't report them as unhandled meanwhile.
        next.catch(() => undefined);
      };

      const refill = async (): Promise<IteratorResult<StoredEvent>> => {
        for (;;) {
          if (finished) return { done: true, value: undefined };
          if (next === undefined) prefetch(range.customerId === undefined ? range.from - 1 : 0);
          const page = await (next as Promise<Page>);
          next = undefined;
          if (page.after === undefined) finished = true;
          else prefetch(page.after);
          rows = page.rows;
          index = 0;
          const row = rows[index++];
          if (row !== undefined) return { done: false, value: rowToEvent(row) };
        }
      };

      return {
        next() {
          const row = rows[index];
          if (row === undefined) return refill();
          index++;
          return Promise.resolve({ done: false, value: rowToEvent(row) });
        },
        async return() {
          finished = true;
          rows = [];
          next = undefined;
          return { done: true, value: undefined };
        },
      };
    },
  };
}
