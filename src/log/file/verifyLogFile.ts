import type { FileHandle } from 'node:fs/promises';
import type { VerifyResult } from '../EventLog.js';
import {
  type FileRecord,
  GENESIS_HASH,
  hashRecord,
  recordEvent,
  recordProblem,
  splitLine,
} from './fileRecord.js';
import { IdTable } from './IdTable.js';
import { readLineChunks } from './readLineChunks.js';

/** Why the final line fails: it has no newline (it can only be the last line read). */
export const UNTERMINATED = 'the line is not terminated by a newline';
/** Why the file ends badly: the last append's records announce more than follow. */
export const INCOMPLETE = 'the last append is incomplete';

/**
 * Whether a check of a whole file stopped, for `reason`, at what an append leaves while it is
 * written or when a crash cut it short (never acknowledged; a writer's next open removes it).
 */
export function isUnfinishedAppend(reason: string): boolean {
  return reason === UNTERMINATED || reason === INCOMPLETE;
}

/**
 * Re-reads the committed part of a log file and checks every record: its hash chains to the
 * previous one, it parses, its position is its line number, its version follows the customer's
 * previous one, its event id is not stored before it, and appends are complete. Reports the first
 * bad line.
 *
 * @param expectedRecords - how many records the log has acknowledged (missing ones are reported).
 */
export async function verifyLogFile(
  handle: FileHandle,
  end: number,
  expectedRecords: number,
): Promise<VerifyResult> {
  let previous = GENESIS_HASH;
  let records = 0;
  let remaining = 0;
  const versions = new Map<string, number>();
  // Ids by hash, and where each line starts, to read an earlier line whose id has the same hash.
  const ids = new IdTable();
  let starts = new Float64Array(1024);
  const fail = (reason: string): VerifyResult => ({
    ok: false,
    records,
    location: `line ${records + 1}`,
    reason,
  });
  for await (const chunk of readLineChunks(handle, 0, end)) {
    if (chunk.unterminated) return fail(UNTERMINATED);
    const { bytes } = chunk;
    for (let start = 0; start < bytes.length; ) {
      const stop = bytes.indexOf(10, start);
      const line = bytes.toString('utf8', start, stop);
      const lineStart = chunk.offset + start;
      start = stop + 1;
      const parts = splitLine(line);
      if (parts === undefined) return fail('the line does not end with its hash ,"h":"<sha256>"}');
      if (hashRecord(previous, parts.body) !== parts.hash) {
        return fail(
          'the hash does not match the record and its predecessor: a record was edited, removed or reordered here',
        );
      }
      let record: FileRecord;
      try {
        record = JSON.parse(line) as FileRecord;
      } catch {
        return fail('the line is not valid JSON');
      }
      const problem = recordProblem(record);
      if (problem !== undefined) return fail(problem);
      const { r } = record;
      // recordProblem has checked that the record holds an event.
      const e = recordEvent(record)!;
      if (e.position !== records + 1) return fail(`the record has position ${e.position}`);
      const version = (versions.get(e.customerId) ?? 0) + 1;
      if (e.version !== version) return fail(`the record has version ${e.version}, not ${version}`);
      if (remaining > 0 && r !== remaining - 1) return fail('the append it belongs to is broken');
      if (records === starts.length) {
        const grown = new Float64Array(2 * starts.length);
        grown.set(starts);
        starts = grown;
      }
      starts[records] = lineStart;
      if (ids.add(e.id, records + 1) && (await storedBefore(handle, ids, starts, e.id, records))) {
        return fail(`event id "${e.id}" is stored twice`);
      }
      versions.set(e.customerId, version);
      remaining = r;
      previous = parts.hash;
      records++;
    }
  }
  if (remaining > 0) return fail(INCOMPLETE);
  if (records < expectedRecords) {
    return fail(`the file ends after ${records} records; ${expectedRecords} were acknowledged`);
  }
  return { ok: true, records };
}

/**
 * True when `id` is the id of one of the first `records` lines (those whose ids have its hash,
 * read again from the file: `starts` holds where each line starts, the next one where it ends).
 */
async function storedBefore(
  handle: FileHandle,
  ids: IdTable,
  starts: Float64Array,
  id: string,
  records: number,
): Promise<boolean> {
  for (const position of ids.candidatesOf(id)) {
    if (position > records) continue;
    const start = starts[position - 1]!;
    const line = Buffer.alloc(starts[position]! - start - 1);
    await handle.read(line, 0, line.length, start);
    const earlier = recordEvent(JSON.parse(line.toString('utf8')) as FileRecord);
    if (earlier?.id === id) return true;
  }
  return false;
}
