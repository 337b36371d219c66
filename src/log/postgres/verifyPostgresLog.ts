import type { Pool } from 'pg';
import type { VerifyResult } from '../EventLog.js';
import { eventFingerprint } from '../eventFingerprint.js';
import { GENESIS_HASH, postgresRecordHash } from './postgresRecordHash.js';
import { EVENT_COLUMNS, rowToEvent } from './rowToEvent.js';

/**
 * Checks the whole log, page by page (bounded memory), against what the appends wrote:
 * - positions run 1, 2, 3, ... without gaps (a deleted row is found);
 * - every row's `hash` equals sha256(previous hash + the canonical record) (a changed field of
 *   any row, including its position or version, breaks the chain at that row);
 * - the last row's position and hash equal `tenure_head`'s (rows deleted at the end are found);
 * - every customer's versions run 1, 2, 3, ... in position order (checked by one SQL query).
 * Reports the first bad record as `position N`. Rows appended while it runs are not checked.
 */
export async function verifyPostgresLog(
  pool: Pool,
  schema: string,
  batchSize: number,
): Promise<VerifyResult> {
  const head = await pool.query<{ position: string; hash: string }>(
    `SELECT position, hash FROM ${schema}.tenure_head`,
  );
  if (head.rows.length === 0) return bad(0, 1, MISSING_HEAD);
  const last = Number(head.rows[0]?.position ?? 0);
  const headHash = head.rows[0]?.hash ?? GENESIS_HASH;
  let records = 0;
  let expected = 1;
  let hash = GENESIS_HASH;
  // Positions are read in windows; a missing row shows as a position that is not `expected`.
  for (let windowStart = 1; windowStart <= last; windowStart += batchSize) {
    const page = await pool.query({
      text: `SELECT ${EVENT_COLUMNS}, hash FROM ${schema}.tenure_events
             WHERE position >= $1 AND position <= $2 ORDER BY position`,
      // A window of positions, not an open range with a LIMIT: see readFromPostgres.ts.
      values: [windowStart, Math.min(windowStart + batchSize - 1, last)],
      rowMode: 'array',
    });
    const rows = page.rows as unknown[][];
    for (const row of rows) {
      const event = rowToEvent(row);
      if (event.position !== expected) {
        return bad(
          records,
          expected,
          `the record is missing (the next stored one is position ${event.position})`,
        );
      }
      hash = postgresRecordHash(hash, event.position, event.version, eventFingerprint(event));
      if (hash !== row[8]) {
        return bad(
          records,
          expected,
          `the hash chain breaks here: the row (event "${event.id}") was changed, or one before it`,
        );
      }
      records++;
      expected++;
    }
  }
  if (records !== last) {
    return bad(
      records,
      records + 1,
      `tenure_head says the log ends at position ${last}, but the rows end at ${records}`,
    );
  }
  if (hash !== headHash) {
    return bad(records, last, `the last record's hash differs from the one tenure_head recorded`);
  }
  // An append commits its rows and the head together, so no row may lie past the head as it is
  // now (read in the same statement: rows appended while this ran are not past it).
  const past = await pool.query<{ position: string; head: string }>(
    `SELECT e.position, h.position AS head FROM ${schema}.tenure_events e, ${schema}.tenure_head h
     WHERE e.position > h.position ORDER BY e.position LIMIT 1`,
  );
  const stray = past.rows[0];
  if (stray !== undefined) {
    return bad(records, Number(stray.position), pastHeadReason(Number(stray.head)));
  }
  const versions = await pool.query<{ position: string; version: number; expected: string }>(
    `SELECT position, version, expected FROM (
       SELECT position, version, row_number() OVER (PARTITION BY customer_id ORDER BY position) AS expected
       FROM ${schema}.tenure_events WHERE position <= $1) AS numbered
     WHERE version <> expected ORDER BY position LIMIT 1`,
    [last],
  );
  const wrong = versions.rows[0];
  if (wrong !== undefined) {
    return bad(
      records,
      Number(wrong.position),
      `the customer's stream version is ${wrong.version}, expected ${wrong.expected}`,
    );
  }
  return { ok: true, records };
}

/** Why a log without its head row is corrupt (every append locks and moves that row). */
export const MISSING_HEAD =
  "tenure_head has no row: it holds the log's last position and hash, and was deleted behind the log's back";

/**
 * Why a row past the head is corruption: tenure writes rows and head in one transaction, so the
 * row came from another writer, or the head row from an older copy (e.g. a partial restore).
 */
export function pastHeadReason(head: number): string {
  return `the row lies past tenure_head's position ${head}: it was written by something other than tenure, or the head row was restored from an older copy`;
}

function bad(records: number, position: number, reason: string): VerifyResult {
  return { ok: false, records, location: `position ${position}`, reason };
}
