import { hash } from 'node:crypto';
import type { StoredEvent } from '../../events/TenureEvent.js';
import { type EventTuple, eventFromTuple, eventTuple } from './eventTuple.js';

/**
 * One line of a file log is one record, in one of two formats (a file may hold both: a log
 * written by an older tenure continues in format 2):
 *
 * - format 2 (written now): `{"r":<remaining>,"p":<position>,"t":<event tuple>,"h":"<sha256 hex>"}\n`,
 *   the event as an {@link EventTuple} (it parses faster than the event object);
 * - format 1 (all that earlier versions of tenure wrote; still written for an event a tuple cannot
 *   hold):
 *   `{"r":<remaining>,"e":<stored event>,"h":"<sha256 hex>"}\n`.
 *
 * - `r` counts the records of the same append that follow this one (0 ends the batch), so a
 *   batch cut short by a crash is recognised and dropped as a whole on open.
 * - `h` is sha256(previous record's `h` + this line up to, not including, `,"h":`). The chain
 *   makes any edited, removed or reordered record detectable by `verify()`.
 */
export type FileRecord = FileRecordV1 | FileRecordV2;

/** A record of format 1: the stored event as it is. */
export interface FileRecordV1 {
  readonly r: number;
  readonly e: StoredEvent;
  readonly h: string;
}

/** A record of format 2: the event's position, and the event as a tuple. */
export interface FileRecordV2 {
  readonly r: number;
  readonly p: number;
  readonly t: EventTuple;
  readonly h: string;
}

/** The `h` that precedes the first record. */
export const GENESIS_HASH = '0'.repeat(64);

/** Length of `,"h":"<64 hex>"}` at the end of every line (without the newline). */
export const HASH_SUFFIX_LENGTH = 72;

const SUFFIX_PATTERN = /^,"h":"[0-9a-f]{64}"\}$/;

/** Digits of the largest safe integer: longer runs are not counts, positions or versions. */
export const MAX_DIGITS = 15;

/**
 * Where the digits of `r` end in the record line that starts at `start` of `text`
 * (`{"r":<digits>,…`), or -1 when the line does not start like a record.
 */
export function remainingEnd(text: string, start: number): number {
  if (!text.startsWith('{"r":', start)) return -1;
  const end = digitsEnd(text, start + 5);
  return end === start + 5 || end - start - 5 > MAX_DIGITS ? -1 : end;
}

/** The index just past the run of ASCII digits that starts at `start`. */
export function digitsEnd(text: string, start: number): number {
  let end = start;
  for (let code = text.charCodeAt(end); code >= 48 && code <= 57; code = text.charCodeAt(++end));
  return end;
}

/** The value of the ASCII digits `[start, end)` of `text`. */
export function integerAt(text: string, start: number, end: number): number {
  let value = 0;
  for (let i = start; i < end; i++) value = value * 10 + text.charCodeAt(i) - 48;
  return value;
}

/** sha256 of the previous hash and this record's body, in hex. */
export function hashRecord(previousHash: string, body: string): string {
  // One-shot `hash` (Node >= 20.12) is several times cheaper than `createHash` for short input.
  return hash('sha256', previousHash + body, 'hex');
}

/** The encoded lines of one append, ready to be written in one go. */
export interface EncodedBatch {
  readonly bytes: Buffer;
  /** Byte length of each line, newline included. */
  readonly lineLengths: readonly number[];
  /** `h` of the last record (the chain continues from it). */
  readonly lastHash: string;
}

/** Encodes a batch of stored events as chained records continuing from `previousHash`. */
export function encodeBatch(events: readonly StoredEvent[], previousHash: string): EncodedBatch {
  const lineLengths: number[] = new Array(events.length);
  let bytes = Buffer.allocUnsafe(events.length * 512);
  let filled = 0;
  let chained = previousHash;
  for (let i = 0; i < events.length; i++) {
    const body = recordBody(events[i]!, events.length - 1 - i);
    chained = hashRecord(chained, body);
    const line = `${body},"h":"${chained}"}\n`;
    // Each line is encoded once, straight into the batch's buffer (UTF-8: at most 3 bytes per
    // UTF-16 unit), which also gives its byte length.
    const room = line.length * 3;
    if (filled + room > bytes.length) {
      const grown = Buffer.allocUnsafe(Math.max(bytes.length * 2, filled + room));
      bytes.copy(grown, 0, 0, filled);
      bytes = grown;
    }
    const length = bytes.write(line, filled);
    lineLengths[i] = length;
    filled += length;
  }
  return { bytes: bytes.subarray(0, filled), lineLengths, lastHash: chained };
}

/** A record's line up to, not including, `,"h":` (what its hash covers). */
function recordBody(event: StoredEvent, remaining: number): string {
  const tuple = eventTuple(event);
  return tuple === undefined
    ? `{"r":${remaining},"e":${JSON.stringify(event)}`
    : `{"r":${remaining},"p":${event.position},"t":${JSON.stringify(tuple)}`;
}

/** The stored event of a record of either format. */
export function recordEvent(record: FileRecord): StoredEvent | undefined {
  return 'e' in record ? record.e : eventFromTuple(record.t, record.p);
}

/**
 * Checks a parsed line's shape: why it is not a record, or `undefined` when it is one.
 * (Event content was validated when it was appended; the hash chain guards it since.)
 */
export function recordProblem(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) return 'the line is not a JSON object';
  const record = value as Partial<FileRecordV1 & FileRecordV2>;
  if (!Number.isSafeInteger(record.r) || (record.r as number) < 0) {
    return '"r" is not a count of following records';
  }
  if (typeof record.h !== 'string' || record.h.length !== 64) return '"h" is not a sha256 hash';
  if ('e' in record) return eventProblem(record.e);
  if (!Number.isSafeInteger(record.p)) return '"p" is not a position';
  return eventProblem(eventFromTuple(record.t, record.p as number));
}

/** Checks the stored event of a record: why it is not one, or `undefined`. */
export function eventProblem(event: StoredEvent | undefined): string | undefined {
  if (typeof event !== 'object' || event === null) return '"e" is not an event';
  if (typeof event.id !== 'string' || typeof event.customerId !== 'string') {
    return 'the event has no string id and customerId';
  }
  if (!Number.isSafeInteger(event.position) || !Number.isSafeInteger(event.version)) {
    return 'the event has no integer position and version';
  }
  if (typeof event.at !== 'number') return 'the event has no numeric time "at"';
  return undefined;
}

/** Splits a line into the hashed body and its hash, or `undefined` when the suffix is malformed. */
export function splitLine(line: string): { body: string; hash: string } | undefined {
  const suffix = line.slice(-HASH_SUFFIX_LENGTH);
  if (!SUFFIX_PATTERN.test(suffix)) return undefined;
  return { body: line.slice(0, -HASH_SUFFIX_LENGTH), hash: suffix.slice(6, 70) };
}
