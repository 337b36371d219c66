import type { StoredEvent } from '../../events/TenureEvent.js';
import { eventFromTuple } from './eventTuple.js';
import {
  digitsEnd,
  HASH_SUFFIX_LENGTH,
  integerAt,
  MAX_DIGITS,
  remainingEnd,
} from './fileRecord.js';

/** The records of a chunk of whole lines, as {@link parseRecordChunk} returns them. */
export interface RecordChunk {
  readonly events: StoredEvent[];
  /** `r` of each record: how many records of the same append follow it. */
  readonly remaining: number[];
}

const EVENT_KEY = ',"e":';
const POSITION_KEY = ',"p":';
const TUPLE_KEY = ',"t":';

/**
 * Parses a chunk of record lines fast: the events of all lines are cut out of their records
 * (`{"r":N,"p":P,"t":<tuple>,"h":"..."}` or, format 1, `{"r":N,"e":<event>,"h":"..."}`) and
 * parsed with one `JSON.parse` of an array, so neither the record wrappers nor their hashes
 * become objects and strings. Returns `undefined` when a line is not in a record format or does
 * not parse: the caller then goes line by line to say which.
 */
export function parseRecordChunk(bytes: Buffer): RecordChunk | undefined {
  const text = bytes.toString('utf8');
  const parts: string[] = [];
  const remaining: number[] = [];
  /** The position of each format-2 record, -1 for a format-1 record (its event holds it). */
  const positions: number[] = [];
  let start = 0;
  while (start < text.length) {
    const newline = text.indexOf('\n', start);
    let cursor = newline < 0 ? -1 : remainingEnd(text, start);
    if (cursor < 0) return undefined;
    remaining.push(integerAt(text, start + 5, cursor));
    if (text.startsWith(POSITION_KEY, cursor)) {
      const positionEnd = digitsEnd(text, cursor + POSITION_KEY.length);
      const digits = positionEnd - cursor - POSITION_KEY.length;
      if (digits === 0 || digits > MAX_DIGITS || !text.startsWith(TUPLE_KEY, positionEnd)) {
        return undefined;
      }
      positions.push(integerAt(text, cursor + POSITION_KEY.length, positionEnd));
      cursor = positionEnd;
    } else if (text.startsWith(EVENT_KEY, cursor)) {
      positions.push(-1);
    } else {
      return undefined;
    }
    // Both keys (`,"t":` and `,"e":`) are 5 characters long.
    const eventStart = cursor + 5;
    const eventEnd = newline - HASH_SUFFIX_LENGTH;
    if (eventStart >= eventEnd || !text.startsWith(',"h":"', eventEnd)) return undefined;
    parts.push(text.slice(eventStart, eventEnd));
    start = newline + 1;
  }
  let parsed: unknown[];
  try {
    parsed = JSON.parse(`[${parts.join(',')}]`) as unknown[];
  } catch {
    return undefined;
  }
  if (parsed.length !== parts.length) return undefined;
  const events = parsed as StoredEvent[];
  for (let i = 0; i < positions.length; i++) {
    const position = positions[i]!;
    if (position < 0) continue;
    const event = eventFromTuple(parsed[i], position);
    if (event === undefined) return undefined;
    events[i] = event;
  }
  return { events, remaining };
}
