/** What the importer reads from: the whole text, or chunks of text or bytes (a `Readable` is one). */
export type ImportSource =
  | string
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
 * Accepts LF and CRLF endings, decodes UTF-8 across chunk boundaries and drops a leading BOM;
 * bytes that start with a UTF-16 byte-order mark (Excel's "Unicode text") are decoded as UTF-16.
 */
export async function* readLines(source: ImportSource): AsyncGenerator<SourceLine> {
  // Chosen from the first two bytes: UTF-16 when they are its byte-order mark, else UTF-8.
  let decoder: InstanceType<typeof TextDecoder> | undefined;
  let head: Uint8Array | undefined;
  let pending = '';
  let line = 0;
  let offset = 0;
  let first = true;
  const chunks: Iterable<string | Uint8Array> | AsyncIterable<string | Uint8Array> =
    typeof source === 'string' ? [source] : source;
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
        decoder = new TextDecoder(encodingOf(bytes));
      }
      text = decoder.decode(bytes, { stream: true });
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
  if (head !== undefined) pending += new TextDecoder('utf-8').decode(head);
  if (decoder !== undefined) pending += decoder.decode();
  if (pending.length > 0) {
    line += 1;
    const stop = pending.endsWith('\r') ? pending.length - 1 : pending.length;
    yield { line, text: pending.slice(0, stop), offset };
  }
}

function encodingOf(bytes: Uint8Array): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  return 'utf-8';
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const joined = new Uint8Array(a.byteLength + b.byteLength);
  joined.set(a);
  joined.set(b, a.byteLength);
  return joined;
}
