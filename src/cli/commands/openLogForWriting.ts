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
