import type { StoredEvent } from '../../events/TenureEvent.js';
import { HASH_SUFFIX_LENGTH, integerAt, remainingEnd } from './fileRecord.js';

/** The records of a chunk of whole lines, as {@link parseRecordChunk} returns them. */
export interface RecordChunk {
  readonly events: StoredEvent[];
  /** `r` of each record: how many records of the same append follow it. */
  readonly remaining: number[];
}

/**
 * Parses a chunk of record lines fast: the events of all lines are cut out of their records
 * (`{"r":N,"e":<event>,"h":"..."}`) and parsed with one `JSON.parse` of an array, so neither
 * the record wrappers nor their hashes become objects and strings. Returns `undefined` when a
 * line is not in the record format or does not parse: the caller then goes line by line to say
 * which.
 */
export function parseRecordChunk(bytes: Buffer): RecordChunk | undefined {
  const text = bytes.toString('utf8');
  const parts: string[] = [];
  const remaining: number[] = [];
  let start = 0;
  while (start < text.length) {
    const newline = text.indexOf('\n', start);
    const cursor = newline < 0 ? -1 : remainingEnd(text, start);
    if (cursor < 0) return undefined;
    const r = integerAt(text, start + 5, cursor);
    const eventEnd = newline - HASH_SUFFIX_LENGTH;
    if (
      !text.startsWith(',"e":', cursor) ||
      cursor + 5 >= eventEnd ||
      !text.startsWith(',"h":"', eventEnd)
    ) {
      return undefined;
    }
    parts.push(text.slice(cursor + 5, eventEnd));
    remaining.push(r);
    start = newline + 1;
  }
  try {
    const events = JSON.parse(`[${parts.join(',')}]`) as StoredEvent[];
    return events.length === parts.length ? { events, remaining } : undefined;
  } catch {
    return undefined;
  }
}
