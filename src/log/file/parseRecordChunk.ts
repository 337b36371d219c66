import type { EventMeta, StoredEvent } from '../../events/TenureEvent.js';
import { tupleEvent } from './eventTuple.js';
import {
  digitsEnd,
  HASH_SUFFIX_LENGTH,
  integerAt,
  MAX_DIGITS,
  remainingEnd,
} from './fileRecord.js';
import { closingQuote, jsonStringAt } from './jsonStringAt.js';

/** The records of a chunk of whole lines, as {@link parseRecordChunk} returns them. */
export interface RecordChunk {
  readonly events: StoredEvent[];
  /** `r` of each record: how many records of the same append follow it. */
  readonly remaining: number[];
}

const EVENT_KEY = ',"e":';
const POSITION_KEY = ',"p":';
const TUPLE_START = ',"t":["';
const NEXT_STRING = '","';
const COMMA = 44;
const CLOSING_BRACKET = 93;

/** The three strings that open a format-2 event tuple, read without `JSON.parse`. */
interface TupleStrings {
  readonly id: string;
  readonly type: string;
  readonly customerId: string;
  /** Where the rest of the tuple (`<at>,<version>,<data>(,<meta>)]`) starts. */
  readonly restStart: number;
}

/**
 * Parses a chunk of record lines fast, with one `JSON.parse` for the whole chunk:
 *
 * - a format-2 record (`{"r":N,"p":P,"t":["<id>","<type>","<customerId>",<at>,<version>,
 *   <data>(,<meta>)],"h":"..."}`) gives its three strings to {@link jsonStringAt} and the rest of
 *   its tuple, `<at>,…]`, to the parse;
 * - a format-1 record (`{"r":N,"e":<event>,"h":"..."}`) gives its event object to the parse.
 *
 * The cut-out parts are joined into one JSON array of arrays (`[[<at>,…],[<event>],…]`), so
 * neither the record wrappers nor their hashes become objects and strings. Returns `undefined`
 * when a line is not in a record format or does not parse: the caller then goes line by line to
 * say which.
 */
export function parseRecordChunk(bytes: Buffer): RecordChunk | undefined {
  const text = bytes.toString('utf8');
  /** Each line's part of the parse, the `[` that opens it left to the join. */
  const parts: string[] = [];
  const remaining: number[] = [];
  /** The position of each format-2 record, -1 for a format-1 record (its event holds it). */
  const positions: number[] = [];
  /** The strings of each format-2 record (`undefined` for format 1). */
  const strings: (TupleStrings | undefined)[] = [];
  let start = 0;
  while (start < text.length) {
    const newline = text.indexOf('\n', start);
    const cursor = newline < 0 ? -1 : remainingEnd(text, start);
    if (cursor < 0) return undefined;
    remaining.push(integerAt(text, start + 5, cursor));
    const eventEnd = newline - HASH_SUFFIX_LENGTH;
    if (eventEnd <= cursor || !text.startsWith(',"h":"', eventEnd)) return undefined;
    if (text.startsWith(POSITION_KEY, cursor)) {
      const positionStart = cursor + POSITION_KEY.length;
      const positionEnd = digitsEnd(text, positionStart);
      if (positionEnd === positionStart || positionEnd - positionStart > MAX_DIGITS)
        return undefined;
      const tuple = tupleStrings(text, positionEnd, eventEnd);
      if (tuple === undefined) return undefined;
      positions.push(integerAt(text, positionStart, positionEnd));
      strings.push(tuple);
      parts.push(text.slice(tuple.restStart, eventEnd));
    } else if (text.startsWith(EVENT_KEY, cursor) && cursor + EVENT_KEY.length < eventEnd) {
      positions.push(-1);
      strings.push(undefined);
      // The event object becomes the only element of its array.
      parts.push(`${text.slice(cursor + EVENT_KEY.length, eventEnd)}]`);
    } else {
      return undefined;
    }
    start = newline + 1;
  }
  let parsed: unknown[];
  try {
    parsed = JSON.parse(`[[${parts.join(',[')}]`) as unknown[];
  } catch {
    return undefined;
  }
  if (parsed.length !== parts.length) return undefined;
  const events = parsed as StoredEvent[];
  for (let i = 0; i < parsed.length; i++) {
    const element = parsed[i];
    if (!Array.isArray(element)) return undefined;
    const tuple = strings[i];
    if (tuple === undefined) {
      events[i] = element[0] as StoredEvent;
      continue;
    }
    // The rest of a tuple: [at, version, data, meta?].
    if (element.length < 3) return undefined;
    events[i] = tupleEvent(
      tuple.id,
      tuple.type,
      tuple.customerId,
      element[0] as number,
      element[1] as number,
      element[2],
      element[3] as EventMeta | undefined,
      positions[i]!,
    );
  }
  return { events, remaining };
}

/**
 * The strings of the tuple that follows `,"t":` at `from` (the tuple ends at `end`);
 * `undefined` when the line is not in that layout.
 */
function tupleStrings(text: string, from: number, end: number): TupleStrings | undefined {
  if (!text.startsWith(TUPLE_START, from) || text.charCodeAt(end - 1) !== CLOSING_BRACKET) {
    return undefined;
  }
  const idStart = from + TUPLE_START.length;
  const idEnd = closingQuote(text, idStart, end);
  if (idEnd < 0 || !text.startsWith(NEXT_STRING, idEnd)) return undefined;
  const typeStart = idEnd + NEXT_STRING.length;
  const typeEnd = closingQuote(text, typeStart, end);
  if (typeEnd < 0 || !text.startsWith(NEXT_STRING, typeEnd)) return undefined;
  const customerStart = typeEnd + NEXT_STRING.length;
  const customerEnd = closingQuote(text, customerStart, end);
  if (customerEnd < 0 || text.charCodeAt(customerEnd + 1) !== COMMA) return undefined;
  const id = jsonStringAt(text, idStart, idEnd);
  const type = jsonStringAt(text, typeStart, typeEnd);
  const customerId = jsonStringAt(text, customerStart, customerEnd);
  if (id === undefined || type === undefined || customerId === undefined) return undefined;
  return { id, type, customerId, restStart: customerEnd + 2 };
}
