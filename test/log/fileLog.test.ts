import { spawn } from 'node:child_process';
import { mkdtemp, open, readFile, rm, stat, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import * as v from 'valibot';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CorruptLogError } from '../../src/errors/CorruptLogError.js';
import { DuplicateEventError } from '../../src/errors/DuplicateEventError.js';
import { LogLockedError } from '../../src/errors/LogLockedError.js';
import { LogNotFoundError } from '../../src/errors/LogNotFoundError.js';
import { defineEventType } from '../../src/events/defineEventType.js';
import type { EventInput, StoredEvent } from '../../src/events/TenureEvent.js';
import type { EventLog } from '../../src/log/EventLog.js';
import { createFileLog } from '../../src/log/file/createFileLog.js';
import { verifyFileLog } from '../../src/log/file/verifyFileLog.js';
import { formatOneLines } from './fixtures/formatOneRecords.js';

let directory: string;
let path: string;
const opened: EventLog[] = [];

beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), 'tenure-file-log-'));
  path = join(directory, 'events.jsonl');
});

afterEach(async () => {
  await Promise.all(opened.splice(0).map((log) => log.close().catch(() => undefined)));
  await rm(directory, { recursive: true, force: true });
});

async function openLog(options?: Parameters<typeof createFileLog>[1]): Promise<EventLog> {
  const log = await createFileLog(path, options);
  opened.push(log);
  return log;
}

function login(id: string, customerId = 'c1', device = 'web'): EventInput {
  return { id, type: 'usage.login', customerId, at: 1_700_000_000_000, data: { device } };
}

async function readAll(log: EventLog, customerId?: string): Promise<StoredEvent[]> {
  const events: StoredEvent[] = [];
  for await (const event of log.read({ customerId })) events.push(event);
  return events;
}

async function lines(): Promise<string[]> {
  return (await readFile(path, 'utf8')).split('\n').slice(0, -1);
}

async function writeLines(content: string[], trailer = ''): Promise<void> {
  await writeFile(path, content.map((line) => `${line}\n`).join('') + trailer);
}

/** Writes three single-event appends (e1, e2, e3) and closes the log. */
async function threeRecords(): Promise<string[]> {
  const log = await openLog();
  for (const id of ['e1', 'e2', 'e3']) await log.append([login(id)]);
  await log.close();
  return lines();
}

describe('createFileLog: durability and recovery', () => {
  it('keeps positions, versions and idempotency across a reopen', async () => {
    const first = await openLog();
    await first.append([login('e1', 'c1'), login('e2', 'c2'), login('e3', 'c1')]);
    await first.close();
    const log = await openLog();
    expect(await log.position()).toBe(3);
    expect(await log.version('c1')).toBe(2);
    const resend = await log.append([login('e1', 'c1'), login('e4', 'c1')]);
    expect(resend.skipped).toEqual(['e1']);
    expect(resend.appended.map((e) => [e.position, e.version])).toEqual([[4, 3]]);
    await expect(log.append([login('e2', 'c2', 'ios')])).rejects.toThrow(DuplicateEventError);
    expect(await log.verify()).toEqual({ ok: true, records: 4 });
  });

  it('truncates a torn final line on open and keeps every complete append', async () => {
    const complete = await threeRecords();
    await writeLines(complete, complete[2]!.slice(0, 40));
    const log = await openLog();
    expect((await readAll(log)).map((e) => e.id)).toEqual(['e1', 'e2', 'e3']);
    expect(await lines()).toEqual(complete);
    await log.append([login('e4')]);
    expect(await log.verify()).toEqual({ ok: true, records: 4 });
  });

  it('drops an append cut short by a crash as a whole (atomic batches)', async () => {
    const log = await openLog();
    await log.append([login('e1')]);
    await log.append([login('e2'), login('e3'), login('e4')]);
    await log.close();
    const all = await lines();
    // The crash hit after the first two records of the second append reached the disk.
    await writeLines(all.slice(0, 3));
    const reopened = await openLog();
    expect((await readAll(reopened)).map((e) => e.id)).toEqual(['e1']);
    expect(await lines()).toEqual(all.slice(0, 1));
  });

  it('truncates an unparsable final line even when it is terminated', async () => {
    const complete = await threeRecords();
    await writeLines([...complete, '{"r":0,"e":{"id":']);
    const log = await openLog();
    expect(await log.position()).toBe(3);
    expect(await lines()).toEqual(complete);
  });

  it('refuses, and leaves as it is, a file without records whose content is not the start of one (not a log)', async () => {
    // A file given by mistake: a one-line CSV, with or without its newline. Dropping it as the
    // torn tail of a crash would delete it.
    for (const content of ['id,type,customerId\n', 'id,type,customerId', '{"id":"e1"}']) {
      await writeFile(path, content);
      const error = await createFileLog(path).catch((thrown: unknown) => thrown);
      expect(error).toMatchObject({
        code: 'TENURE_CORRUPT_LOG',
        location: 'line 1',
        message: expect.stringMatching(/not a tenure event log/),
      });
      expect(await readFile(path, 'utf8')).toBe(content);
    }
    // The first append of a new log, cut short by a crash, is still dropped: it starts as a
    // record does (or reads as zeros, where the file system extended the file but not its data).
    await rm(path);
    const first = await threeRecords();
    for (const torn of [first[0]!.slice(0, 30), `${first[0]!.slice(0, 30)}\n`, '\0\0\0\0']) {
      await writeFile(path, torn);
      const log = await openLog();
      expect(await log.position()).toBe(0);
      await log.close();
      expect(await readFile(path, 'utf8')).toBe('');
    }
  });

  it('refuses a file with a bad record before the final line: CorruptLogError names the line', async () => {
    const complete = await threeRecords();
    await writeLines([complete[0]!, 'garbage', complete[2]!]);
    const error = await createFileLog(path).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(CorruptLogError);
    expect(error).toMatchObject({ code: 'TENURE_CORRUPT_LOG', location: 'line 2' });
    // The corrupt file is left as it is, and its lock released.
    expect(await lines()).toEqual([complete[0], 'garbage', complete[2]]);
    await expect(stat(`${path}.lock`)).rejects.toThrow();
  });

  it('opens from record heads alone, final chunk included: a payload broken in place is found by verify and reads', async () => {
    const complete = await threeRecords();
    const broken = complete[2]!.replace('{"device":"web"}', '{"device":web"}');
    expect(broken).not.toBe(complete[2]);
    await writeLines([complete[0]!, complete[1]!, broken]);
    const log = await openLog();
    expect(await log.position()).toBe(3);
    expect(await lines()).toEqual([complete[0], complete[1], broken]);
    expect(await log.verify()).toMatchObject({ ok: false, location: 'line 3' });
    await expect(readAll(log)).rejects.toThrow(CorruptLogError);
  });

  it('indexes a file of many read chunks from record heads, and still refuses bad records there', async () => {
    // Over 1 MiB, so that open reads only the index's fields of the first chunk's records.
    const names = ['plain', 'q"uote', 'back\\slash', 'ünï', '\u2028line'];
    const big = 'x'.repeat(200);
    const log = await openLog();
    await log.append(
      Array.from({ length: 6000 }, (_, i) => login(`${names[i % 5]}-${i}`, names[i % 3]!, big)),
    );
    await log.close();
    const reopened = await openLog();
    expect(await reopened.position()).toBe(6000);
    const all = await readAll(reopened);
    expect(all.map((e) => e.position)).toEqual(all.map((_, i) => i + 1));
    expect(all[4]).toMatchObject({ id: `${names[4]}-4`, customerId: names[1], version: 2 });
    expect(await reopened.version(names[1]!)).toBe(2000);
    const stream = await readAll(reopened, names[2]);
    expect(stream.map((e) => e.id).slice(0, 2)).toEqual([`${names[2]}-2`, `${names[0]}-5`]);
    expect(stream.map((e) => e.version)).toEqual(stream.map((_, i) => i + 1));
    await expect(reopened.append([login(`${names[3]}-3`, names[0], big)])).resolves.toMatchObject({
      skipped: [`${names[3]}-3`],
    });
    await expect(reopened.append([login(`${names[3]}-3`, names[0])])).rejects.toThrow(
      DuplicateEventError,
    );
    await reopened.close();

    const complete = await lines();
    for (const [bad, reason] of [
      [[complete[0]!, 'garbage', ...complete.slice(2)], /not valid JSON/],
      [[complete[0]!, complete[2]!, complete[1]!, ...complete.slice(3)], /position 3/],
      [[complete[0]!, complete[0]!, ...complete.slice(2)], /position 1/],
    ] as const) {
      await writeLines([...bad]);
      const error = await createFileLog(path).catch((thrown: unknown) => thrown);
      expect(error).toBeInstanceOf(CorruptLogError);
      expect(error).toMatchObject({ location: 'line 2' });
      expect((error as Error).message).toMatch(reason);
    }
  });

  it('does not change the file when opened read-only', async () => {
    const complete = await threeRecords();
    await writeLines(complete, '{"r":0,');
    const before = await readFile(path, 'utf8');
    const log = await openLog({ readOnly: true });
    expect(await log.position()).toBe(3);
    await expect(log.append([login('e9')])).rejects.toMatchObject({
      code: 'TENURE_LOG_READ_ONLY',
      message: expect.stringMatching(/readOnly: true.*nothing was written/),
    });
    expect(await readFile(path, 'utf8')).toBe(before);
  });

  it('answers every call after close with LogClosedError', async () => {
    const log = await openLog();
    await log.close();
    await expect(log.append([login('e1')])).rejects.toMatchObject({ code: 'TENURE_LOG_CLOSED' });
    await expect(log.position()).rejects.toMatchObject({ code: 'TENURE_LOG_CLOSED' });
  });

  it('refuses to open a missing file read-only with LogNotFoundError, and creates nothing', async () => {
    const opening = createFileLog(path, { readOnly: true });
    await expect(opening).rejects.toBeInstanceOf(LogNotFoundError);
    await expect(opening).rejects.toMatchObject({
      code: 'TENURE_LOG_NOT_FOUND',
      path,
      message: expect.stringMatching(/does not exist.*open it without readOnly/),
    });
    await expect(stat(path)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('names a missing directory of a log to write, with the fix, and creates nothing', async () => {
    const directory = join(dirname(path), 'not-made-yet');
    const inside = join(directory, 'events.jsonl');
    await expect(createFileLog(inside)).rejects.toMatchObject({
      code: 'TENURE_LOG_NOT_FOUND',
      path: inside,
      message: `createFileLog: ${inside} does not exist, and its directory ${directory} does not exist either: a writer creates the log file, not its directory. Create the directory first (mkdir -p ${directory}), or check the path.`,
    });
    await expect(stat(directory)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('reports a file cut short behind its back as CorruptLogError when reading', async () => {
    const log = await openLog();
    await log.append([login('e1'), login('e2'), login('e3')]);
    await log.close();
    const reader = await openLog({ readOnly: true });
    await truncate(path, 10);
    const drain = async (options?: { customerId: string }) => {
      for await (const _ of reader.read(options)) {
        // drain
      }
    };
    for (const options of [undefined, { customerId: 'c1' }]) {
      await expect(drain(options)).rejects.toMatchObject({
        code: 'TENURE_CORRUPT_LOG',
        message: expect.stringMatching(/corrupt at .*Restore it from a backup/),
      });
    }
    await reader.close();
  });
});

describe('createFileLog: files written in record format 1 (earlier versions)', () => {
  /** Stored logins as earlier versions wrote them: position i + 1, versions per customer. */
  function storedLogins(
    count: number,
    customers: readonly string[],
    device = 'web',
  ): StoredEvent[] {
    const versions = new Map<string, number>();
    return Array.from({ length: count }, (_, i) => {
      const customerId = customers[i % customers.length]!;
      const version = (versions.get(customerId) ?? 0) + 1;
      versions.set(customerId, version);
      const event = {
        ...login(`e${i + 1}`, customerId, `${device}${i}`),
        at: 1_700_000_000_000 + i,
      };
      return { ...event, meta: { schemaVersion: 1 }, position: i + 1, version };
    });
  }

  it('opens, reads, verifies and continues such a file; the new records follow in format 2', async () => {
    const old = storedLogins(3, ['c1', 'c2']);
    // …and a torn final line, as a crash during an append by an earlier version leaves it.
    const torn = formatOneLines(storedLogins(4, ['c1', 'c2']).slice(3)).text.slice(0, 50);
    await writeFile(path, formatOneLines(old).text + torn);
    const log = await openLog();
    expect(await readAll(log)).toEqual(old);
    expect(await readAll(log, 'c1')).toEqual([old[0], old[2]]);
    expect(await log.verify()).toEqual({ ok: true, records: 3 });
    // A resend of a format-1 event is compared with it and skipped; a changed one is refused.
    const resend = { ...login('e2', 'c2', 'web1'), at: old[1]!.at };
    const { appended, skipped } = await log.append([resend, login('e4', 'c1')]);
    expect(skipped).toEqual(['e2']);
    expect(appended.map((e) => [e.position, e.version])).toEqual([[4, 3]]);
    await expect(log.append([login('e1', 'c1', 'ios')])).rejects.toThrow(DuplicateEventError);
    await log.close();
    expect((await lines()).map((line) => line.slice(0, 17))).toEqual([
      '{"r":2,"e":{"id":',
      '{"r":1,"e":{"id":',
      '{"r":0,"e":{"id":',
      '{"r":0,"p":4,"t":',
    ]);
    const reopened = await openLog();
    expect(await readAll(reopened)).toEqual([...old, ...appended]);
    expect(await readAll(reopened, 'c1')).toEqual([old[0], old[2], appended[0]]);
    expect(await reopened.verify()).toEqual({ ok: true, records: 4 });
    expect(await verifyFileLog(path)).toEqual({ ok: true, records: 4 });
  });

  it('indexes a format-1 file of many read chunks from record heads, and refuses bad records there', async () => {
    const old = storedLogins(6000, ['plain', 'q"uote', 'ünï'], 'x'.repeat(200));
    const text = formatOneLines(old).text;
    await writeFile(path, text);
    const log = await openLog({ readOnly: true });
    expect(await log.position()).toBe(6000);
    expect(await readAll(log)).toEqual(old);
    expect((await readAll(log, 'q"uote')).map((e) => e.version)).toEqual(
      Array.from({ length: 2000 }, (_, i) => i + 1),
    );
    expect(await log.verify()).toEqual({ ok: true, records: 6000 });
    await log.close();
    const complete = text.split('\n').slice(0, -1);
    await writeLines([complete[0]!, complete[2]!, complete[1]!, ...complete.slice(3)]);
    await expect(createFileLog(path)).rejects.toMatchObject({
      location: 'line 2',
      message: expect.stringMatching(/position 3/),
    });
  });
});

describe('createFileLog: verify', () => {
  it('finds an edited record and says where', async () => {
    const complete = await threeRecords();
    await writeLines([complete[0]!, complete[1]!.replace('"web"', '"ios"'), complete[2]!]);
    const log = await openLog();
    expect(await log.verify()).toMatchObject({ ok: false, records: 1, location: 'line 2' });
  });

  it('finds a removed record', async () => {
    const complete = await threeRecords();
    await writeLines([complete[0]!, complete[2]!]);
    await expect(createFileLog(path)).rejects.toMatchObject({ location: 'line 2' });
    expect(await verifyFileLog(path)).toMatchObject({ ok: false, location: 'line 2' });
  });

  it('reports the tail a crash left (a torn line, an append cut short) as such, with the fix', async () => {
    const log = await openLog();
    await log.append([login('e1')]);
    await log.append([login('e2'), login('e3')]);
    await log.close();
    const complete = await lines();
    for (const [content, trailer] of [
      [complete.slice(0, 2), complete[2]!.slice(0, 30)],
      [complete.slice(0, 2), ''],
    ] as const) {
      await writeLines([...content], trailer);
      expect(await verifyFileLog(path)).toMatchObject({
        ok: false,
        records: 2,
        location: 'line 3',
        reason: expect.stringMatching(
          /a crash cut short: it was never acknowledged, and opening the log for writing removes it/,
        ),
      });
    }
  });

  it('refuses to verify a file that does not exist, with a typed error naming the path', async () => {
    const missing = join(directory, 'missing.jsonl');
    await expect(verifyFileLog(missing)).rejects.toMatchObject({
      code: 'TENURE_LOG_NOT_FOUND',
      path: missing,
      message: expect.stringMatching(
        /^verifyFileLog: .*missing\.jsonl does not exist, and verifying never creates a log\./,
      ),
    });
  });

  it('finds reordered records', async () => {
    const complete = await threeRecords();
    await writeLines([complete[0]!, complete[2]!, complete[1]!]);
    expect(await verifyFileLog(path)).toMatchObject({ ok: false, location: 'line 2' });
  });

  it('finds an edit even when the record was re-hashed, because the chain breaks after it', async () => {
    const complete = await threeRecords();
    const { hashRecord, splitLine } = await import('../../src/log/file/fileRecord.js');
    const first = splitLine(complete[0]!)!;
    const edited = splitLine(complete[1]!.replace('"web"', '"ios"'))!;
    const forged = `${edited.body},"h":"${hashRecord(first.hash, edited.body)}"}`;
    await writeLines([complete[0]!, forged, complete[2]!]);
    expect(await verifyFileLog(path)).toMatchObject({ ok: false, location: 'line 3' });
  });

  it('reports records missing from the end of an open log', async () => {
    const log = await openLog();
    await log.append([login('e1')]);
    await log.append([login('e2')]);
    const complete = await lines();
    await writeLines(complete.slice(0, 1));
    expect(await log.verify()).toMatchObject({ ok: false, records: 1 });
  });
});

describe('createFileLog: the write lock', () => {
  it('lets one writer open the file; a second open, even in the same process, is refused', async () => {
    await openLog();
    const error = await createFileLog(path).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(LogLockedError);
    expect((error as Error).message).toContain(`pid ${process.pid}`);
    const reader = await openLog({ readOnly: true });
    expect(await reader.position()).toBe(0);
  });

  it('releases the lock on close', async () => {
    const log = await openLog();
    await log.close();
    await expect(stat(`${path}.lock`)).rejects.toThrow();
    await openLog();
  });

  it('takes over a stale lock left by a dead process', async () => {
    const child = spawn(process.execPath, ['-e', '']);
    const pid = child.pid!;
    await new Promise((resolve) => child.on('exit', resolve));
    const { hostname } = await import('node:os');
    await writeFile(`${path}.lock`, JSON.stringify({ pid, host: hostname(), token: 'old' }));
    const log = await openLog();
    await log.append([login('e1')]);
    expect(JSON.parse(await readFile(`${path}.lock`, 'utf8'))).toMatchObject({ pid: process.pid });
  });

  it('respects a lock held by another live process', async () => {
    const { hostname } = await import('node:os');
    await writeFile(
      `${path}.lock`,
      JSON.stringify({ pid: process.ppid, host: hostname(), token: 'x' }),
    );
    await expect(createFileLog(path)).rejects.toThrow(LogLockedError);
  });
});

describe('createFileLog: writes', () => {
  it('resolves an append only after its data is flushed to disk', async () => {
    const log = await openLog();
    const handle = await open(path, 'r');
    const prototype = Object.getPrototypeOf(handle) as { datasync: () => Promise<void> };
    await handle.close();
    const original = prototype.datasync;
    let release!: () => void;
    const flushed = new Promise<void>((resolve) => {
      release = resolve;
    });
    let called!: () => void;
    const datasyncCalled = new Promise<void>((resolve) => {
      called = resolve;
    });
    const order: string[] = [];
    const spy = vi.spyOn(prototype, 'datasync').mockImplementation(async function (this: unknown) {
      order.push('datasync called');
      called();
      await flushed;
      await original.call(this);
      order.push('datasync done');
    });
    try {
      const append = log.append([login('e1')]).then(() => order.push('append resolved'));
      await datasyncCalled;
      // Whatever else the append would do before resolving has its turn (no timer to outrun).
      for (let turn = 0; turn < 5; turn++) await new Promise((resolve) => setImmediate(resolve));
      expect(order).toEqual(['datasync called']);
      release();
      await append;
      expect(order).toEqual(['datasync called', 'datasync done', 'append resolved']);
    } finally {
      spy.mockRestore();
    }
  });

  it('undoes a batch whose flush failed, so the log stays exactly as acknowledged', async () => {
    const log = await openLog();
    await log.append([login('e1')]);
    const before = await readFile(path, 'utf8');
    const handle = await open(path, 'r');
    const prototype = Object.getPrototypeOf(handle) as { datasync: () => Promise<void> };
    await handle.close();
    const spy = vi
      .spyOn(prototype, 'datasync')
      .mockRejectedValueOnce(Object.assign(new Error('EIO: i/o error'), { code: 'EIO' }));
    try {
      await expect(log.append([login('e2'), login('e3')])).rejects.toThrow(/EIO/);
    } finally {
      spy.mockRestore();
    }
    expect(await readFile(path, 'utf8')).toBe(before);
    expect(await log.position()).toBe(1);
    const retry = await log.append([login('e2'), login('e3')]);
    expect(retry.appended.map((e) => e.position)).toEqual([2, 3]);
    expect(await log.verify()).toEqual({ ok: true, records: 3 });
  });

  it('flushes the undo of a failed batch before rejecting, so a crash cannot bring the batch back', async () => {
    const log = await openLog();
    await log.append([login('e1')]);
    const handle = await open(path, 'r');
    const prototype = Object.getPrototypeOf(handle) as {
      datasync: () => Promise<void>;
      truncate: (length: number) => Promise<void>;
    };
    await handle.close();
    const { datasync, truncate: cut } = prototype;
    const calls: string[] = [];
    const syncSpy = vi
      .spyOn(prototype, 'datasync')
      .mockImplementationOnce(async () => {
        calls.push('datasync failed');
        throw Object.assign(new Error('EIO: i/o error'), { code: 'EIO' });
      })
      .mockImplementation(async function (this: unknown) {
        calls.push('datasync');
        await datasync.call(this);
      });
    const truncateSpy = vi.spyOn(prototype, 'truncate').mockImplementation(async function (
      this: unknown,
      length: number,
    ) {
      calls.push(`truncate ${length}`);
      await cut.call(this, length);
    });
    const end = (await stat(path)).size;
    try {
      await expect(log.append([login('e2'), login('e3')])).rejects.toThrow(/EIO/);
    } finally {
      syncSpy.mockRestore();
      truncateSpy.mockRestore();
    }
    expect(calls).toEqual(['datasync failed', `truncate ${end}`, 'datasync']);
  });

  it('refuses to open a new log whose directory entry cannot be flushed (an I/O error), and releases the lock', async () => {
    const probe = await open(directory, 'r');
    const prototype = Object.getPrototypeOf(probe) as { sync: () => Promise<void> };
    await probe.close();
    const spy = vi
      .spyOn(prototype, 'sync')
      .mockRejectedValueOnce(Object.assign(new Error('EIO: i/o error, fsync'), { code: 'EIO' }));
    try {
      await expect(createFileLog(path)).rejects.toThrow(/EIO/);
    } finally {
      spy.mockRestore();
    }
    const log = await openLog();
    await log.append([login('e1')]);
    expect(await log.verify()).toEqual({ ok: true, records: 1 });
  });

  it('indexes byte offsets, not characters: non-ASCII data reads back by customer', async () => {
    const log = await openLog();
    await log.append([
      login('e1', 'c1', 'téléphone 📱'),
      login('e2', 'c2', '電話'),
      login('e3', 'c1'),
    ]);
    await log.close();
    const reopened = await openLog();
    expect((await readAll(reopened, 'c1')).map((e) => e.data)).toEqual([
      { device: 'téléphone 📱' },
      { device: 'web' },
    ]);
    expect((await readAll(reopened, 'c2')).map((e) => e.id)).toEqual(['e2']);
  });

  it('streams records longer than a read chunk', async () => {
    const log = await openLog();
    const big = 'x'.repeat(200);
    const items = Array.from({ length: 6000 }, (_, i) => ({ productId: `${big}${i}` }));
    const order = {
      id: 'big',
      type: 'purchase',
      customerId: 'c1',
      at: 0,
      data: { orderId: 'o', amount: 1, currency: 'EUR', items },
    };
    await log.append([login('e1'), order, login('e2')]);
    await log.close();
    const reopened = await openLog();
    expect((await readAll(reopened)).map((e) => e.id)).toEqual(['e1', 'big', 'e2']);
    expect((await readAll(reopened, 'c1')).map((e) => e.id)).toEqual(['e1', 'big', 'e2']);
    expect(await reopened.verify()).toEqual({ ok: true, records: 3 });
  });

  it('hands out the events before one it cannot upcast, then fails the read', async () => {
    const typeV1 = defineEventType({ type: 'acme.ping', schema: v.object({ n: v.number() }) });
    const typeV2 = defineEventType({
      type: 'acme.ping',
      version: 2,
      schema: v.object({ n: v.number(), source: v.string() }),
      upcasters: { 1: (data: { n: number }) => ({ ...data, source: 'v1' }) },
    });
    const ping = (id: string) => ({ id, type: 'acme.ping', customerId: 'c1', at: 0 });
    const older = await createFileLog(path, { eventTypes: [typeV1] });
    await older.append([{ ...ping('p1'), data: { n: 1 } }]);
    await older.close();
    const newer = await createFileLog(path, { eventTypes: [typeV2] });
    await newer.append([{ ...ping('p2'), data: { n: 2, source: 'web' } }]);
    await newer.close();
    const reader = await openLog({ eventTypes: [typeV1], readOnly: true });
    const seen: string[] = [];
    const error = await (async () => {
      for await (const event of reader.read()) seen.push(event.id);
    })().catch((thrown: unknown) => thrown);
    expect(seen).toEqual(['p1']);
    expect(error).toMatchObject({ code: 'TENURE_UNKNOWN_SCHEMA_VERSION', eventId: 'p2' });
  });

  it('ends a read cleanly when the consumer stops early', async () => {
    const log = await openLog();
    await log.append(Array.from({ length: 10 }, (_, i) => login(`e${i}`)));
    let seen = 0;
    for await (const _ of log.read()) {
      if (++seen === 3) break;
    }
    expect(seen).toBe(3);
    expect((await readAll(log)).length).toBe(10);
  });
});
