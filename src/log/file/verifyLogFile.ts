import type { FileHandle } from 'node:fs/promises';
import type { VerifyResult } from '../EventLog.js';
import { createFileLogIndex } from './FileLogIndex.js';
import {
  type FileRecord,
  GENESIS_HASH,
  hashRecord,
  recordEvent,
  recordProblem,
  splitLine,
} from './fileRecord.js';
import { readEventWithId } from './readFileLog.js';
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
  let remaining = 0;
  // The records checked so far, indexed as an open indexes them: versions, ids, where lines are.
  const index = createFileLogIndex(GENESIS_HASH);
  const fail = (reason: string): VerifyResult => ({
    ok: false,
    records: index.count,
    location: `line ${index.count + 1}`,
    reason,
  });
  for await (const chunk of readLineChunks(handle, 0, end)) {
    if (chunk.unterminated) return fail(UNTERMINATED);
    const { bytes } = chunk;
    for (let start = 0; start < bytes.length; ) {
      const stop = bytes.indexOf(10, start);
      const line = bytes.toString('utf8', start, stop);
      const lineBytes = stop + 1 - start;
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
      if (e.position !== index.count + 1) return fail(`the record has position ${e.position}`);
      const version = index.versionOf(e.customerId) + 1;
      if (e.version !== version) return fail(`the record has version ${e.version}, not ${version}`);
      if (remaining > 0 && r !== remaining - 1) return fail('the append it belongs to is broken');
      if ((await readEventWithId(handle, index, e.id)) !== undefined) {
        return fail(`event id "${e.id}" is stored twice`);
      }
      index.commit([e], [lineBytes], parts.hash);
      remaining = r;
      previous = parts.hash;
    }
  }
  if (remaining > 0) return fail(INCOMPLETE);
  if (index.count < expectedRecords) {
    return fail(`the file ends after ${index.count} records; ${expectedRecords} were acknowledged`);
  }
  return { ok: true, records: index.count };
}
