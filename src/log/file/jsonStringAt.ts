const BACKSLASH = 92;

/**
 * V8 copies substrings shorter than this; longer `slice`s are views that keep the whole text
 * they were cut from alive for as long as they live.
 */
const COPIED_SLICE_LENGTH = 13;

/** Index of the quote that closes the JSON string whose content starts at `from`, or -1. */
export function closingQuote(text: string, from: number, limit: number): number {
  let quote = text.indexOf('"', from);
  while (quote >= 0 && quote < limit) {
    let backslashes = 0;
    while (text.charCodeAt(quote - 1 - backslashes) === BACKSLASH) backslashes++;
    if (backslashes % 2 === 0) return quote;
    quote = text.indexOf('"', quote + 1);
  }
  return -1;
}

/** True when `[start, end)` holds no escape and no control character. */
export function isPlain(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const code = text.charCodeAt(i);
    if (code === BACKSLASH || code < 32) return false;
  }
  return true;
}

/**
 * The value of the JSON string whose content (between its quotes) is `[start, end)` of `text`,
 * as a string of its own (never a view of `text`, which whoever holds the value would otherwise
 * keep alive), or `undefined` when it is not a valid JSON string.
 *
 * Reads use it for a record's id, type and customer id instead of leaving them to `JSON.parse`:
 * about as fast (measured: 1% fewer instructions per event read), and it keeps unique ids out
 * of V8's string table, where `JSON.parse` interns string values of up to 10 characters.
 */
export function jsonStringAt(text: string, start: number, end: number): string | undefined {
  if (end - start < COPIED_SLICE_LENGTH && isPlain(text, start, end)) return text.slice(start, end);
  try {
    return JSON.parse(text.slice(start - 1, end + 1)) as string;
  } catch {
    return undefined;
  }
}
