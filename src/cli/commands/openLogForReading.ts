import { stat } from 'node:fs/promises';
import { isTenureError, type TenureError } from '../../errors/TenureError.js';
import type { EventLog } from '../../log/EventLog.js';
import { createFileLog } from '../../log/file/createFileLog.js';
import { CliError, EXIT_BAD_INPUT, stripApi, usageError } from '../CliError.js';

/**
 * The `--log` path of a command, checked to name an existing file. A missing flag is a usage
 * error; a missing file is bad input.
 */
export async function requireLogFile(
  command: string,
  path: string | boolean | undefined,
): Promise<string> {
  if (typeof path !== 'string')
    throw usageError(
      command,
      '--log <path> is required: the event log file, e.g. --log events.jsonl.',
    );
  const kind = await stat(path).then(
    (info) => (info.isDirectory() ? 'directory' : info.isFile() ? 'file' : 'none'),
    () => 'none',
  );
  if (kind === 'directory')
    throw new CliError(
      EXIT_BAD_INPUT,
      `tenure ${command}: --log ${path} is a directory, not a log file; give the path of the log file in it.`,
    );
  if (kind === 'none')
    throw new CliError(
      EXIT_BAD_INPUT,
      `tenure ${command}: there is no log file at ${path}; check the path, or create one with \`tenure import\`.`,
    );
  return path;
}

/**
 * The `--log` file of a reading command, opened read-only (another process may be writing to
 * it). A missing flag is a usage error; a missing or broken file is bad input.
 */
export async function openLogForReading(
  command: string,
  flag: string | boolean | undefined,
): Promise<EventLog> {
  const path = await requireLogFile(command, flag);
  try {
    return await createFileLog(path, { readOnly: true });
  } catch (error) {
    throw isTenureError(error) ? brokenLogError(command, path, error) : error;
  }
}

/**
 * A tenure error met reading the log at `path` (opening it; an event the valuation cannot use,
 * which only an edit of the file puts there) as bad input, with the way to find where the log
 * is broken, rather than an unexpected failure.
 */
export function brokenLogError(command: string, path: string, error: TenureError): CliError {
  return new CliError(
    EXIT_BAD_INPUT,
    `tenure ${command}: ${stripApi(error.message)}\nRun \`tenure verify --log ${path}\` to see where the log is broken.`,
  );
}

/**
 * `error` as {@link brokenLogError} when it is an event the valuation refused
 * (`TENURE_INVALID_MODEL_INPUT`: the commands check every option the valuation takes first),
 * else as it is.
 */
export function unusableEventError(command: string, path: string, error: unknown): unknown {
  return isTenureError(error, 'TENURE_INVALID_MODEL_INPUT')
    ? brokenLogError(command, path, error)
    : error;
}
