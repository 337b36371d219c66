import { errorMessage } from '../../../errors/errorMessage.js';
import { TenureError } from '../../../errors/TenureError.js';

/** The code of {@link progressUnreadable}'s error. */
export const WORKER_PROGRESS_UNREADABLE = 'TENURE_WORKER_PROGRESS_UNREADABLE';

/**
 * The error of `runProjectionWorkers` when its own question on the run's progress (`what`: the
 * log's head, the checkpoints) failed twice, the second time with `error` (the driver's, kept as
 * `cause`): the workers are fine, but the run cannot tell whether they are done. Internal.
 */
export function progressUnreadable(what: string, error: unknown): TenureError {
  const code = (error as { code?: unknown } | null)?.code;
  return new TenureError(
    WORKER_PROGRESS_UNREADABLE,
    `runProjectionWorkers: could not read ${what}: PostgreSQL failed twice (${errorMessage(error)}${typeof code === 'string' ? `, ${code}` : ''}). The workers stopped after their round, and the batches they wrote are kept. Check that the server runs and that the schema is the log's, then run it again: the workers go on from the checkpoints.`,
    { cause: error },
  );
}
