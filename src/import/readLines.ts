import { ImportOptionsError } from './ImportOptionsError.js';

/** The encoding of byte sources unless told otherwise: UTF-8, or UTF-16 after its byte-order mark. */
export const DEFAULT_ENCODING = 'utf-8';

/**
 * What the importer reads from: the whole text or the whole bytes (`readFileSync(path)`), or
 * chunks of text or bytes (a `Readable` is one).
 */
export type ImportSource =
  | string
  | Uint8Array
  | Iterable<string | Uint8Array>
  | AsyncIterable<string | Uint8Array>;

/** One physical line of the source, without its line ending. */
export interface SourceLine {
  /** 1-based line number in the source. */
  readonly line: number;
  readonly text: string;
  /** Bytes (characters, for string chunks) read from the source so far, counted per chunk. */
  readonly offset: number;
}

/**
 * Splits a source into lines as chunks arrive, so memory stays bounded by the longest line.
 * Accepts LF and CRLF endings, decodes bytes across chunk boundaries and drops a leading BOM.
 * Bytes are decoded as `encoding` (a WHATWG label such as `windows-1252`); by default as UTF-8,
 * or UTF-16 when they start with its byte-order mark (Excel's "Unicode text"). Bytes that are not
 * in the encoding are refused with {@link ImportOptionsError}, naming the line, never replaced:
 * a Windows-1252 "José" and "Josè" read as UTF-8 would both become "Jos\uFFFD", one customer.
 */
export async function* readLines(
  source: ImportSource,
  encoding = DEFAULT_ENCODING,
): AsyncGenerator<SourceLine> {
  // By default chosen from the first two bytes: UTF-16 when they are its byte-order mark.
  let decoder: InstanceType<typeof TextDecoder> | undefined;
  let head: Uint8Array | undefined;
  let pending = '';
  let line = 0;
  let offset = 0;
  let first = true;
  // Whole bytes (a Buffer) are one chunk: iterated, they would be numbers, not chunks.
  const chunks: Iterable<string | Uint8Array> | AsyncIterable<string | Uint8Array> =
    typeof source === 'string' || source instanceof Uint8Array ? [source] : source;
  for await (const chunk of chunks) {
    let text: string;
    if (typeof chunk === 'string') {
      text = chunk;
      offset += chunk.length;
    } else {
      offset += chunk.byteLength;
      let bytes = chunk;
      if (decoder === undefined) {
        bytes = head === undefined ? chunk : concat(head, chunk);
        if (bytes.byteLength < 2) {
          head = bytes;
          continue;
        }
        head = undefined;
        decoder = new TextDecoder(encoding === DEFAULT_ENCODING ? sniff(bytes) : encoding, {
          fatal: true,
        });
      }
      try {
        text = decoder.decode(bytes, { stream: true });
      } catch {
        throw notEncoded(decoder.encoding, line + 1 + linesBefore(bytes, decoder.encoding));
      }
    }
    if (first && text.length > 0) {
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      first = false;
    }
    pending = pending.length === 0 ? text : pending + text;
    let start = 0;
    let end = pending.indexOf('\n', start);
    while (end !== -1) {
      line += 1;
      const stop = end > start && pending.charCodeAt(end - 1) === 13 ? end - 1 : end;
      yield { line, text: pending.slice(start, stop), offset };
      start = end + 1;
      end = pending.indexOf('\n', start);
    }
    pending = start === 0 ? pending : pending.slice(start);
  }
  if (head !== undefined) decoder = new TextDecoder(encoding, { fatal: true });
  if (decoder !== undefined) {
    try {
      pending += decoder.decode(head);
    } catch {
      throw notEncoded(decoder.encoding, line + 1);
    }
  }
  if (pending.length > 0) {
    line += 1;
    const stop = pending.endsWith('\r') ? pending.length - 1 : pending.length;
    yield { line, text: pending.slice(0, stop), offset };
  }
}

function sniff(bytes: Uint8Array): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  return 'utf-8';
}

/**
 * Line breaks in `bytes` before the first one not in `encoding` (found by decoding leniently; the
 * continuation bytes a chunk starts with finish a character begun in the chunk before).
 */
function linesBefore(bytes: Uint8Array, encoding: string): number {
  let start = 0;
  if (encoding === 'utf-8') while (start < 3 && (bytes[start] ?? 0) >> 6 === 2) start += 1;
  const text = new TextDecoder(encoding).decode(bytes.subarray(start));
  const bad = text.indexOf('\uFFFD');
  let count = 0;
  for (
    let index = text.indexOf('\n');
    index !== -1 && index < bad;
    index = text.indexOf('\n', index + 1)
  )
    count += 1;
  return count;
}

function notEncoded(encoding: string, line: number): ImportOptionsError {
  const name = encoding.toUpperCase();
  const fix =
    encoding === 'utf-8'
      ? "it was probably saved as Windows-1252 or Latin-1 (Excel on Windows, older exports): import it with encoding: 'windows-1252' (CLI --encoding windows-1252), or convert it first, e.g. iconv -f windows-1252 -t utf-8 orders.csv > orders-utf8.csv"
      : 'name the encoding the file was saved in (encoding, CLI --encoding), or convert it to UTF-8 first with iconv';
  return new ImportOptionsError(
    'importEvents',
    'encoding',
    `line ${line} is not ${name}: ${fix}. Rows before it may be imported already (they go in batches): importing the file again skips them and adds the rest.`,
  );
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const joined = new Uint8Array(a.byteLength + b.byteLength);
  joined.set(a);
  joined.set(b, a.byteLength);
  return joined;
}
