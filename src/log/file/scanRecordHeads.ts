import { isAscii } from 'node:buffer';
import {
  digitsEnd,
  HASH_SUFFIX_LENGTH,
  integerAt,
  MAX_DIGITS,
  remainingEnd,
} from './fileRecord.js';
import { closingQuote, isPlain } from './jsonStringAt.js';
import { pieceEnd } from './readLineChunks.js';

/** What opening a log needs of a record. */
export interface RecordHead {
  /** How many records of the same append follow this one. */
  readonly r: number;
  readonly id: string;
  readonly customerId: string;
  readonly position: number;
  readonly version: number;
  /** Byte offset in the chunk just past the record's newline. */
  readonly end: number;
}

const ZERO = 48;
const NINE = 57;
const MINUS = 45;
const PLUS = 43;
const DOT = 46;
const COMMA = 44;
const CLOSING_BRACKET = 93;
/** Lower-case `e`: `code | 32` folds `E` onto it. */
const E = 101;

const EVENT_START = ',"e":{"id":"';
const TYPE_KEY = ',"type":"';
const CUSTOMER_KEY = ',"customerId":"';
const AT_KEY = ',"at":';
const POSITION_KEY = ',"position":';
const VERSION_KEY = ',"version":';

const TUPLE_POSITION_KEY = ',"p":';
const TUPLE_START = ',"t":["';
const NEXT_STRING = '","';

/** Where a line's `"e"` or `"t"` value ends: `,"h":"<64 hex>"}` follows. */
interface LineFrame {
  readonly text: string;
  readonly bytes: Buffer;
  readonly ascii: boolean;
  /** Index just past `{"r":<digits>`. */
  readonly cursor: number;
  /** Index of the line's newline. */
  readonly newline: number;
}

/** The head fields of a record, without `r` and `end`. */
type HeadFields = Omit<RecordHead, 'r' | 'end'>;

/**
 * Reads the fields a file log's index needs (`r`, id, customer, position, version) from a chunk
 * of record lines without parsing the events' payloads: the lines are written by
 * `encodeBatch`, so these fields sit at known places (see {@link tupleHead} and
 * {@link eventHead} for the two record formats). Returns `undefined` when a line does not have
 * either layout; the caller then parses the chunk fully to say what is wrong with it.
 *
 * It checks the layout, not the JSON of the payload: that is what `verify()` (the hash chain)
 * and reads (which parse every record) check.
 */
export function scanRecordHeads(bytes: Buffer): RecordHead[] | undefined {
  const heads: RecordHead[] = [];
  // Piece by piece (see PIECE_BYTES): each piece's text is a short-lived, small string.
  for (let start = 0; start < bytes.length; ) {
    const end = pieceEnd(bytes, start);
    if (!scanPiece(bytes.subarray(start, end), start, heads)) return undefined;
    start = end;
  }
  return heads;
}

/**
 * Adds the heads of a piece of whole lines found at `offset` of its chunk to `heads`; `false`
 * when a line is in neither record layout.
 */
function scanPiece(bytes: Buffer, offset: number, heads: RecordHead[]): boolean {
  // latin1 maps each byte to one character: string indices are byte offsets, and every
  // structural character of a record is ASCII.
  const text = bytes.toString('latin1');
  const ascii = isAscii(bytes);
  let start = 0;
  while (start < text.length) {
    const newline = text.indexOf('\n', start);
    const cursor = newline < 0 ? -1 : remainingEnd(text, start);
    if (cursor < 0) return false;
    const eventEnd = newline - HASH_SUFFIX_LENGTH;
    if (
      eventEnd <= cursor ||
      !text.startsWith(',"h":"', eventEnd) ||
      !text.startsWith('"}', newline - 2)
    ) {
      return false;
    }
    const frame: LineFrame = { text, bytes, ascii, cursor, newline };
    const fields = text.startsWith(TUPLE_POSITION_KEY, cursor)
      ? tupleHead(frame)
      : eventHead(frame);
    if (fields === undefined) return false;
    heads.push({ r: integerAt(text, start + 5, cursor), ...fields, end: offset + newline + 1 });
    start = newline + 1;
  }
  return true;
}

/**
 * The head of a format-2 record: `…,"p":P,"t":["<id>","<type>","<customerId>",<at>,<version>,
 * <data>…],"h":…`.
 */
function tupleHead(frame: LineFrame): HeadFields | undefined {
  const { text, cursor, newline } = frame;
  const positionStart = cursor + TUPLE_POSITION_KEY.length;
  const positionEnd = digitsEnd(text, positionStart);
  if (!isCount(positionStart, positionEnd) || !text.startsWith(TUPLE_START, positionEnd)) {
    return undefined;
  }
  const idStart = positionEnd + TUPLE_START.length;
  const idEnd = closingQuote(text, idStart, newline);
  if (idEnd < 0 || !text.startsWith(NEXT_STRING, idEnd)) return undefined;
  const typeEnd = closingQuote(text, idEnd + NEXT_STRING.length, newline);
  if (typeEnd < 0 || !text.startsWith(NEXT_STRING, typeEnd)) return undefined;
  const customerStart = typeEnd + NEXT_STRING.length;
  const customerEnd = closingQuote(text, customerStart, newline);
  if (customerEnd < 0 || text.charCodeAt(customerEnd + 1) !== COMMA) return undefined;
  const atEnd = text.indexOf(',', customerEnd + 2);
  if (atEnd < 0 || !isNumber(text, customerEnd + 2, atEnd)) return undefined;
  const versionEnd = digitsEnd(text, atEnd + 1);
  if (!isCount(atEnd + 1, versionEnd) || text.charCodeAt(versionEnd) !== COMMA) return undefined;
  if (text.charCodeAt(newline - HASH_SUFFIX_LENGTH - 1) !== CLOSING_BRACKET) return undefined;
  return headFields(
    frame,
    [idStart, idEnd, customerStart, customerEnd],
    integerAt(text, positionStart, positionEnd),
    integerAt(text, atEnd + 1, versionEnd),
  );
}

/**
 * The head of a format-1 record: `…,"e":{"id":…,"type":…,"customerId":…,"at":…, … ,
 * "position":N,"version":N},"h":…`.
 */
function eventHead(frame: LineFrame): HeadFields | undefined {
  const { text, cursor, newline } = frame;
  if (!text.startsWith(EVENT_START, cursor)) return undefined;
  const idStart = cursor + EVENT_START.length;
  const idEnd = closingQuote(text, idStart, newline);
  if (idEnd < 0 || !text.startsWith(TYPE_KEY, idEnd + 1)) return undefined;
  const typeEnd = closingQuote(text, idEnd + 1 + TYPE_KEY.length, newline);
  if (typeEnd < 0 || !text.startsWith(CUSTOMER_KEY, typeEnd + 1)) return undefined;
  const customerStart = typeEnd + 1 + CUSTOMER_KEY.length;
  const customerEnd = closingQuote(text, customerStart, newline);
  if (customerEnd < 0 || !text.startsWith(AT_KEY, customerEnd + 1)) return undefined;
  const at = text.charCodeAt(customerEnd + 1 + AT_KEY.length);
  if (!(at === MINUS || isDigit(at))) return undefined;
  // From the end: `…,"position":N,"version":N}` then the hash suffix.
  const eventEnd = newline - HASH_SUFFIX_LENGTH;
  if (eventEnd <= customerEnd || text.charCodeAt(eventEnd - 1) !== 125) return undefined;
  const versionStart = digitsBefore(text, eventEnd - 1);
  const versionKey = versionStart - VERSION_KEY.length;
  if (versionStart < 0 || !text.startsWith(VERSION_KEY, versionKey)) return undefined;
  const positionStart = digitsBefore(text, versionKey);
  const positionKey = positionStart - POSITION_KEY.length;
  if (positionStart < 0 || positionKey <= customerEnd) return undefined;
  if (!text.startsWith(POSITION_KEY, positionKey)) return undefined;
  return headFields(
    frame,
    [idStart, idEnd, customerStart, customerEnd],
    integerAt(text, positionStart, versionKey),
    integerAt(text, versionStart, eventEnd - 1),
  );
}

/**
 * The head fields of a record whose id and customer id are the JSON string contents
 * `[idStart, idEnd)` and `[customerStart, customerEnd)` of its line; `undefined` when either is
 * not a valid JSON string.
 */
function headFields(
  { text, bytes, ascii }: LineFrame,
  [idStart, idEnd, customerStart, customerEnd]: readonly [number, number, number, number],
  position: number,
  version: number,
): HeadFields | undefined {
  const id = jsonString(bytes, text, ascii, idStart, idEnd);
  const customerId = jsonString(bytes, text, ascii, customerStart, customerEnd);
  if (id === undefined || customerId === undefined) return undefined;
  return { id, customerId, position, version };
}

/** True when `[start, end)` is a run of 1 to 15 digits. */
function isCount(start: number, end: number): boolean {
  return end > start && end - start <= MAX_DIGITS;
}

/** True when `[start, end)` holds only characters of a JSON number (its syntax is left to reads). */
function isNumber(text: string, start: number, end: number): boolean {
  if (end === start) return false;
  for (let i = start; i < end; i++) {
    const code = text.charCodeAt(i);
    if (!(isDigit(code) || code === MINUS || code === PLUS || code === DOT || (code | 32) === E)) {
      return false;
    }
  }
  return true;
}

/** Start of the run of 1 to 15 digits that ends just before `end`, or -1. */
function digitsBefore(text: string, end: number): number {
  let start = end;
  while (start > 0 && isDigit(text.charCodeAt(start - 1))) start--;
  return start === end || end - start > MAX_DIGITS ? -1 : start;
}

function isDigit(code: number): boolean {
  return code >= ZERO && code <= NINE;
}

/**
 * The value of the JSON string whose content is `[start, end)` of an `ascii` (or not) chunk, as a
 * string of its own (a copy, not a slice of the chunk's text, which an index holding it would
 * otherwise keep alive), or `undefined` when it is not a valid JSON string.
 */
function jsonString(
  bytes: Buffer,
  text: string,
  ascii: boolean,
  start: number,
  end: number,
): string | undefined {
  if (ascii && isPlain(text, start, end)) {
    // V8 copies substrings shorter than 13 characters; longer ones would be views of `text`.
    return end - start < 13 ? text.slice(start, end) : bytes.toString('latin1', start, end);
  }
  try {
    return JSON.parse(bytes.toString('utf8', start - 1, end + 1)) as string;
  } catch {
    return undefined;
  }
}
