import { hash } from 'node:crypto';
import { link, open, realpath, unlink, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { basename, dirname, join } from 'node:path';
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

/** A lock file as read: who holds it (when its content says) and what identifies this file. */
interface FoundLock {
  /** Undefined when the content is not a holder (e.g. left empty by a crash). */
  readonly holder: LockContent | undefined;
  /** Of this very file (inode and content): a lock taken later in its place has another key. */
  readonly key: string;
}

/** Generations of takeover marks tried before giving up (each one a taker that died). */
const TAKEOVER_GENERATIONS = 8;

/**
 * Takes the write lock of a log file: `<path>.lock` beside the file itself (symbolic links
 * resolved), created exclusively, holding our pid. A lock
 * left by a process that no longer runs on this host (e.g. after SIGKILL) is taken over, by one
 * process only when several find it at once. A lock held by a running process, this one
 * included, is refused.
 *
 * @throws LogLockedError when another writer holds the lock.
 */
export async function acquireLock(api: string, path: string): Promise<FileLock> {
  const lockPath = `${await filePath(path)}.lock`;
  const content: LockContent = {
    pid: process.pid,
    host: hostname(),
    token: `${process.pid}-${process.hrtime.bigint()}-${Math.random()}`,
  };
  // Written aside and hard-linked into place: the lock file appears atomically with its content.
  const draft = `${lockPath}.${content.token}`;
  await writeFile(draft, JSON.stringify(content), { flag: 'wx' });
  try {
    for (let attempt = 0; attempt < 3; attempt++) {
      if (await linkExclusive(draft, lockPath)) {
        return { release: () => releaseLock(lockPath, content.token) };
      }
      const found = await readLock(lockPath);
      // Released meanwhile: try again.
      if (found === undefined) continue;
      if (found.holder !== undefined && isAlive(found.holder)) {
        // A pid is reused after a restart: only the operator can tell it is not a writer.
        throw new LogLockedError(
          api,
          path,
          `${describeHolder(found.holder)}; if that process is not a writer of this log, e.g. its pid was reused after a restart, delete ${lockPath}`,
        );
      }
      await removeStaleLock(api, path, lockPath, found, draft);
    }
  } finally {
    await unlink(draft).catch(ignoreMissing);
  }
  const holder = (await readLock(lockPath))?.holder;
  throw new LogLockedError(api, path, holder ? describeHolder(holder) : 'unknown');
}

/**
 * Removes the stale lock `stale` unless another lock has replaced it. Checking and removing are
 * two steps, so two processes that found it stale at once could both remove "it", the second
 * removing the lock the first had just taken in its place: both would write. Only the process
 * that creates the takeover mark `<lock>.stale-<key>.<generation>` (exclusively, hard-linked
 * from its draft, so the mark names its pid) removes it; the others are refused while that
 * process lives. A mark whose maker died mid-takeover is passed by the next generation.
 */
async function removeStaleLock(
  api: string,
  path: string,
  lockPath: string,
  stale: FoundLock,
  draft: string,
): Promise<void> {
  const markOf = (generation: number) => `${lockPath}.stale-${stale.key}.${generation}`;
  for (let generation = 1; generation <= TAKEOVER_GENERATIONS; generation++) {
    const mark = markOf(generation);
    if (await linkExclusive(draft, mark)) {
      try {
        if ((await readLock(lockPath))?.key === stale.key) {
          await unlink(lockPath).catch(ignoreMissing);
        }
      } finally {
        // The marks of takers that died before us are of no use to anyone now.
        for (let dead = 1; dead < generation; dead++) {
          await unlink(markOf(dead)).catch(ignoreMissing);
        }
        await unlink(mark).catch(ignoreMissing);
      }
      return;
    }
    const taker = await readLock(mark);
    // Its maker has finished: the stale lock is gone, or another lock is in its place.
    if (taker === undefined) return;
    if (taker.holder !== undefined && isAlive(taker.holder)) {
      throw new LogLockedError(
        api,
        path,
        `${describeHolder(taker.holder)} is taking over a lock left by a process that died`,
      );
    }
  }
  throw new LogLockedError(
    api,
    path,
    `${TAKEOVER_GENERATIONS} processes died while taking over a stale lock; if no process writes the log, delete ${lockPath} and ${lockPath}.stale-*`,
  );
}

/**
 * The file's own path, through symbolic links (of the file or of a directory above it): one
 * lock per file, whichever name opens it. A file not created yet: its directory's own path.
 */
async function filePath(path: string): Promise<string> {
  for (const resolve of [
    () => realpath(path),
    async () => join(await realpath(dirname(path)), basename(path)),
  ]) {
    try {
      return await resolve();
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
  return path;
}

/** Hard-links `from` to `to` unless `to` exists: false when it does. */
async function linkExclusive(from: string, to: string): Promise<boolean> {
  try {
    await link(from, to);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}

async function releaseLock(lockPath: string, token: string): Promise<void> {
  const found = await readLock(lockPath);
  if (found?.holder?.token === token) await unlink(lockPath).catch(ignoreMissing);
}

/** Reads a lock (or takeover mark) file; `undefined` when there is none. */
async function readLock(lockPath: string): Promise<FoundLock | undefined> {
  let raw: string;
  let inode: number;
  try {
    // Inode and content from one open file: both belong to the same lock.
    const handle = await open(lockPath, 'r');
    try {
      inode = (await handle.stat()).ino;
      raw = await handle.readFile('utf8');
    } finally {
      await handle.close();
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  // A token is unique to its lock; the inode tells apart files left without one.
  const key = hash('sha256', `${inode}:${raw}`, 'hex').slice(0, 24);
  return { holder: holderOf(raw), key };
}

function holderOf(raw: string): LockContent | undefined {
  try {
    const parsed = JSON.parse(raw) as Partial<LockContent>;
    if (typeof parsed.pid !== 'number' || typeof parsed.host !== 'string') return undefined;
    return { pid: parsed.pid, host: parsed.host, token: String(parsed.token) };
  } catch {
    return undefined;
  }
}

function describeHolder(holder: LockContent): string {
  return `pid ${holder.pid} on ${holder.host}`;
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
