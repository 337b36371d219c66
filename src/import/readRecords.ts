import { ImportOptionsError } from './ImportOptionsError.js';
import { parseImportDate } from './parseImportDate.js';
import { type ImportSource, readLines } from './readLines.js';
import { detectDelimiter, splitFields, WHITESPACE } from './splitFields.js';

/** One record of an import file, before mapping. */
export type SourceRecord =
  | { readonly kind: 'header'; readonly line: number; readonly fields: readonly string[] }
  | {
      readonly kind: 'row';
      readonly line: number;
      readonly text: string;
      /** CSV fields, or the parsed JSON object of a JSON line. */
      readonly value: readonly string[] | Readonly<Record<string, unknown>>;
      readonly offset: number;
    }
  | {
      readonly kind: 'bad';
      readonly line: number;
      readonly text: string;
      readonly reason: string;
      readonly offset: number;
    };

/** How {@link readRecords} reads the file. */
export interface RecordFormat {
  readonly format: 'auto' | 'csv' | 'jsonl';
  readonly delimiter: string;
  readonly header: boolean | 'auto';
  /** How bytes are decoded (a WHATWG label); see {@link readLines}. */
  readonly encoding: string;
}

/** What to do with a JSON array, which is read whole before its first row: no stream. */
const JSON_ARRAY =
  "the file is a JSON array; the importer reads JSON lines, one object a line, so that a file of any size streams: convert it, e.g. jq -c '.[]' orders.json > orders.jsonl";

/** A quoted CSV field may span lines, but not more than this many characters. */
const MAX_RECORD_CHARS = 1 << 20;

/**
 * Reads CSV records (quoted fields may span lines) or JSON lines, skipping blank lines and CSV
 * records whose fields are all blank (separators alone, as spreadsheets write emptied rows). The
 * first CSV record is reported as a header when `header` says so. A CSV record with more or fewer
 * fields than the header (or, without one, than the first row) is reported as bad: its fields
 * cannot be told apart (a decimal comma such as `1,234` splits an amount in two). Extra fields
 * that are all blank (separators after the last column) are dropped: nothing is lost; so are
 * missing fields of the nameless columns a header ends with (`a;b;c;`).
 */
export async function* readRecords(
  source: ImportSource,
  options: RecordFormat,
): AsyncGenerator<SourceRecord> {
  let format: 'csv' | 'jsonl' | undefined = options.format === 'auto' ? undefined : options.format;
  let delimiter: string | undefined = options.delimiter === 'auto' ? undefined : options.delimiter;
  let first = true;
  let open: { line: number; text: string } | undefined;
  let lastOffset = 0;
  let lastLine = 0;
  let shape: Shape | undefined;
  for await (const { line, text, offset } of readLines(source, options.encoding)) {
    lastOffset = offset;
    lastLine = line;
    if (open === undefined && text.trim() === '') continue;
    if (format === undefined) {
      // `[{...}, ...]` or `[` alone: a JSON array, whose first line is no CSV header.
      if (/^\s*\[\s*(\{|$)/.test(text)) {
        throw new ImportOptionsError('importEvents', 'format', JSON_ARRAY);
      }
      format = text.trimStart().startsWith('{') ? 'jsonl' : 'csv';
    }
    if (format === 'jsonl') {
      yield parseJsonLine(line, text, offset);
      continue;
    }
    delimiter ??= detectDelimiter(text);
    const recordLine = open?.line ?? line;
    const recordText = open === undefined ? text : `${open.text}\n${text}`;
    // A record over several lines must close its quote before a separator: one closed by the
    // opening quote of a later field was opened by a stray quote, and holds the rows between.
    const fields = splitFields(recordText, delimiter, open !== undefined);
    if (fields === null) {
      open = undefined;
      yield bad(
        recordLine,
        recordText,
        `a quoted field opened on line ${recordLine} is closed on line ${line} by a quote followed by text, so lines ${recordLine} to ${line} would be one record: a quote on line ${recordLine} is stray; remove it, write it twice ("") inside a quoted field, or close the field (")`,
        offset,
      );
      continue;
    }
    if (fields === undefined) {
      if (recordText.length > MAX_RECORD_CHARS) {
        open = undefined;
        yield bad(recordLine, recordText, neverClosed(recordLine, line), offset);
      } else {
        open = { line: recordLine, text: recordText };
      }
      continue;
    }
    open = undefined;
    // Separators alone (`;;;`, as Excel writes rows whose cells were emptied) hold no data: a
    // blank line, not a row to reject.
    if (onlyBlank(fields, 0)) continue;
    if (first) {
      first = false;
      if (options.header === true || (options.header === 'auto' && looksLikeHeader(fields))) {
        shape = { fields: fields.length, named: namedCount(fields), from: 'the header' };
        yield { kind: 'header', line: recordLine, fields };
        continue;
      }
    }
    shape ??= {
      fields: fields.length,
      named: fields.length,
      from: `the first row (line ${recordLine})`,
    };
    // Separators after the last column (`a,b,c,`, as some spreadsheets export): nothing is lost.
    if (fields.length > shape.fields && onlyBlank(fields, shape.fields)) {
      fields.length = shape.fields;
    }
    // A header ending in separators (`a;b;c;`) has nameless columns: a row without them lacks
    // nothing that has a name, as a row with them empty.
    if (fields.length < shape.fields && fields.length >= shape.named) {
      while (fields.length < shape.fields) fields.push('');
    }
    if (fields.length !== shape.fields) {
      yield bad(recordLine, recordText, fieldCountReason(fields.length, shape, delimiter), offset);
      continue;
    }
    yield { kind: 'row', line: recordLine, text: recordText, value: fields, offset };
  }
  if (open !== undefined) {
    yield bad(open.line, open.text, neverClosed(open.line, lastLine), lastOffset);
  }
}

/** How many fields a record must have: all of them, or at least the named ones. */
interface Shape {
  readonly fields: number;
  /** Fields up to the header's last named column. */
  readonly named: number;
  readonly from: string;
}

/** Fields up to the last one that is not blank. */
function namedCount(fields: readonly string[]): number {
  let count = fields.length;
  while (count > 0 && (fields[count - 1] as string).trim() === '') count--;
  return count;
}

function neverClosed(from: number, to: number): string {
  const lines =
    to > from
      ? `, so lines ${from} to ${to} were read as one record and none of them imported`
      : '';
  return `a quoted field opened on line ${from} is never closed${lines}: add the closing " on line ${from}, or write a quote inside a field twice ("")`;
}

/** True when every field from `from` on is empty or blank. */
function onlyBlank(fields: readonly string[], from: number): boolean {
  for (let index = from; index < fields.length; index++) {
    if ((fields[index] as string).trim() !== '') return false;
  }
  return true;
}

function fieldCountReason(found: number, shape: Shape, delimiter: string): string {
  const named = shape.named < shape.fields ? ` (${shape.named} named)` : '';
  const counts = `${found} ${found === 1 ? 'field' : 'fields'}, but ${shape.from} has ${shape.fields}${named}`;
  if (delimiter === WHITESPACE) {
    return `${counts} (columns separated by spaces): a value is missing or holds a space; export the file with a separator such as "," and set it (CLI: --delimiter ",")`;
  }
  const shown = delimiter === '\t' ? 'tab' : JSON.stringify(delimiter);
  const other = `or set the separator if the file uses another (CLI: --delimiter ${delimiter === ',' ? '";"' : '","'})`;
  if (found < shape.fields) {
    return `${counts} (separator ${shown}): write every column, an empty one as nothing between two separators, ${other}`;
  }
  const decimals =
    delimiter === ','
      ? ', write amounts with a decimal point and no thousands separator (1234.50, not 1.234,50)'
      : '';
  return `${counts} (separator ${shown}): quote a field that holds a ${shown}${decimals}, ${other}`;
}

function parseJsonLine(line: number, text: string, offset: number): SourceRecord {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return bad(line, text, `not valid JSON (${(error as Error).message})`, offset);
  }
  if (Array.isArray(value)) return bad(line, text, `expected a JSON object: ${JSON_ARRAY}`, offset);
  if (typeof value !== 'object' || value === null) {
    return bad(line, text, 'expected a JSON object on this line', offset);
  }
  return { kind: 'row', line, text, value: value as Record<string, unknown>, offset };
}

function bad(line: number, text: string, reason: string, offset: number): SourceRecord {
  return { kind: 'bad', line, text, reason, offset };
}

/** A header names columns: none of its fields is a number or a date. */
function looksLikeHeader(fields: readonly string[]): boolean {
  return fields.every(
    (field) =>
      field === '' ||
      (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(field) && !parseImportDate(field, 'iso').ok),
  );
}
