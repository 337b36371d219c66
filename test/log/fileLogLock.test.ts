import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isTenureError } from '../../src/errors/TenureError.js';
import type { EventLog } from '../../src/log/EventLog.js';
import { createFileLog } from '../../src/log/file/createFileLog.js';

let directory: string;

beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), 'tenure-file-lock-'));
});

afterEach(async () => {
  await rm(directory, { recursive: true, force: true });
});

/** The pid of a process that has exited (what a writer killed by SIGKILL leaves in its lock). */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '']);
  await new Promise((resolve) => child.on('exit', resolve));
  return child.pid!;
}

async function writeStaleLock(path: string, pid: number, content?: string): Promise<void> {
  await writeFile(
    `${path}.lock`,
    content ?? JSON.stringify({ pid, host: hostname(), token: 'old' }),
  );
}

/** Opens `count` writers of `path` at once; returns the opened logs and the refusals. */
async function openAtOnce(path: string, count: number) {
  const results = await Promise.allSettled(
    Array.from({ length: count }, () => createFileLog(path)),
  );
  const logs: EventLog[] = [];
  const refusals: unknown[] = [];
  for (const result of results) {
    if (result.status === 'fulfilled') logs.push(result.value);
    else refusals.push(result.reason);
  }
  return { logs, refusals };
}

describe('createFileLog: taking over a stale lock', () => {
  // Writers opened at once in one process race through the same steps as writers in several
  // processes (this process's pid counts as alive, as another live writer's would), and an
  // interleaving that lets two of them in shows up within a few rounds.
  it('lets exactly one of several writers that find it at once take it over; the others are refused', async () => {
    const pid = await deadPid();
    for (let round = 0; round < 25; round++) {
      const path = join(directory, `events-${round}.jsonl`);
      await writeStaleLock(path, pid);
      const { logs, refusals } = await openAtOnce(path, 4);
      expect(logs.length, `round ${round}: writers let in`).toBe(1);
      expect(refusals.every((error) => isTenureError(error, 'TENURE_LOG_LOCKED'))).toBe(true);
      const holder = JSON.parse(await readFile(`${path}.lock`, 'utf8'));
      expect(holder.pid).toBe(process.pid);
      await logs[0]!.append([
        { id: 'e1', type: 'usage.login', customerId: 'c1', at: 0, data: { device: 'web' } },
      ]);
      await logs[0]!.close();
    }
    // Nothing is left beside the logs: no drafts, no takeover marks.
    const left = await readdir(directory);
    expect(left.filter((name) => !name.endsWith('.jsonl'))).toEqual([]);
  });

  it('takes over a lock file left empty (a crash before its content reached the disk), once', async () => {
    const path = join(directory, 'events.jsonl');
    for (let round = 0; round < 10; round++) {
      await writeStaleLock(path, 0, '');
      const { logs } = await openAtOnce(path, 3);
      expect(logs.length, `round ${round}: writers let in`).toBe(1);
      await logs[0]!.close();
    }
  });
});

describe('createFileLog: a second writer the lock did not stop', () => {
  // E.g. the lock file deleted by hand while its writer runs, or a writer in another PID
  // namespace with the same host name, whose pid this process cannot see.
  it('is detected at the next append, which writes nothing and says so; the file stays valid', async () => {
    const path = join(directory, 'events.jsonl');
    const login = (id: string) => ({
      id,
      type: 'usage.login',
      customerId: 'c1',
      at: 0,
      data: { device: 'web' },
    });
    const first = await createFileLog(path);
    await first.append([login('e1')]);
    await rm(`${path}.lock`);
    const second = await createFileLog(path);
    await second.append([login('e2')]);
    const refusal = await first.append([login('e3')]).catch((error: unknown) => error);
    expect(isTenureError(refusal, 'TENURE_LOG_LOCKED')).toBe(true);
    expect((refusal as Error).message).toMatch(
      /log\.append: .*events\.jsonl .*another process changed the file since this log's last append.*nothing was written/,
    );
    await second.append([login('e4')]);
    await first.close();
    await second.close();
    const reader = await createFileLog(path, { readOnly: true });
    const ids: string[] = [];
    for await (const event of reader.read()) ids.push(`${event.id}@${event.position}`);
    expect(ids).toEqual(['e1@1', 'e2@2', 'e4@3']);
    expect(await reader.verify()).toEqual({ ok: true, records: 3 });
    await reader.close();
  });
});

describe('createFileLog: a lock held by a live process', () => {
  it('is refused, naming the pid and the lock file to delete if that pid is not a writer (reused after a restart)', async () => {
    const path = join(directory, 'events.jsonl');
    // A live process that is not a writer of the log: what a pid reused after a reboot looks like.
    await writeStaleLock(path, process.ppid);
    const refusal = await createFileLog(path).catch((error: unknown) => error);
    expect(isTenureError(refusal, 'TENURE_LOG_LOCKED')).toBe(true);
    expect((refusal as Error).message).toContain(`pid ${process.ppid} on ${hostname()}`);
    expect((refusal as Error).message).toContain(`delete ${path}.lock`);
    expect(JSON.parse(await readFile(`${path}.lock`, 'utf8')).pid).toBe(process.ppid);
  });
});

describe('createFileLog: one file under two names', () => {
  it('takes one lock for the file, whichever symbolic link it is opened through', async () => {
    const real = join(directory, 'data');
    await mkdir(real);
    const path = join(real, 'events.jsonl');
    const linked = join(directory, 'current');
    await symlink(real, linked);
    const writer = await createFileLog(path);
    const refusal = await createFileLog(join(linked, 'events.jsonl')).catch(
      (error: unknown) => error,
    );
    expect(isTenureError(refusal, 'TENURE_LOG_LOCKED')).toBe(true);
    await writer.close();
    // A log file that is itself a link: the lock sits beside the file it points to.
    await symlink(path, join(directory, 'alias.jsonl'));
    const viaLink = await createFileLog(join(directory, 'alias.jsonl'));
    await expect(createFileLog(path)).rejects.toMatchObject({ code: 'TENURE_LOG_LOCKED' });
    await viaLink.close();
  });
});
