import type { ClientBase } from 'pg';
import { errorMessage } from '../../../errors/errorMessage.js';
import { TenureError } from '../../../errors/TenureError.js';

/** The code of {@link connectionLost}'s error. */
export const WORKER_CONNECTION_LOST = 'TENURE_WORKER_CONNECTION_LOST';

/**
 * Whether `error` (a round's failure) came from losing one of the worker's own connections, and
 * if so the error to throw instead. The driver's own errors do not say: the first is the
 * server's (`57P01` when it was terminated, or a socket error), the next `Client has encountered
 * a connection error and is not queryable`, without a code; so each connection is asked a
 * `SELECT 1`. A pool's clients are the pool's to replace: only connections the worker holds are
 * asked, and `brokeUnderRead` says whether one of the pool's others broke under a read (see
 * `createPoolReader`). Internal.
 */
export async function connectionLost(
  api: string,
  workerId: string,
  error: unknown,
  connections: readonly ClientBase[],
  brokeUnderRead = false,
): Promise<TenureError | undefined> {
  const probes = await Promise.allSettled(
    connections.map((connection) => connection.query('SELECT 1')),
  );
  if (!brokeUnderRead && probes.every((probe) => probe.status === 'fulfilled')) return undefined;
  const reason = errorMessage(error);
  const code = (error as { code?: unknown } | null)?.code;
  return new TenureError(
    WORKER_CONNECTION_LOST,
    `${api}: worker ${workerId} lost its connection to PostgreSQL (${reason}${typeof code === 'string' ? `, ${code}` : ''}); the batch it was writing was rolled back and its leases ended with the connection, so other workers take its partitions over from their checkpoints. Create a new worker with createProjectionWorker to go on: this one is stopped.`,
    { cause: error },
  );
}
