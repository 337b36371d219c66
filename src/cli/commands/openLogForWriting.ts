import { isTenureError } from '../../errors/TenureError.js';
import type { EventType } from '../../events/defineEventType.js';
import type { EventLog } from '../../log/EventLog.js';
import { createFileLog } from '../../log/file/createFileLog.js';
import { CliError, EXIT_BAD_INPUT, stripApi } from '../CliError.js';

/**
 * Opens (or creates) a file log for a command, accepting the built-in event types and
 * `eventTypes`, turning open failures into CLI errors.
 */
export async function openLogForWriting(
  command: string,
  path: string,
  eventTypes?: readonly EventType[],
): Promise<EventLog> {
  try {
    return await createFileLog(path, eventTypes === undefined ? {} : { eventTypes });
  } catch (error) {
    if (isTenureError(error, 'TENURE_LOG_LOCKED')) {
      throw lockedLogError(command, error, ' Nothing was written.');
    }
    if (isTenureError(error, 'TENURE_CORRUPT_LOG')) {
      throw new CliError(
        EXIT_BAD_INPUT,
        `tenure ${command}: ${stripApi(error.message)}\nNothing was written.`,
      );
    }
    if (isTenureError(error)) {
      throw new CliError(EXIT_BAD_INPUT, `tenure ${command}: ${stripApi(error.message)}`);
    }
    const code = (error as NodeJS.ErrnoException).code;
    if (typeof code === 'string') {
      throw new CliError(
        EXIT_BAD_INPUT,
        `tenure ${command}: cannot open the log ${path} (${code}); check the path and its directory.`,
      );
    }
    throw error;
  }
}

/** The library's advice on a locked log: it names an option of the API, not of the command. */
const LIBRARY_ADVICE =
  / ?Close the other log first \(one writer at a time\), or open this one with \{ readOnly: true \}\.$/;

/**
 * A log another writer holds (`TENURE_LOG_LOCKED`), said for the command line: who holds it, as
 * the library says, and `outcome` (what was written), then what to do there instead of the
 * library's `{ readOnly: true }`.
 */
export function lockedLogError(command: string, error: Error, outcome = ''): CliError {
  return new CliError(
    EXIT_BAD_INPUT,
    [
      `tenure ${command}: ${stripApi(error.message).replace(LIBRARY_ADVICE, '')}${outcome}`,
      'A log has one writer at a time: wait for it to finish (another tenure import, or a program of yours), then run this command again.',
      'tenure verify, project, fit and report only read a log: they can run meanwhile.',
    ].join('\n'),
  );
}
