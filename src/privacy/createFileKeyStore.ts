import { open, readdir, readFile, readlink, realpath, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { newCustomerKey } from './createMemoryKeyStore.js';
import type { CustomerKey, KeyStore } from './KeyStore.js';
import { PrivacyError } from './PrivacyError.js';
import { type FileLockBusy, withFileLock } from './withFileLock.js';

interface KeyFile {
  readonly format: 'tenure-keys';
  readonly version: 1;
  /** customerId -> [key id, key bytes as base64]. */
  readonly keys: Record<string, [string, string]>;
}

/**
 * A key store in one JSON file (mode 0600). Every change is written to a temporary file,
 * fsync'd and renamed over the old one (then the directory is fsync'd), so the file is always
 * either the old or the new version, never half-written.
 *
 * Several stores may share the file: the processes of one machine (a server and a script that
 * forgets customers), or two stores in one process. A change is made under a lock file
 * (`<path>.lock`, broken when the process holding it is gone) on the file as it is on disk, so
 * no store loses a key another created or writes back a key another destroyed; and a store
 * reads the file again whenever it changed, so a destroyed key stops opening values in every
 * process. Not for a network file system shared by several machines: use PostgreSQL there.
 *
 * Losing this file (or its contents) destroys every key in it: the personal data of every
 * customer of the private log becomes unreadable for good. Back it up apart from the log, and
 * keep it out of version control. A destroyed key is removed from the file, and so are the
 * temporary files a crashed writer left beside it; copies in older backups of the file still
 * hold it, so expire those backups too.
 *
 * @example
 * ```ts
 * const keyStore = createFileKeyStore('data/keys.json');
 * const log = createPrivateLog(await createFileLog('data/events.log'), { keyStore });
 * ```
 */
export function createFileKeyStore(path: string): KeyStore {
  if (typeof path !== 'string' || path === '') {
    throw new PrivacyError(
      'TENURE_INVALID_PRIVACY_OPTIONS',
      'createFileKeyStore: path must be the path of the key file, e.g. "data/keys.json".',
    );
  }
  /** The keys as last read or written, and the file's identity then. */
  let cache: { readonly keys: Map<string, CustomerKey>; readonly stamp: string } | undefined;
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(task: () => Promise<T>): Promise<T> => {
    const result = queue.then(task);
    queue = result.catch(() => undefined);
    return result;
  };

  /**
   * The keys as the file holds them now: read again when another store has replaced it, and
   * always when `fresh` (before a change: two versions written within one tick of a coarse file
   * system clock, on a reused inode, could share a stamp; a write must not rest on that).
   */
  async function load(fresh = false): Promise<Map<string, CustomerKey>> {
    const stamp = await stampOf(path).catch((error: unknown) => {
      throw ioError('read', error);
    });
    if (!fresh && cache?.stamp === stamp) return cache.keys;
    let keys = new Map<string, CustomerKey>();
    if (stamp !== ABSENT) {
      try {
        keys = parseKeyFile(path, await readFile(path, 'utf8'));
      } catch (error) {
        if (error instanceof PrivacyError) throw error;
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw ioError('read', error);
      }
    }
    // Read after the stamp: if the file changed in between, the next load reads it again.
    cache = { keys, stamp };
    return keys;
  }

  /** Applies `change` to the file as it is on disk, under the lock shared with other stores. */
  function change<T>(
    apply: (
      keys: Map<string, CustomerKey>,
      before: Map<string, CustomerKey> | undefined,
    ) => Promise<T>,
  ): Promise<T> {
    return serial(async () => {
      // The keys this store handed out may be other objects than the ones read afresh.
      const before = cache?.keys;
      try {
        return await withFileLock(path, lockBusy, async () => apply(await load(true), before));
      } catch (error) {
        throw error instanceof PrivacyError ? error : ioError('write', error);
      }
    });
  }

  async function save(next: Map<string, CustomerKey>): Promise<void> {
    const file: KeyFile = {
      format: 'tenure-keys',
      version: 1,
      // fromEntries: a customer id "__proto__" is a key like any other.
      keys: Object.fromEntries(
        [...next].map(([customerId, key]) => [
          customerId,
          [key.id, Buffer.from(key.key).toString('base64')],
        ]),
      ),
    };
    // A link is kept, and the file it points to replaced: renaming over the link would leave
    // that file, with the keys of customers forgotten since, where it is.
    const target = await targetOf(path);
    // Under the lock, so one name serves every writer; a file left by a crashed writer holds
    // keys (perhaps of customers forgotten since) and is removed, not reused with its mode.
    const temporary = `${target}.tmp`;
    await removeLeftovers(target);
    const handle = await open(temporary, 'wx', 0o600);
    try {
      try {
        await handle.writeFile(JSON.stringify(file));
        await handle.sync();
      } finally {
        await handle.close();
      }
      await rename(temporary, target);
    } catch (error) {
      await rm(temporary, { force: true });
      throw error;
    }
    const directory = await open(dirname(target), 'r');
    try {
      await directory.sync();
    } finally {
      await directory.close();
    }
    cache = { keys: next, stamp: await stampOf(path) };
  }

  function ioError(action: string, cause: unknown): PrivacyError {
    return new PrivacyError(
      'TENURE_KEY_STORE',
      `createFileKeyStore: cannot ${action} the key file ${path}: ${(cause as Error).message}. Check that its directory exists and is writable.`,
      { cause },
    );
  }

  function lockBusy({ lock, holder, cause }: FileLockBusy): PrivacyError {
    return new PrivacyError(
      'TENURE_KEY_STORE',
      `createFileKeyStore: cannot write the key file ${path}: its lock ${lock} has been held for about 20 seconds (${holder}). If no process uses the key store, delete ${lock} and try again.`,
      { cause },
    );
  }

  return {
    get: (customerId) => serial(async () => (await load()).get(customerId)),
    create: (customerId) =>
      change(async (current) => {
        const existing = current.get(customerId);
        if (existing !== undefined) return existing;
        const key = newCustomerKey();
        await save(new Map(current).set(customerId, key));
        return key;
      }),
    destroy: (customerId) =>
      change(async (current, before) => {
        const existing = current.get(customerId);
        if (existing === undefined) {
          // Destroyed by another store already; this store's copy, if any, goes too.
          before?.get(customerId)?.key.fill(0);
          // Nothing to write, but a crashed writer's copy of the key may still be on disk.
          await removeLeftovers(await targetOf(path));
          return false;
        }
        const next = new Map(current);
        next.delete(customerId);
        await save(next);
        // Zeroed in every copy this store handed out: a read holding one reads it as erased.
        existing.key.fill(0);
        before?.get(customerId)?.key.fill(0);
        return true;
      }),
  };
}

/** The file `path` names, through symbolic links (also one to a file not made yet). */
async function targetOf(path: string): Promise<string> {
  try {
    return await realpath(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  try {
    return resolve(dirname(path), await readlink(path));
  } catch {
    return path;
  }
}

/** Stamp of a missing key file. */
const ABSENT = 'absent';

/** The file's identity and version: another store's rename makes a new inode and times. */
async function stampOf(path: string): Promise<string> {
  try {
    const stats = await stat(path, { bigint: true });
    return `${stats.ino}:${stats.size}:${stats.mtimeNs}:${stats.ctimeNs}`;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return ABSENT;
    throw error;
  }
}

/** Deletes temporary key files beside `path`: `<name>.tmp`, and `<name>.<pid>.tmp` of 0.x. */
async function removeLeftovers(path: string): Promise<void> {
  const name = basename(path);
  const names = await readdir(dirname(path));
  for (const entry of names) {
    if (!entry.startsWith(`${name}.`)) continue;
    if (/^(\d+\.)?tmp$/.test(entry.slice(name.length + 1))) {
      await rm(join(dirname(path), entry), { force: true });
    }
  }
}

function parseKeyFile(path: string, text: string): Map<string, CustomerKey> {
  const corrupt = (why: string) =>
    new PrivacyError(
      'TENURE_KEY_STORE',
      `createFileKeyStore: ${path} is not a tenure key file (${why}). Restore it from a backup; without it the personal data it protects cannot be read.`,
    );
  let file: Partial<KeyFile>;
  try {
    file = JSON.parse(text) as Partial<KeyFile>;
  } catch {
    throw corrupt('not JSON');
  }
  if (file?.format !== 'tenure-keys' || file.version !== 1 || typeof file.keys !== 'object') {
    throw corrupt('no { format: "tenure-keys", version: 1, keys }');
  }
  const keys = new Map<string, CustomerKey>();
  for (const [customerId, entry] of Object.entries(file.keys ?? {})) {
    if (!Array.isArray(entry) || typeof entry[0] !== 'string' || typeof entry[1] !== 'string') {
      throw corrupt(`the entry of customer ${JSON.stringify(customerId)} is malformed`);
    }
    const bytes = Buffer.from(entry[1], 'base64');
    if (bytes.length !== 32)
      throw corrupt(`the key of ${JSON.stringify(customerId)} is not 32 bytes`);
    keys.set(customerId, { id: entry[0], key: new Uint8Array(bytes) });
  }
  return keys;
}
