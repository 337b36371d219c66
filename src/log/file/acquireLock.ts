import { link, readFile, unlink, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { LogLockedError } from '../../errors/LogLockedError.js';

/** A held write lock; `release()` removes the lock file if it is still ours. */
export interface FileLock {
  release(): Promise<void>;
}

interface LockContent {
  readonly pid: number;
  readonly host: string;
  readonly token: string;
}

/**
 * Takes the write lock of a log file: `<path>.lock`, created exclusively, holding our pid. A lock
 * left by a process that no longer runs on this host (e.g. after SIGKILL) is taken over. A lock
 * held by a running process, this one included, is refused.
 *
 * @throws LogLockedError when another writer holds the lock.
 */
export async function acquireLock(api: string, path: string): Promise<FileLock> {
  const lockPath = `${path}.lock`;
  const content: LockContent = {
    pid: process.pid,
    host: hostname(),
    token: `${process.pid}-${process.hrtime.bigint()}-${Math.random()}`,
  };
  // Written aside and hard-linked into place: the lock file appears atomically with its content.
  const draft = `${lockPath}.${content.token}`;
  await writeFile(draft, JSON.stringify(content), { flag: 'wx' });
  try {
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        await link(draft, lockPath);
        return { release: () => releaseLock(lockPath, content.token) };
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      const holder = await readHolder(lockPath);
      if (holder !== undefined && isAlive(holder)) {
        throw new LogLockedError(api, path, `pid ${holder.pid} on ${holder.host}`);
      }
      // The holder is gone (e.g. killed): take the stale lock over, unless it changed meanwhile.
      const again = await readHolder(lockPath);
      if (again?.token === holder?.token) await unlink(lockPath).catch(ignoreMissing);
    }
  } finally {
    await unlink(draft).catch(ignoreMissing);
  }
  const holder = await readHolder(lockPath);
  throw new LogLockedError(api, path, holder ? `pid ${holder.pid} on ${holder.host}` : 'unknown');
}

async function releaseLock(lockPath: string, token: string): Promise<void> {
  const holder = await readHolder(lockPath);
  if (holder?.token === token) await unlink(lockPath).catch(ignoreMissing);
}

async function readHolder(lockPath: string): Promise<LockContent | undefined> {
  try {
    const parsed = JSON.parse(await readFile(lockPath, 'utf8')) as Partial<LockContent>;
    if (typeof parsed.pid !== 'number' || typeof parsed.host !== 'string') return undefined;
    return { pid: parsed.pid, host: parsed.host, token: String(parsed.token) };
  } catch {
    return undefined;
  }
}

function isAlive(holder: LockContent): boolean {
  // A pid on another host cannot be checked from here: assume it is alive.
  if (holder.host !== hostname()) return true;
  try {
    process.kill(holder.pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function ignoreMissing(error: unknown): void {
  if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
}
