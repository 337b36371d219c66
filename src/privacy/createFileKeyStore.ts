import { open, readFile, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { newCustomerKey } from './createMemoryKeyStore.js';
import type { CustomerKey, KeyStore } from './KeyStore.js';
import { PrivacyError } from './PrivacyError.js';

interface KeyFile {
  readonly format: 'tenure-keys';
  readonly version: 1;
  /** customerId -> [key id, key bytes as base64]. */
  readonly keys: Record<string, [string, string]>;
}

/**
 * A key store in one JSON file (mode 0600). Every change is written to a temporary file,
 * fsync'd and renamed over the old one (then the directory is fsync'd), so the file is always
 * either the old or the new version, never half-written. Changes are serialised within the
 * process; use one store per file per process.
 *
 * Losing this file (or its contents) destroys every key in it: the personal data of every
 * customer of the private log becomes unreadable for good. Back it up apart from the log, and
 * keep it out of version control. A destroyed key is removed from the file; copies in older
 * backups of the file still hold it, so expire those backups too.
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
  let keys: Map<string, CustomerKey> | undefined;
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(task: () => Promise<T>): Promise<T> => {
    const result = queue.then(task);
    queue = result.catch(() => undefined);
    return result;
  };

  async function load(): Promise<Map<string, CustomerKey>> {
    if (keys !== undefined) return keys;
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw ioError('read', error);
      keys = new Map();
      return keys;
    }
    keys = parseKeyFile(path, text);
    return keys;
  }

  async function save(next: Map<string, CustomerKey>): Promise<void> {
    const file: KeyFile = { format: 'tenure-keys', version: 1, keys: {} };
    for (const [customerId, key] of next) {
      file.keys[customerId] = [key.id, Buffer.from(key.key).toString('base64')];
    }
    const temporary = `${path}.${process.pid}.tmp`;
    try {
      const handle = await open(temporary, 'w', 0o600);
      try {
        await handle.writeFile(JSON.stringify(file));
        await handle.sync();
      } finally {
        await handle.close();
      }
      await rename(temporary, path);
      const directory = await open(dirname(path), 'r');
      try {
        await directory.sync();
      } finally {
        await directory.close();
      }
    } catch (error) {
      await rm(temporary, { force: true });
      throw ioError('write', error);
    }
  }

  function ioError(action: string, cause: unknown): PrivacyError {
    return new PrivacyError(
      'TENURE_KEY_STORE',
      `createFileKeyStore: cannot ${action} the key file ${path}: ${(cause as Error).message}. Check that its directory exists and is writable.`,
      { cause },
    );
  }

  return {
    get: (customerId) => serial(async () => (await load()).get(customerId)),
    create: (customerId) =>
      serial(async () => {
        const current = await load();
        const existing = current.get(customerId);
        if (existing !== undefined) return existing;
        const key = newCustomerKey();
        const next = new Map(current).set(customerId, key);
        await save(next);
        keys = next;
        return key;
      }),
    destroy: (customerId) =>
      serial(async () => {
        const current = await load();
        const existing = current.get(customerId);
        if (existing === undefined) return false;
        const next = new Map(current);
        next.delete(customerId);
        await save(next);
        keys = next;
        existing.key.fill(0);
        return true;
      }),
  };
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
