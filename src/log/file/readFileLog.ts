import type { FileHandle } from 'node:fs/promises';
import { CorruptLogError } from '../../errors/CorruptLogError.js';
import type { StoredEvent } from '../../events/TenureEvent.js';
import { iterateChunks } from '../iterateChunks.js';
import type { FileLogIndex } from './FileLogIndex.js';
import { type FileRecord, recordEvent } from './fileRecord.js';
import { parseRecordChunk } from './parseRecordChunk.js';
import { CHUNK_BYTES, pieceEnd, readLineChunks } from './readLineChunks.js';

/**
 * Streams every committed event from global position `from`, reading about 1 MiB at a time and
 * parsing it in pieces of about 64 KiB (`PIECE_BYTES`), each with one `JSON.parse` (no per-event
 * await, no re-validation: the events were validated on append and the records checked on
 * open). The end is fixed when the read starts: later appends are not part of it.
 *
 * @param prepare - applied to each event before it is handed out (e.g. upcasting). When it
 *   throws, the events before are still handed out, then the read fails with its error.
 */
export function readAllEvents(
  handle: FileHandle,
  index: FileLogIndex,
  from: number,
  until: number,
  prepare: (event: StoredEvent) => StoredEvent = (event) => event,
): AsyncIterableIterator<StoredEvent> {
  if (from > index.count) return iterateChunks(() => undefined);
  const chunks = readLineChunks(handle, index.startOf(from), index.end);
  let rest: Buffer = Buffer.alloc(0);
  let restOffset = 0;
  let failure: { readonly error: unknown } | undefined;
  return iterateChunks(
    async () => {
      if (failure !== undefined) throw failure.error;
      if (rest.length === 0) {
        const next = await chunks.next();
        if (next.done) return undefined;
        rest = next.value.bytes;
        restOffset = next.value.offset;
      }
      const cut = pieceEnd(rest, 0);
      const piece = rest.subarray(0, cut);
      const offset = restOffset;
      rest = rest.subarray(cut);
      restOffset += cut;
      const parsed = parseRecordChunk(piece);
      if (parsed === undefined) {
        throw new CorruptLogError(
          'log.read',
          `bytes ${offset}-${offset + piece.length}`,
          'the file changed since it was opened; it no longer holds well-formed records there',
        );
      }
      const { events } = parsed;
      let kept = 0;
      for (let i = 0; i < events.length; i++) {
        const event = events[i]!;
        if (event.at > until) continue;
        try {
          events[kept] = prepare(event);
        } catch (error) {
          failure = { error };
          break;
        }
        kept++;
      }
      events.length = kept;
      return events;
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
      const event = lineEvent(buffer.toString('utf8', start, end), windowStart + start);
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
  return lineEvent(buffer.toString('utf8', 0, buffer.length - 1), start);
}

/**
 * The stored event with id `id` among the records before position `before` (default: all), or
 * undefined. The index knows ids by hash only (see `IdTable`): the records it points to are read
 * and their ids compared.
 */
export async function readEventWithId(
  handle: FileHandle,
  index: FileLogIndex,
  id: string,
  before = index.count + 1,
): Promise<StoredEvent | undefined> {
  for (const position of index.candidatesOf(id)) {
    if (position >= before) continue;
    const event = await readEventAt(handle, index, position);
    if (event.id === id) return event;
  }
  return undefined;
}

/** The event of the record line `line` (found at byte `offset`), of either record format. */
function lineEvent(line: string, offset: number): StoredEvent {
  let event: StoredEvent | undefined;
  try {
    event = recordEvent(JSON.parse(line) as FileRecord);
  } catch {
    // Not JSON, or not an object: reported below like any other line that is not a record.
  }
  if (event === undefined) {
    throw new CorruptLogError(
      'log.read',
      `byte ${offset}`,
      'the file changed since it was opened; it no longer holds a record there',
    );
  }
  return event;
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
    if (bytesRead === 0) {
      throw new CorruptLogError(
        'log.read',
        `byte ${position + filled}`,
        `the file ended before byte ${position + buffer.length}, which this log had written (was it truncated by another program?)`,
      );
    }
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
