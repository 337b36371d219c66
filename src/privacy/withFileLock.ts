import { setTimeout as delay } from 'node:timers/promises';
import { LogLockedError } from '../errors/LogLockedError.js';
import { acquireLock } from '../log/file/acquireLock.js';

/** Attempts to take a held lock before giving up: about 20 seconds of waiting in all. */
const ATTEMPTS = 220;

/** Why {@link withFileLock} gave up. */
export interface FileLockBusy {
  /** The lock file, which a user deletes when no process holds it any more. */
  readonly lock: string;
  /** Who holds it, e.g. `pid 4242 on host-1`; `another process` when unknown. */
  readonly holder: string;
  /** The refusal of the last attempt. */
  readonly cause: LogLockedError;
}

/**
 * Runs `task` while holding `<path>.lock`, the lock file logs use (`acquireLock`: the holder's
 * pid and host, a lock left by a process that died taken over), shared by the processes of one
 * machine and the stores of one process. A file log refuses a held lock at once; this waits,
 * since the holder only holds it while it writes, and gives up after ~20 s.
 *
 * @throws the error of `busy` when the lock stays held; the I/O error when the lock cannot be
 *   made (the directory is missing or not writable).
 */
export async function withFileLock<T>(
  path: string,
  busy: (why: FileLockBusy) => Error,
  task: () => Promise<T>,
): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    let lock: Awaited<ReturnType<typeof acquireLock>>;
    try {
      lock = await acquireLock('createFileKeyStore', path);
    } catch (error) {
      if (!(error instanceof LogLockedError)) throw error;
      if (attempt >= ATTEMPTS) {
        // The log's message says `(pid 4242 on host-1; if that process is not a writer ...)`.
        const holder = /\((pid [^);]*)/.exec(error.message)?.[1] ?? 'another process';
        throw busy({ lock: `${path}.lock`, holder, cause: error });
      }
      await delay(Math.min(100, 2 ** attempt));
      continue;
    }
    try {
      return await task();
    } finally {
      await lock.release();
    }
  }
}
