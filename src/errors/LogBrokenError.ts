import { errorMessage } from './errorMessage.js';
import { TenureError } from './TenureError.js';

/**
 * Thrown by `append` on a file log whose failed append could not be undone: the write failed
 * (a full disk, an I/O error) and cutting the file back to its last acknowledged append failed
 * too, so the file may hold part of a record after byte `end`. The failing append throws it,
 * with the write's error as `cause`, and so does every later append of this log, which writes
 * nothing; reads go on. Close the log and open it again (see the message).
 *
 * @example
 * ```ts
 * try {
 *   await log.append(events);
 * } catch (error) {
 *   if (isTenureError(error, 'TENURE_LOG_BROKEN')) await log.close(); // then verify and reopen
 * }
 * ```
 */
export class LogBrokenError extends TenureError {
  /** The log file. */
  readonly path: string;
  /** The byte where the last acknowledged append ends: what follows may be a partial record. */
  readonly end: number;
  /** Why cutting the file back to `end` failed. */
  readonly undoError: unknown;

  constructor(api: string, path: string, end: number, writeError: unknown, undoError: unknown) {
    super(
      'TENURE_LOG_BROKEN',
      `${api}: the file log ${path} takes no more appends: an append failed (${errorMessage(writeError)}) and undoing it failed too (${errorMessage(undoError)}), so the file may hold a partial record after byte ${end}, where its last acknowledged append ends. Close this log, run \`tenure verify --log ${path}\` to see what follows byte ${end}, and open the log again: opening removes an append cut short and keeps one that reached the file whole (resending that batch skips its events); to drop it anyway, truncate the file to ${end} bytes first, or restore it from a backup.`,
      { cause: writeError },
    );
    this.path = path;
    this.end = end;
    this.undoError = undoError;
  }
}
