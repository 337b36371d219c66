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
 * Accepts LF and CRLF endings, decodes UTF-8 across chunk boundaries and drops a leading BOM.
 */
export async function* readLines(source: ImportSource): AsyncGenerator<SourceLine> {
  const decoder = new TextDecoder('utf-8');
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
      text = decoder.decode(chunk, { stream: true });
      offset += chunk.byteLength;
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
  pending += decoder.decode();
  if (pending.length > 0) {
    line += 1;
    const stop = pending.endsWith('\r') ? pending.length - 1 : pending.length;
    yield { line, text: pending.slice(0, stop), offset };
  }
}
