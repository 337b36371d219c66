import type { StoredEvent } from '../events/TenureEvent.js';
import { isChunkedIterator, nextChunk } from '../log/iterateChunks.js';

/**
 * Hands every event of `source` to `consume` in chunks, in source order. Logs whose reads
 * come from `iterateChunks` (the memory and file logs) are read a chunk at a time, without a
 * promise per event; any other async iterable is read event by event, and arrays as they are.
 * `consume` must not keep the array it is given (it may be reused). Internal: the batch
 * projection's reading loop.
 */
export async function readChunks(
  source: AsyncIterable<StoredEvent> | Iterable<StoredEvent>,
  consume: (events: readonly StoredEvent[]) => void,
): Promise<void> {
  if (Array.isArray(source)) {
    consume(source as readonly StoredEvent[]);
    return;
  }
  if (!(Symbol.asyncIterator in source)) {
    consumeSync(source, consume);
    return;
  }
  const iterator = source[Symbol.asyncIterator]();
  if (!isChunkedIterator(iterator)) {
    const one: StoredEvent[] = [];
    for await (const event of { [Symbol.asyncIterator]: () => iterator }) {
      one[0] = event;
      consume(one);
    }
    return;
  }
  let done = false;
  try {
    for (let chunk = await iterator[nextChunk](); chunk !== undefined; ) {
      consume(chunk);
      chunk = await iterator[nextChunk]();
    }
    done = true;
  } finally {
    // A consumer that throws stops the read: let the log release what the read holds.
    if (!done) await iterator.return?.();
  }
}

const CHUNK = 4096;

/** Synchronous iterables in chunks of {@link CHUNK} events. */
function consumeSync(
  source: Iterable<StoredEvent>,
  consume: (events: readonly StoredEvent[]) => void,
): void {
  let chunk: StoredEvent[] = [];
  for (const event of source) {
    chunk.push(event);
    if (chunk.length === CHUNK) {
      consume(chunk);
      chunk = [];
    }
  }
  if (chunk.length > 0) consume(chunk);
}
