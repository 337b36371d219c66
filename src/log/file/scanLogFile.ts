import type { FileHandle } from 'node:fs/promises';
import { CorruptLogError } from '../../errors/CorruptLogError.js';
import type { StoredEvent } from '../../events/TenureEvent.js';
import { createFileLogIndex, type FileLogIndex } from './FileLogIndex.js';
import {
  eventProblem,
  type FileRecord,
  GENESIS_HASH,
  recordEvent,
  recordProblem,
} from './fileRecord.js';
import { parseRecordChunk } from './parseRecordChunk.js';
import { readEventWithId } from './readFileLog.js';
import { readLineChunks } from './readLineChunks.js';
import { type RecordHead, scanRecordHeads } from './scanRecordHeads.js';

/** What opening a file log found. */
export interface ScanResult {
  /** The committed records. `index.end` is where the committed part of the file ends. */
  readonly index: FileLogIndex;
  /** Bytes after `index.end`: a torn final line and/or an append cut short by a crash. */
  readonly tornBytes: number;
}

/** The records of an append read so far whose final record (`r` = 0) has not been seen. */
interface Pending {
  readonly events: RecordHead[];
  readonly lengths: number[];
  /** Line number of the append's first record. */
  readonly firstLine: number;
  /** `r` of the last record read: how many more records this append announced. */
  remaining: number;
}

/**
 * Reads a file log once from the start and builds its index. The tail a crash can leave (an
 * unterminated or unparsable final line, and the first records of an append whose last record is
 * missing) is reported in `tornBytes`, not indexed. Anything else wrong (a bad line before the
 * final one, a complete record out of sequence or with an id stored before) is corruption.
 *
 * Only the fields the index needs are read from each record (`scanRecordHeads`), in the file's
 * final chunk too: a torn line has no newline or no hash suffix, so it fails that layout.
 * Payloads are parsed only in a chunk whose lines are not all in the record layout (to tell a
 * torn final line from a corrupt one, and to say which line is bad).
 *
 * @throws CorruptLogError naming the line.
 */
export async function scanLogFile(
  api: string,
  handle: FileHandle,
  size: number,
): Promise<ScanResult> {
  const index = createFileLogIndex(GENESIS_HASH);
  let pending: Pending | undefined;
  let lineNumber = 0;
  for await (const chunk of readLineChunks(handle, 0, size)) {
    if (chunk.unterminated) break;
    const { bytes } = chunk;
    const { heads, stop } = headsOf(bytes, chunk.offset + bytes.length === size);
    let start = 0;
    for (const head of heads) {
      lineNumber++;
      const problem = sequenceProblem(head, lineNumber, pending);
      if (problem !== undefined) throw new CorruptLogError(api, `line ${lineNumber}`, problem);
      pending ??= { events: [], lengths: [], firstLine: lineNumber, remaining: head.r + 1 };
      pending.events.push(head);
      pending.lengths.push(head.end - start);
      pending.remaining = head.r;
      start = head.end;
      if (head.r === 0) {
        // The hash sits at a fixed place before the line's closing `"}\n`.
        const hash = bytes.toString('latin1', head.end - 67, head.end - 3);
        const collided: number[] = [];
        const misfit = index.commit(pending.events, pending.lengths, hash, collided);
        if (misfit >= 0) {
          const line = `line ${pending.firstLine + misfit}`;
          throw new CorruptLogError(api, line, misfitProblem(index, pending.events[misfit]!));
        }
        for (const at of collided) {
          const { id, position } = pending.events[at]!;
          if ((await readEventWithId(handle, index, id, position)) !== undefined) {
            const line = `line ${pending.firstLine + at}`;
            throw new CorruptLogError(api, line, `event id "${id}" is stored twice`);
          }
        }
        pending = undefined;
      }
    }
    if (stop === TORN) return checkTail(api, handle, index, size);
    if (stop !== undefined) throw new CorruptLogError(api, `line ${lineNumber + 1}`, stop);
  }
  return checkTail(api, handle, index, size);
}

/** How every record line begins (both formats). */
const RECORD_START = Buffer.from('{"r":');

/**
 * The scan's result, unless the file holds no record and does not begin like one: a file that
 * is not a log (a CSV given by mistake), which a writer would otherwise cut to nothing as the
 * torn tail of a crash. A crash's tail begins as a record does, or reads as zeros where the
 * file system extended the file but not its data.
 */
async function checkTail(
  api: string,
  handle: FileHandle,
  index: FileLogIndex,
  size: number,
): Promise<ScanResult> {
  const tornBytes = size - index.end;
  if (index.count === 0 && tornBytes > 0) {
    const start = Buffer.alloc(Math.min(RECORD_START.length, size));
    await handle.read(start, 0, start.length, 0);
    if (start[0] !== 0 && !start.equals(RECORD_START.subarray(0, start.length))) {
      throw new CorruptLogError(
        api,
        'line 1',
        'the file holds no record and does not begin like one: it is not a tenure event log (nothing was changed; check the path)',
      );
    }
  }
  return { index, tornBytes };
}

const TORN = Symbol('torn');

/** The records of a chunk, and why reading stopped before its end (if it did). */
interface ChunkHeads {
  readonly heads: readonly RecordHead[];
  /** A problem with the line after the last head, or `TORN` for an unparsable final line. */
  readonly stop?: string | typeof TORN;
}

/**
 * The record heads of a chunk: read from their fixed places when every line is in the record
 * layout, else parsed (one parse for the chunk, or line by line to find the bad one).
 *
 * Opening does not build events when it need not, not even for the final chunk: reads build
 * them with the same object literals, and V8 pretenures the objects of a literal whose objects
 * were seen to live long (as a whole chunk's events do while it is checked), after which every
 * event a read builds goes straight to the old generation and drags its young data along
 * (measured: the 1,000,000-event read right after the open ran about a third slower).
 */
function headsOf(bytes: Buffer, endsFile: boolean): ChunkHeads {
  const scanned = scanRecordHeads(bytes);
  if (scanned !== undefined) return { heads: scanned };
  const fast = parseRecordChunk(bytes);
  if (fast?.events.every((event) => eventProblem(event) === undefined)) {
    let start = 0;
    return {
      heads: fast.events.map((event, i) => {
        // Byte offsets (the index's unit), not string indices: they differ for non-ASCII text.
        start = bytes.indexOf(10, start) + 1;
        return headOf(fast.remaining[i]!, event, start);
      }),
    };
  }
  const heads: RecordHead[] = [];
  for (let start = 0; start < bytes.length; ) {
    const end = bytes.indexOf(10, start) + 1;
    let record: unknown;
    try {
      record = JSON.parse(bytes.toString('utf8', start, end - 1));
    } catch {
      // Only the very last line may be cut short by a crash; elsewhere it is corruption.
      return {
        heads,
        stop: endsFile && end === bytes.length ? TORN : 'the line is not valid JSON',
      };
    }
    const problem = recordProblem(record);
    if (problem !== undefined) return { heads, stop: problem };
    heads.push(headOf((record as FileRecord).r, recordEvent(record as FileRecord)!, end));
    start = end;
  }
  return { heads };
}

function headOf(r: number, event: StoredEvent, end: number): RecordHead {
  const { id, customerId, position, version } = event;
  return { r, id, customerId, position, version, end };
}

/** Why a record cannot follow the line before it, or `undefined`. */
function sequenceProblem(
  head: RecordHead,
  line: number,
  pending: Pending | undefined,
): string | undefined {
  if (head.position !== line) return `position ${head.position} where ${line} was expected`;
  if (pending !== undefined && head.r !== pending.remaining - 1) {
    return `"r" is ${head.r} where the append's previous record announced ${pending.remaining - 1} more`;
  }
  return undefined;
}

/** Why `index.commit` refused `head`: its version does not follow its customer's last. */
function misfitProblem(index: FileLogIndex, head: RecordHead): string {
  const expected = index.versionOf(head.customerId);
  return `version ${head.version} of customer "${head.customerId}" where ${expected} was expected`;
}
