import type { StoredEvent } from '../../events/TenureEvent.js';
import { HASH_SUFFIX_LENGTH } from './fileRecord.js';

/** The records of a chunk of whole lines, as {@link parseRecordChunk} returns them. */
export interface RecordChunk {
  readonly events: StoredEvent[];
  /** `r` of each record: how many records of the same append follow it. */
  readonly remaining: number[];
  /** Offset in the chunk just past each line's newline. */
  readonly lineEnds: number[];
}

const OPEN_BRACE = 0x7b;
const COMMA = 0x2c;
const NEWLINE = 0x0a;
const RECORD_START = Buffer.from('{"r":');
const EVENT_KEY = Buffer.from(',"e":');
const HASH_KEY = Buffer.from(',"h":"');

/**
 * Parses a chunk of record lines fast: the events of all lines are cut out of their records
 * (`{"r":N,"e":<event>,"h":"..."}`) byte-wise and parsed with one `JSON.parse` of an array, so
 * neither the record wrappers nor their hashes become objects and strings. Returns `undefined`
 * when any line is not in the record format or does not parse: the caller then goes line by line
 * to say which.
 */
export function parseRecordChunk(bytes: Buffer): RecordChunk | undefined {
  const remaining: number[] = [];
  const lineEnds: number[] = [];
  const json = Buffer.allocUnsafe(bytes.length + 2);
  json[0] = 0x5b; // [
  let out = 1;
  let start = 0;
  while (start < bytes.length) {
    const newline = bytes.indexOf(NEWLINE, start);
    if (newline < 0) return undefined;
    const eventEnd = newline - HASH_SUFFIX_LENGTH;
    if (
      bytes[start] !== OPEN_BRACE ||
      bytes.compare(RECORD_START, 0, 5, start, start + 5) !== 0 ||
      bytes.compare(HASH_KEY, 0, 6, eventEnd, eventEnd + 6) !== 0
    ) {
      return undefined;
    }
    let cursor = start + 5;
    let r = 0;
    for (
      let digit = bytes[cursor]! - 0x30;
      digit >= 0 && digit <= 9;
      digit = bytes[++cursor]! - 0x30
    ) {
      r = r * 10 + digit;
    }
    if (cursor === start + 5 || bytes.compare(EVENT_KEY, 0, 5, cursor, cursor + 5) !== 0) {
      return undefined;
    }
    const eventStart = cursor + 5;
    if (eventStart >= eventEnd) return undefined;
    out += bytes.copy(json, out, eventStart, eventEnd);
    json[out++] = COMMA;
    remaining.push(r);
    lineEnds.push(newline + 1);
    start = newline + 1;
  }
  if (out === 1) return { events: [], remaining, lineEnds };
  json[out - 1] = 0x5d; // ]
  try {
    const events = JSON.parse(json.toString('utf8', 0, out)) as StoredEvent[];
    return events.length === lineEnds.length ? { events, remaining, lineEnds } : undefined;
  } catch {
    return undefined;
  }
}
