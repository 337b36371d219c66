/** A field separator: one character, or `'whitespace'` for runs of spaces and tabs. */
export type Delimiter = string;

/** The separator of whitespace-aligned files (runs of spaces or tabs, no quoting). */
export const WHITESPACE = 'whitespace';

const CANDIDATES = [',', '\t', ';', '|'] as const;

/**
 * Guesses the separator from a file's first line: the most frequent of comma, tab, semicolon and
 * pipe outside quotes, else runs of whitespace when the line has several words, else comma.
 *
 * @example
 * ```ts
 * detectDelimiter('masterid,sampleid,date'); // ','
 * detectDelimiter(' 00004 0001 19970101  2   29.33'); // 'whitespace'
 * ```
 */
export function detectDelimiter(firstLine: string): Delimiter {
  let best: Delimiter | undefined;
  let bestCount = 0;
  for (const candidate of CANDIDATES) {
    const count = countOutsideQuotes(firstLine, candidate);
    if (count > bestCount) {
      best = candidate;
      bestCount = count;
    }
  }
  if (best !== undefined) return best;
  return /\S[ \t]+\S/.test(firstLine.trim()) ? WHITESPACE : ',';
}

/**
 * Splits one record into fields. Double quotes enclose a field that holds the separator, a quote
 * (written twice) or a line break; unquoted fields are trimmed. Returns `undefined` when a quoted
 * field is still open at the end of `text` (the record continues on the next line). Text between
 * a closing quote and the separator (`"12" vinyl`) is kept, unless `strictQuotes`: then the
 * result is `null`, as a record over several lines closed so was opened by a stray quote.
 */
export function splitFields(
  text: string,
  delimiter: Delimiter,
  strictQuotes = false,
): string[] | undefined | null {
  if (delimiter === WHITESPACE) {
    const trimmed = text.trim();
    return trimmed === '' ? [''] : trimmed.split(/[ \t]+/);
  }
  const fields: string[] = [];
  const length = text.length;
  let index = 0;
  while (true) {
    while (
      index < length &&
      (text[index] === ' ' || text[index] === '\t') &&
      text[index] !== delimiter
    )
      index++;
    if (text[index] === '"') {
      let value = '';
      index++;
      while (true) {
        const close = text.indexOf('"', index);
        if (close === -1) return undefined;
        value += text.slice(index, close);
        if (text[close + 1] === '"') {
          value += '"';
          index = close + 2;
          continue;
        }
        index = close + 1;
        break;
      }
      // Be lenient with text between the closing quote and the separator: keep it.
      const next = text.indexOf(delimiter, index);
      const stop = next === -1 ? length : next;
      const after = text.slice(index, stop).trim();
      if (strictQuotes && after !== '') return null;
      value += after;
      fields.push(value);
      if (next === -1) return fields;
      index = next + 1;
    } else {
      const next = text.indexOf(delimiter, index);
      if (next === -1) {
        fields.push(text.slice(index).trim());
        return fields;
      }
      fields.push(text.slice(index, next).trim());
      index = next + 1;
    }
  }
}

function countOutsideQuotes(text: string, character: string): number {
  let count = 0;
  let quoted = false;
  for (const char of text) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && char === character) count++;
  }
  return count;
}
