import { open } from 'node:fs/promises';
import { LogNotFoundError } from '../../errors/LogNotFoundError.js';
import type { VerifyResult } from '../EventLog.js';
import { isUnfinishedAppend, verifyLogFile } from './verifyLogFile.js';

/**
 * Checks a log file's integrity without opening it as a log (no lock): every record's hash
 * chain, sequence and completeness, and that no event id is stored twice. Unlike `createFileLog`, which refuses a file whose
 * records are out of sequence, this reports where the first bad record is, e.g. for
 * `tenure verify`. A torn final line (a crash during an append) is reported too; opening the log
 * for writing removes it.
 *
 * @example
 * ```ts
 * const result = await verifyFileLog('./events.jsonl');
 * if (!result.ok) console.error(`${result.location}: ${result.reason}`);
 * ```
 *
 * @throws LogNotFoundError (`TENURE_LOG_NOT_FOUND`) when there is no file at `path`.
 */
export async function verifyFileLog(path: string): Promise<VerifyResult> {
  const result = await verifyWholeFile(path).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'ENOENT') throw error;
    throw new LogNotFoundError('verifyFileLog', path, 'verifying never creates a log');
  });
  if (result.ok || !isUnfinishedAppend(result.reason)) return result;
  return {
    ...result,
    reason: `${result.reason}: an append a crash cut short: it was never acknowledged, and opening the log for writing removes it`,
  };
}

/**
 * Every record of the file at `path`, from the first, checked as {@link verifyFileLog} does,
 * the tail a crash leaves reported as it is (see `isUnfinishedAppend`). Internal.
 */
export async function verifyWholeFile(path: string): Promise<VerifyResult> {
  const handle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
    return await verifyLogFile(handle, size, 0);
  } finally {
    await handle.close();
  }
}
