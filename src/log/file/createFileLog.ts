import { type FileHandle, open, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { LogBrokenError } from '../../errors/LogBrokenError.js';
import { LogClosedError } from '../../errors/LogClosedError.js';
import { LogLockedError } from '../../errors/LogLockedError.js';
import { LogNotFoundError } from '../../errors/LogNotFoundError.js';
import { LogReadOnlyError } from '../../errors/LogReadOnlyError.js';
import { unknownOption } from '../../errors/unknownOption.js';
import { createEventCatalog } from '../../events/createEventCatalog.js';
import type { EventType } from '../../events/defineEventType.js';
import type { EventInput, StoredEvent, TenureEvent } from '../../events/TenureEvent.js';
import { upcastEvent, upcastOnRead } from '../../events/upcastEvent.js';
import {
  type AppendOptions,
  type AppendResult,
  asTypedLog,
  type EventLog,
  type ReadOptions,
  type VerifyResult,
} from '../EventLog.js';
import { planAppend } from '../planAppend.js';
import { prepareBatch } from '../prepareBatch.js';
import { resolveReadOptions } from '../readOptions.js';
import { acquireLock, type FileLock } from './acquireLock.js';
import type { FileLogIndex } from './FileLogIndex.js';
import { encodeBatch } from './fileRecord.js';
import { readAllEvents, readCustomerEvents, readEventWithId } from './readFileLog.js';
import { scanLogFile } from './scanLogFile.js';
import { createSerialQueue } from './serialQueue.js';
import { verifyLogFile } from './verifyLogFile.js';

/** Options of {@link createFileLog}. */
export interface FileLogOptions {
  /** Event types of your own (from `defineEventType`), accepted besides the built-ins. Default: none. */
  readonly eventTypes?: readonly EventType[];
  /**
   * Open without the write lock, e.g. to read or verify a log another process writes. Appends
   * reject; reads see the file as it was when opened. Default: `false`.
   */
  readonly readOnly?: boolean;
}

const FILE_LOG_OPTIONS: readonly (keyof FileLogOptions)[] = ['eventTypes', 'readOnly'];

/**
 * Opens (or creates) a durable event log in one append-only JSON-lines file, one event per line,
 * each line hash-chained to the previous one.
 *
 * - An append resolves only after its lines are written and flushed to disk (`fdatasync`). One
 *   that fails is undone (the file cut back to the last acknowledged append); when that fails
 *   too, it and every later append throw `LogBrokenError` (`TENURE_LOG_BROKEN`).
 * - On open, the tail a crash can leave (a torn final line, an append cut short) is dropped: it
 *   was never acknowledged. A bad record anywhere else is a `CorruptLogError`. To open fast, open
 *   reads only each record's framing and the fields the index needs (count, id, customer,
 *   position, version), checking them all; payloads are parsed by reads, and `verify()` checks
 *   every byte through the hash chain.
 * - One writer per file: the write lock `<path>.lock` (beside the file itself, whichever
 *   symbolic link opens it) holds the writer's pid; a lock left by a
 *   process that died is taken over. Appends within the process are serialised. An append that
 *   finds the file changed since the log's last append (a writer the lock could not see) is
 *   refused with `LogLockedError`, writing nothing.
 * - In memory it keeps an index (record offsets, ids, each customer's positions), not events.
 *
 * @param path - the log file; created when missing (unless `readOnly`).
 * @throws LogLockedError when another open log (in any process) writes the file.
 * @throws CorruptLogError when a record before the final line is out of its layout or out of
 *   sequence, or reuses a stored id.
 * @example
 * ```ts
 * const log = await createFileLog('./events.jsonl');
 * await log.append([{ id: 'e1', type: 'usage.login', customerId: 'c1', at: Date.now(), data: {} }]);
 * console.log(await log.verify()); // { ok: true, records: 1 }
 * await log.close();
 * ```
 */
export async function createFileLog<TEvent extends TenureEvent = TenureEvent>(
  path: string,
  options: FileLogOptions = {},
): Promise<EventLog<TEvent>> {
  const api = 'createFileLog';
  if (typeof path !== 'string' || path === '') {
    throw new TypeError(`${api}: path must be a file path, e.g. createFileLog('./events.jsonl').`);
  }
  // { readonly: true } ignored would take the write lock and append to a log meant to be read.
  const unknown = unknownOption(api, options, FILE_LOG_OPTIONS);
  if (unknown !== undefined) throw new TypeError(unknown);
  const catalog = createEventCatalog(options.eventTypes);
  const readOnly = options.readOnly === true;
  if (!readOnly) await requireDirectory(api, path);
  const lock = readOnly ? undefined : await acquireLock(api, path);
  let handle: FileHandle | undefined;
  try {
    const existed = await stat(path).then(
      () => true,
      () => false,
    );
    if (!existed && readOnly) {
      throw new LogNotFoundError(api, path);
    }
    handle = await open(path, readOnly ? 'r' : 'a+');
    if (!existed) await syncDirectory(path);
    const { size } = await handle.stat();
    const { index, tornBytes } = await scanLogFile(api, handle, size);
    if (tornBytes > 0 && !readOnly) {
      // The unacknowledged tail of a crashed append: remove it before appending after it.
      await handle.truncate(index.end);
      await handle.datasync();
    }
    return asTypedLog<TEvent>(fileLog(handle, index, lock, catalog, readOnly, path));
  } catch (error) {
    await handle?.close();
    await lock?.release();
    throw error;
  }
}

function fileLog(
  handle: FileHandle,
  index: FileLogIndex,
  lock: FileLock | undefined,
  catalog: ReturnType<typeof createEventCatalog>,
  readOnly: boolean,
  path: string,
): EventLog {
  const queue = createSerialQueue();
  let closing: Promise<void> | undefined;
  /** Set when a failed append could not be rolled back: the file's tail is unknown. */
  let broken: LogBrokenError | undefined;

  const ensureOpen = (api: string): void => {
    if (closing !== undefined) {
      throw new LogClosedError(api, `the file log ${path}`, 'createFileLog');
    }
  };

  async function append(
    inputs: readonly EventInput[],
    appendOptions?: AppendOptions,
  ): Promise<AppendResult> {
    const api = 'log.append';
    ensureOpen(api);
    if (readOnly) {
      throw new LogReadOnlyError(api, path);
    }
    const batch = await prepareBatch(api, inputs, catalog);
    return queue.run(async () => {
      ensureOpen(api);
      if (broken !== undefined) throw broken;
      // The lock keeps other writers out only where it can see them (a writer in another PID
      // namespace under the same host name cannot; nor can a lock file deleted by hand). A file
      // that is not as this log left it was written by one: refuse rather than interleave.
      const { size } = await handle.stat();
      if (size !== index.end) {
        throw new LogLockedError(
          api,
          path,
          `another process changed the file since this log's last append: it is ${size} bytes, this log wrote ${index.end}; nothing was written, and this log must be opened again`,
        );
      }
      const stored = new Map<string, StoredEvent>();
      for (const event of batch.events) {
        const earlier = await readEventWithId(handle, index, event.id);
        if (earlier !== undefined) stored.set(event.id, earlier);
      }
      const plan = planAppend(api, batch, appendOptions, {
        position: index.count,
        version: (customerId) => index.versionOf(customerId),
        stored,
      });
      if (plan.appended.length > 0) {
        const encoded = encodeBatch(plan.appended, index.lastHash);
        await writeDurably(handle, encoded.bytes, index.end);
        index.commit(plan.appended, encoded.lineLengths, encoded.lastHash);
      }
      return { appended: plan.appended, skipped: plan.skipped, position: index.count };
    });

    async function writeDurably(file: FileHandle, bytes: Buffer, committedEnd: number) {
      try {
        let written = 0;
        while (written < bytes.length) {
          const result = await file.write(bytes, written, bytes.length - written);
          written += result.bytesWritten;
        }
        await file.datasync();
      } catch (error) {
        // Nothing of the batch may remain: cut the file back to the last acknowledged append,
        // and make the cut durable: written bytes a failed flush left in the page cache can
        // still reach the disk, and a crash before the next append's flush would bring back
        // a batch its caller was told failed.
        const undone = await cutBack(file, committedEnd).then(
          () => true,
          (truncateError: unknown) => {
            broken = new LogBrokenError(api, path, committedEnd, error, truncateError);
            return false;
          },
        );
        throw undone ? error : broken;
      }
    }
  }

  function read(readOptions?: ReadOptions): AsyncIterable<StoredEvent> {
    ensureOpen('log.read');
    const { customerId, from, until } = resolveReadOptions('log.read', readOptions);
    // Events written with older schema versions are upcast as they are read.
    if (customerId === undefined) {
      const upcast = (event: StoredEvent) => upcastEvent(event, catalog, 'log.read');
      return { [Symbol.asyncIterator]: () => readAllEvents(handle, index, from, until, upcast) };
    }
    return upcastOnRead(
      { [Symbol.asyncIterator]: () => readCustomerEvents(handle, index, customerId, from, until) },
      catalog,
    );
  }

  return {
    append,
    read,
    async version(customerId) {
      ensureOpen('log.version');
      return index.versionOf(customerId);
    },
    async position() {
      ensureOpen('log.position');
      return index.count;
    },
    async verify(): Promise<VerifyResult> {
      ensureOpen('log.verify');
      return queue.run(() => verifyLogFile(handle, index.end, index.count));
    },
    close() {
      closing ??= queue.run(async () => {
        await handle.close();
        await lock?.release();
      });
      return closing;
    },
  };
}

/** Cuts the file back to `end` bytes and flushes that to disk. */
async function cutBack(file: FileHandle, end: number): Promise<void> {
  await file.truncate(end);
  await file.datasync();
}

/**
 * Makes a new file's directory entry durable, where the platform can: Windows cannot open a
 * directory (its file system journals the entry itself) and some file systems cannot flush one.
 * Any other failure (an I/O error) is thrown: appends to a file whose entry may be lost in a
 * crash must not be acknowledged.
 */
async function syncDirectory(path: string): Promise<void> {
  try {
    const directory = await open(dirname(path), 'r');
    try {
      await directory.sync();
    } finally {
      await directory.close();
    }
  } catch (error) {
    if (!DIRECTORY_SYNC_UNSUPPORTED.has((error as NodeJS.ErrnoException).code ?? '')) throw error;
  }
}

/** Codes of a platform or file system that cannot open or flush a directory. */
const DIRECTORY_SYNC_UNSUPPORTED = new Set(['EISDIR', 'EPERM', 'EACCES', 'EINVAL', 'ENOTSUP']);

/**
 * A writer creates the log file, not its directory: a missing one is named with the fix (the
 * lock, written first, failed with ENOENT naming its own temporary file).
 */
async function requireDirectory(api: string, path: string): Promise<void> {
  const directory = dirname(path);
  const missing = await stat(directory).then(
    () => false,
    (error: NodeJS.ErrnoException) => error.code === 'ENOENT',
  );
  if (missing) {
    throw new LogNotFoundError(
      api,
      path,
      `its directory ${directory} does not exist either: a writer creates the log file, not its directory`,
      `Create the directory first (mkdir -p ${directory}), or check the path.`,
    );
  }
}
