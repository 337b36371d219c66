import { randomBytes } from 'node:crypto';
import { link, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { setTimeout as delay } from 'node:timers/promises';

/** Attempts to take a held lock before giving up: about 20 seconds of waiting in all. */
const ATTEMPTS = 220;

/** Why {@link withFileLock} gave up. */
export interface FileLockBusy {
  /** The lock file, which a user deletes when no process holds it any more. */
  readonly lock: string;
  /** The process id written in the lock, undefined when it could not be read. */
  readonly holder: number | undefined;
}

/**
 * Runs `task` while holding `<path>.lock`, a lock between the processes of one machine (and the
 * stores of one process) that share `path`. The lock is a file holding the holder's pid, made by
 * hard-linking a file already written (so it is never seen empty); a lock whose process is gone
 * (crashed) is broken. Waits while a live process holds it; gives up after ~20 s.
 *
 * @throws the error of `busy` when the lock stays held; the I/O error when the lock cannot be
 *   made (the directory is missing or not writable).
 */
export async function withFileLock<T>(
  path: string,
  busy: (why: FileLockBusy) => Error,
  task: () => Promise<T>,
): Promise<T> {
  const lock = `${path}.lock`;
  const mine = `${lock}.${process.pid}.${randomBytes(6).toString('hex')}`;
  await writeFile(mine, `${process.pid}\n`, { mode: 0o600 });
  try {
    for (let attempt = 0; ; attempt++) {
      try {
        await link(mine, lock);
        break;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      const holder = await holderOf(lock);
      if (holder !== undefined && !isAlive(holder)) {
        await breakStaleLock(lock, holder);
        continue;
      }
      if (attempt >= ATTEMPTS) throw busy({ lock, holder });
      await delay(Math.min(100, 2 ** attempt));
    }
  } finally {
    await rm(mine, { force: true });
  }
  try {
    return await task();
  } finally {
    await rm(lock, { force: true });
  }
}

async function holderOf(lock: string): Promise<number | undefined> {
  try {
    const pid = Number.parseInt(await readFile(lock, 'utf8'), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Moves the stale lock aside before deleting it, so that two waiters breaking it at once cannot
 * delete a lock a third process took meanwhile: the one that moved a live lock puts it back.
 */
async function breakStaleLock(lock: string, deadHolder: number): Promise<void> {
  const aside = `${lock}.${process.pid}.${randomBytes(6).toString('hex')}.stale`;
  try {
    await rename(lock, aside);
  } catch {
    return;
  }
  if ((await holderOf(aside)) !== deadHolder) {
    await link(aside, lock).catch(() => undefined);
  }
  await rm(aside, { force: true });
}
