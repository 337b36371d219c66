import type { FileHandle } from 'node:fs/promises';
import { CorruptLogError } from '../../errors/CorruptLogError.js';
import type { StoredEvent } from '../../events/TenureEvent.js';
import { createFileLogIndex, type FileLogIndex } from './FileLogIndex.js';
import { eventProblem, type FileRecord, GENESIS_HASH, recordProblem } from './fileRecord.js';
import { parseRecordChunk } from './parseRecordChunk.js';
import { readLineChunks } from './readLineChunks.js';

/** What opening a file log found. */
export interface ScanResult {
  /** The committed records. `index.end` is where the committed part of the file ends. */
  readonly index: FileLogIndex;
  /** Bytes after `index.end`: a torn final line and/or an append cut short by a crash. */
  readonly tornBytes: number;
}

/** The records of an append read so far whose final record (`r` = 0) has not been seen. */
interface Pending {
  readonly events: StoredEvent[];
  readonly ids: Set<string>;
  readonly lengths: number[];
  /** `r` of the last record read: how many more records this append announced. */
  remaining: number;
}

/** A line of the file, parsed. */
interface Line {
  readonly r: number;
  readonly e: StoredEvent;
  readonly start: number;
  readonly end: number;
}

/**
 * Reads a file log once from the start and builds its index. The tail a crash can leave (an
 * unterminated or unparsable final line, and the first records of an append whose last record is
 * missing) is reported in `tornBytes`, not indexed. Anything else wrong (a bad line before the
 * final one, a complete record out of sequence) is corruption.
 *
 * @throws CorruptLogError naming the line.
 */
export async function scanLogFile(
  api: string,
  handle: FileHandle,
  size: number,
): Promise<ScanResult> {
  const index = createFileLogIndex(GENESIS_HASH);
  const versions = new Map<string, number>();
  let pending: Pending | undefined;
  let lineNumber = 0;
  for await (const chunk of readLineChunks(handle, 0, size)) {
    if (chunk.unterminated) break;
    const { bytes } = chunk;
    for (const line of linesOf(bytes, chunk.offset + bytes.length === size)) {
      lineNumber++;
      if (line === TORN) return { index, tornBytes: size - index.end };
      if (typeof line === 'string') throw new CorruptLogError(api, `line ${lineNumber}`, line);
      const { r, e } = line;
      const problem =
        eventProblem(e) ?? sequenceProblem(r, e, lineNumber, pending, versions.get(e.customerId));
      if (problem !== undefined) throw new CorruptLogError(api, `line ${lineNumber}`, problem);
      if (index.positionOf(e.id) !== undefined || pending?.ids.has(e.id)) {
        throw new CorruptLogError(api, `line ${lineNumber}`, `event id "${e.id}" is stored twice`);
      }
      versions.set(e.customerId, e.version);
      pending ??= { events: [], ids: new Set(), lengths: [], remaining: r + 1 };
      pending.events.push(e);
      pending.ids.add(e.id);
      pending.lengths.push(line.end - line.start);
      pending.remaining = r;
      if (r === 0) {
        // The hash sits at a fixed place before the line's closing `"}\n`.
        index.commit(
          pending.events,
          pending.lengths,
          bytes.toString('latin1', line.end - 67, line.end - 3),
        );
        pending = undefined;
      }
    }
  }
  return { index, tornBytes: size - index.end };
}

const TORN = Symbol('torn');

/**
 * The lines of a chunk: fast (one parse for the chunk) when every line is a well-formed record,
 * else line by line, yielding a problem (a string) for a bad line, or `TORN` for an unparsable
 * final line of the file.
 */
function* linesOf(bytes: Buffer, endsFile: boolean): Generator<Line | string | typeof TORN> {
  const fast = parseRecordChunk(bytes);
  if (fast !== undefined) {
    let start = 0;
    for (let i = 0; i < fast.events.length; i++) {
      // Byte offsets (the index's unit), not string indices: they differ for non-ASCII text.
      const end = bytes.indexOf(10, start) + 1;
      yield { r: fast.remaining[i]!, e: fast.events[i]!, start, end };
      start = end;
    }
    return;
  }
  for (let start = 0; start < bytes.length; ) {
    const end = bytes.indexOf(10, start) + 1;
    let record: unknown;
    try {
      record = JSON.parse(bytes.toString('utf8', start, end - 1));
    } catch {
      // Only the very last line may be cut short by a crash; elsewhere it is corruption.
      yield endsFile && end === bytes.length ? TORN : 'the line is not valid JSON';
      return;
    }
    const problem = recordProblem(record);
    if (problem !== undefined) {
      yield problem;
      return;
    }
    yield { r: (record as FileRecord).r, e: (record as FileRecord).e, start, end };
    start = end;
  }
}

/** Why a record cannot follow what was read before it, or `undefined`. */
function sequenceProblem(
  r: number,
  e: StoredEvent,
  line: number,
  pending: Pending | undefined,
  lastVersion = 0,
): string | undefined {
  if (e.position !== line) return `position ${e.position} where ${line} was expected`;
  if (e.version !== lastVersion + 1) {
    return `version ${e.version} of customer "${e.customerId}" where ${lastVersion + 1} was expected`;
  }
  if (pending !== undefined && r !== pending.remaining - 1) {
    return `"r" is ${r} where the append's previous record announced ${pending.remaining - 1} more`;
  }
  return undefined;
}
