import type { FileHandle } from 'node:fs/promises';

/** A run of whole lines read from a file. */
export interface LineChunk {
  /** The bytes; every line ends with `\n` unless `unterminated`. */
  readonly bytes: Buffer;
  /** File offset of `bytes[0]`. */
  readonly offset: number;
  /** True for the final bytes of the range when they do not end with a newline. */
  readonly unterminated: boolean;
}

/** Default read size: large enough to amortise the syscall, small enough to stay cache friendly. */
export const CHUNK_BYTES = 1 << 20;

/**
 * Streams the bytes `[start, end)` of a file as chunks of whole lines, holding at most about one
 * chunk (or one line, when a line is longer) in memory.
 */
export async function* readLineChunks(
  handle: FileHandle,
  start: number,
  end: number,
  chunkBytes = CHUNK_BYTES,
): AsyncGenerator<LineChunk> {
  let carry: Buffer | undefined;
  let carryOffset = start;
  let offset = start;
  while (offset < end) {
    const carried = carry?.length ?? 0;
    const want = Math.min(Math.max(chunkBytes, carried * 2), end - offset + carried);
    const buffer = Buffer.allocUnsafe(want);
    if (carry !== undefined) carry.copy(buffer, 0);
    const { bytesRead } = await handle.read(buffer, carried, want - carried, offset);
    if (bytesRead === 0) break;
    offset += bytesRead;
    const filled = carried + bytesRead;
    const lastNewline = buffer.lastIndexOf(10, filled - 1);
    if (lastNewline < 0) {
      carry = buffer.subarray(0, filled);
      continue;
    }
    yield { bytes: buffer.subarray(0, lastNewline + 1), offset: carryOffset, unterminated: false };
    carryOffset += lastNewline + 1;
    carry = lastNewline + 1 < filled ? buffer.subarray(lastNewline + 1, filled) : undefined;
  }
  if (carry !== undefined && carry.length > 0) {
    yield { bytes: carry, offset: carryOffset, unterminated: true };
  }
}
