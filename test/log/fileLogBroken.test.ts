/**
 * A file log whose failed append cannot be undone: the file may hold part of it, so the log
 * refuses every later append with a typed error that says where and what to do.
 */
import { mkdtemp, open, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { isTenureError } from '../../src/errors/TenureError.js';
import type { EventInput } from '../../src/events/TenureEvent.js';
import { createFileLog } from '../../src/log/file/createFileLog.js';
import { tenure } from '../cli/tenureInProcess.js';

let directory: string;
let path: string;

beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), 'tenure-broken-log-'));
  path = join(directory, 'events.jsonl');
});
afterEach(async () => {
  vi.restoreAllMocks();
  await rm(directory, { recursive: true, force: true });
});

function login(id: string): EventInput {
  return { id, type: 'usage.login', customerId: 'c1', at: 1_700_000_000_000, data: {} };
}

interface HandleMethods {
  write(buffer: Buffer, offset: number, length: number): Promise<{ bytesWritten: number }>;
  truncate(length: number): Promise<void>;
}

/**
 * The next write of any file handle lands half its bytes and then fails as a full disk does;
 * the next truncate fails as a failing disk does. Node's own file handles do the I/O.
 */
async function failNextWriteAndItsUndo(): Promise<void> {
  const probe = await open(path, 'r');
  const prototype = Object.getPrototypeOf(probe) as HandleMethods;
  await probe.close();
  const write = prototype.write;
  vi.spyOn(prototype, 'write').mockImplementationOnce(async function (
    this: HandleMethods,
    buffer,
    offset,
    length,
  ) {
    await write.call(this, buffer, offset, Math.floor(length / 2));
    throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
  });
  vi.spyOn(prototype, 'truncate').mockRejectedValueOnce(
    Object.assign(new Error('EIO: i/o error, ftruncate'), { code: 'EIO' }),
  );
}

describe('an append that fails and cannot be undone', () => {
  it('leaves the log refusing appends with TENURE_LOG_BROKEN, naming the file, the byte and the fix', async () => {
    const log = await createFileLog(path);
    await log.append([login('e1')]);
    const end = (await stat(path)).size;
    await failNextWriteAndItsUndo();

    const message = `log.append: the file log ${path} takes no more appends: an append failed (ENOSPC: no space left on device, write) and undoing it failed too (EIO: i/o error, ftruncate), so the file may hold a partial record after byte ${end}, where its last acknowledged append ends. Close this log, run \`tenure verify --log ${path}\` to see what follows byte ${end}, and open the log again: opening removes an append cut short and keeps one that reached the file whole (resending that batch skips its events); to drop it anyway, truncate the file to ${end} bytes first, or restore it from a backup.`;
    const failed = await log.append([login('e2'), login('e3')]).catch((error: unknown) => error);
    expect(isTenureError(failed, 'TENURE_LOG_BROKEN')).toBe(true);
    expect((failed as Error).message).toBe(message);
    expect((failed as Error).cause).toMatchObject({ code: 'ENOSPC' });
    // The file really holds part of the batch.
    expect((await stat(path)).size).toBeGreaterThan(end);

    // Every later append is refused the same way, writing nothing.
    const size = (await stat(path)).size;
    const later = await log.append([login('e4')]).catch((error: unknown) => error);
    expect(isTenureError(later, 'TENURE_LOG_BROKEN')).toBe(true);
    expect((later as Error).message).toBe(message);
    expect((await stat(path)).size).toBe(size);
    await log.close();

    // The fix the message gives works: verify names the unfinished append, reopening drops it.
    expect(await tenure('verify', '--log', path)).toMatchObject({
      code: 0,
      stdout: expect.stringMatching(
        /hash chain verified; after them, an unfinished append at line \d+ .*the next writer to open the log removes/,
      ),
    });
    const reopened = await createFileLog(path);
    expect((await stat(path)).size).toBe(end);
    await reopened.append([login('e2'), login('e3')]);
    expect(await reopened.verify()).toEqual({ ok: true, records: 3 });
    await reopened.close();
  });
});
