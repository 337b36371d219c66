import type { FileHandle } from 'node:fs/promises';
import { CorruptLogError } from '../../errors/CorruptLogError.js';
import { createFileLogIndex, type FileLogIndex } from './FileLogIndex.js';
import { type FileRecord, GENESIS_HASH, recordProblem } from './fileRecord.js';
import { parseLines, readLineChunks } from './readLineChunks.js';

/** What opening a file log found. */
export interface ScanResult {
  /** The committed records. `index.end` is where the committed part of the file ends. */
  readonly index: FileLogIndex;
  /** Bytes after `index.end`: a torn final line and/or an append cut short by a crash. */
  readonly tornBytes: number;
}

/** The records of an append read so far whose final record (`r` = 0) has not been seen. */
interface Pending {
  readonly events: FileRecord['e'][];
  readonly ids: Set<string>;
  readonly lengths: number[];
  /** `r` of the last record read: how many more records this append announced. */
  remaining: number;
}

/**
 * Reads a file log once from the start and builds its index. The tail a crash can leave (an
 * unterminated or unparsable final line, and the first records of an append whose last record is
 * missing) is reported in `tornBytes`, not indexed. Anything else wrong (a bad line before the
 * final one, a complete record out of sequence) is corruption.
 *
 * @throws CorruptLogError naming the line, when a record other than the final line is bad.
 */
export async function scanLogFile(
  api: string,
  handle: FileHandle,
  size: number,
): Promise<ScanResult> {
  const index = createFileLogIndex(GENESIS_HASH);
  const versions = new Map<string, number>();
  let pending: Pending | undefined;
  let line = 0;
  let torn = false;
  for await (const chunk of readLineChunks(handle, 0, size)) {
    if (chunk.unterminated) {
      torn = true;
      break;
    }
    const { bytes } = chunk;
    const records = tryParseLines(bytes);
    let lineStart = 0;
    for (let i = 0; lineStart < bytes.length; i++) {
      const lineEnd = bytes.indexOf(10, lineStart) + 1;
      line++;
      const record = records === undefined ? tryParseLine(bytes, lineStart, lineEnd) : records[i];
      if (record === UNPARSABLE && chunk.offset + lineEnd === size) {
        // Only the very last line may be cut short by a crash; elsewhere it is corruption.
        torn = true;
        break;
      }
      const problem =
        record === UNPARSABLE
          ? 'the line is not valid JSON'
          : (recordProblem(record) ??
            sequenceProblem(record as FileRecord, line, pending, versions));
      if (problem !== undefined) throw new CorruptLogError(api, `line ${line}`, problem);
      const { r, e, h } = record as FileRecord;
      versions.set(e.customerId, e.version);
      if (index.positionOf(e.id) !== undefined || pending?.ids.has(e.id)) {
        throw new CorruptLogError(api, `line ${line}`, `event id "${e.id}" is stored twice`);
      }
      pending ??= { events: [], ids: new Set(), lengths: [], remaining: r + 1 };
      pending.events.push(e);
      pending.ids.add(e.id);
      pending.lengths.push(lineEnd - lineStart);
      pending.remaining = r;
      if (r === 0) {
        index.commit(pending.events, pending.lengths, h);
        pending = undefined;
      }
      lineStart = lineEnd;
    }
    if (torn) break;
  }
  if (pending !== undefined) torn = true;
  return { index, tornBytes: torn ? size - index.end : 0 };
}

/** Why `record` cannot follow what was read before it, or `undefined`. */
function sequenceProblem(
  record: FileRecord,
  line: number,
  pending: Pending | undefined,
  versions: Map<string, number>,
): string | undefined {
  const { e, r } = record;
  if (e.position !== line) return `position ${e.position} where ${line} was expected`;
  const expectedVersion = (versions.get(e.customerId) ?? 0) + 1;
  if (e.version !== expectedVersion) {
    return `version ${e.version} of customer "${e.customerId}" where ${expectedVersion} was expected`;
  }
  if (pending !== undefined && r !== pending.remaining - 1) {
    return `"r" is ${r} where the append's previous record announced ${pending.remaining - 1} more`;
  }
  return undefined;
}

function tryParseLines(bytes: Buffer): unknown[] | undefined {
  try {
    return parseLines<unknown>(bytes);
  } catch {
    return undefined;
  }
}

const UNPARSABLE = Symbol('unparsable');

function tryParseLine(bytes: Buffer, start: number, end: number): unknown {
  try {
    return JSON.parse(bytes.toString('utf8', start, end - 1));
  } catch {
    return UNPARSABLE;
  }
}
