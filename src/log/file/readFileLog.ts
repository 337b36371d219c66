import type { FileHandle } from 'node:fs/promises';
import { CorruptLogError } from '../../errors/CorruptLogError.js';
import type { StoredEvent } from '../../events/TenureEvent.js';
import { iterateChunks } from '../iterateChunks.js';
import type { FileLogIndex } from './FileLogIndex.js';
import type { FileRecord } from './fileRecord.js';
import { parseRecordChunk } from './parseRecordChunk.js';
import { CHUNK_BYTES, readLineChunks } from './readLineChunks.js';

/**
 * Streams every committed event from global position `from`, in chunks of about 1 MiB parsed
 * with one `JSON.parse` each (no per-event await, no re-validation: the events were validated
 * on append and the records checked on open). The end is fixed when the read starts: later appends are not
 * part of it.
 */
export function readAllEvents(
  handle: FileHandle,
  index: FileLogIndex,
  from: number,
  until: number,
): AsyncIterableIterator<StoredEvent> {
  if (from > index.count) return iterateChunks(() => undefined);
  const chunks = readLineChunks(handle, index.startOf(from), index.end);
  return iterateChunks(
    async () => {
      const next = await chunks.next();
      if (next.done) return undefined;
      const { bytes, offset } = next.value;
      const parsed = parseRecordChunk(bytes);
      if (parsed === undefined) {
        throw new CorruptLogError(
          'log.read',
          `bytes ${offset}-${offset + bytes.length}`,
          'the file changed since it was opened; it no longer holds well-formed records there',
        );
      }
      const { events } = parsed;
      if (until === Number.POSITIVE_INFINITY) return events;
      return events.filter((event) => event.at <= until);
    },
    async () => {
      await chunks.return(undefined);
    },
  );
}

/**
 * Streams one customer's events from global position `from`, reading each stretch of the file
 * that holds several of them (up to about 1 MiB) with one read.
 */
export async function* readCustomerEvents(
  handle: FileHandle,
  index: FileLogIndex,
  customerId: string,
  from: number,
  until: number,
): AsyncGenerator<StoredEvent> {
  const positions = index.positionsOf(customerId);
  const count = positions.length;
  let i = firstAtOrAfter(positions, from);
  while (i < count) {
    const windowStart = index.startOf(positions[i]!);
    let last = i;
    while (last + 1 < count && index.endOf(positions[last + 1]!) - windowStart <= CHUNK_BYTES) {
      last++;
    }
    const windowEnd = index.endOf(positions[last]!);
    const buffer = Buffer.allocUnsafe(windowEnd - windowStart);
    await readFully(handle, buffer, windowStart);
    const events: StoredEvent[] = [];
    for (; i <= last; i++) {
      const position = positions[i]!;
      const start = index.startOf(position) - windowStart;
      const end = index.endOf(position) - windowStart - 1;
      const event = (JSON.parse(buffer.toString('utf8', start, end)) as FileRecord).e;
      if (event.at <= until) events.push(event);
    }
    yield* events;
  }
}

/** Reads the record stored at `position`. */
export async function readEventAt(
  handle: FileHandle,
  index: FileLogIndex,
  position: number,
): Promise<StoredEvent> {
  const start = index.startOf(position);
  const buffer = Buffer.allocUnsafe(index.endOf(position) - start);
  await readFully(handle, buffer, start);
  return (JSON.parse(buffer.toString('utf8', 0, buffer.length - 1)) as FileRecord).e;
}

async function readFully(handle: FileHandle, buffer: Buffer, position: number): Promise<void> {
  let filled = 0;
  while (filled < buffer.length) {
    const { bytesRead } = await handle.read(
      buffer,
      filled,
      buffer.length - filled,
      position + filled,
    );
    if (bytesRead === 0)
      throw new Error(`the log file ended before byte ${position + buffer.length}`);
    filled += bytesRead;
  }
}

function firstAtOrAfter(positions: readonly number[], position: number): number {
  let low = 0;
  let high = positions.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (positions[middle]! < position) low = middle + 1;
    else high = middle;
  }
  return low;
}
