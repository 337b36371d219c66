import { setTimeout as sleep } from 'node:timers/promises';
import type pg from 'pg';
import { normalizeTime } from '../../../events/normalizeTime.js';
import { createProjectionWorker } from './createProjectionWorker.js';
import { createOwnPool } from './ownPool.js';
import type { ProjectionWorker, ProjectionWorkerOptions } from './ProjectionWorker.js';
import { VALUATION_EVENTS } from './populationModelKeeper.js';
import { progressUnreadable } from './progressUnreadable.js';
import { resolveRunOptions } from './resolveRunOptions.js';

/** Options of {@link runProjectionWorkers}: those of every worker, plus how many and how long. */
export interface RunProjectionWorkersOptions
  extends Omit<ProjectionWorkerOptions, 'pool' | 'workerId'> {
  readonly connectionString: string;
  /** Workers in this process, each with its own connection. Default: 1. */
  readonly workers?: number;
  /**
   * Keep polling for new events (every `pollIntervalMs` while caught up) until `signal` aborts,
   * then return what the run did. Default: false: return once every partition's checkpoint has
   * reached the log's head as it was at the start.
   */
  readonly follow?: boolean;
  /**
   * Stops the run: the workers finish the round under way (its batches written) and poll no
   * more, and the run resolves with what it did. Already aborted, the run opens no connection
   * and resolves at once with nothing done (`position` 0). Default: none.
   */
  readonly signal?: AbortSignal;
}

/** What {@link runProjectionWorkers} did. */
export interface ProjectionWorkersResult {
  /** Events covered by the checkpoints moved in this run. */
  readonly events: number;
  /** Customer projections written (a customer counts once per batch it appeared in). */
  readonly customers: number;
  /** Customer valuations (churn risk, CLV) written, counted like `customers`. */
  readonly valued: number;
  /**
   * The log position every partition's checkpoint has reached when the run ends: without
   * `follow`, the log's head at the start or later; 0 when a partition has no checkpoint yet,
   * or when `signal` was aborted before the call (nothing was read).
   */
  readonly position: number;
}

/**
 * Runs `workers` projection workers in this process until the table `tenure_customer_states`
 * has caught up with the log (or, with `follow`, until `signal` aborts). Start it in several
 * processes or machines to share the partitions among all of them. This is what
 * `tenure project --workers N` calls. When one of its workers fails (its connection lost:
 * `TENURE_WORKER_CONNECTION_LOST`; its lifecycle throwing: `TENURE_MACHINE_FAILED`), the others
 * finish their round and stop, and then it rejects with that error: nothing of the run goes on
 * after it, and a new run goes on from the checkpoints. Its own reads of the log's head and the
 * checkpoints are tried twice; failing twice, the workers stop as above and it rejects with
 * `TENURE_WORKER_PROGRESS_UNREADABLE`. It resolves or rejects once every connection it opened
 * is closed.
 *
 * @example
 * ```ts
 * const { events, position } = await runProjectionWorkers({
 *   connectionString: process.env.DATABASE_URL!, asOf: '2024-12-31', workers: 2,
 * });
 * ```
 */
export async function runProjectionWorkers(
  options: RunProjectionWorkersOptions,
): Promise<ProjectionWorkersResult> {
  const { count, follow, signal, workerOptions, schema, projection, partitions, pollIntervalMs } =
    resolveRunOptions(options);
  // Aborted already: nothing to start, and no connection to open only to close it again. It
  // resolves as an aborted run does, with what it did (nothing); it read no checkpoint: 0.
  if (signal?.aborted === true) return { events: 0, customers: 0, valued: 0, position: 0 };
  const first = await createProjectionWorker({ ...workerOptions, workerId: 'w0' });
  const workers = [first];
  try {
    for (let i = 1; i < count; i++) {
      workers.push(
        await createProjectionWorker({ ...workerOptions, workerId: `w${i}`, migrate: false }),
      );
    }
  } catch (error) {
    await Promise.all(workers.map((worker) => worker.stop()));
    throw error;
  }
  // The first failure stops the other workers (their rounds end, they poll no more), so that
  // nothing of the run goes on once it has rejected.
  const stopping = new AbortController();
  const abort = () => stopping.abort();
  // Aborted while the workers were created (the cast: TypeScript keeps the narrowing of the
  // check above across those awaits).
  if ((signal as AbortSignal | undefined)?.aborted === true) abort();
  signal?.addEventListener('abort', abort, { once: true });
  const together = async (runs: Promise<void>[]): Promise<void> => {
    const settled = await Promise.allSettled(
      runs.map((run) =>
        run.catch((error: unknown) => {
          abort();
          throw error;
        }),
      ),
    );
    const failed = settled.find((result) => result.status === 'rejected');
    if (failed !== undefined) throw failed.reason;
  };
  // One connection, queries queued: the workers ask it in turn. A pool, so that a connection
  // lost while idle between questions is replaced for the next one.
  const watching = createOwnPool({
    connectionString: options.connectionString,
    max: 1,
    application_name: 'tenure runProjectionWorkers',
  });
  const ask = askingAgain(watching.pool);
  let events = 0;
  let customers = 0;
  let valued = 0;
  /** Runs `worker`'s rounds while `more()` says so, counting what they did. */
  const rounds = async (worker: ProjectionWorker, more: () => Promise<boolean>) => {
    while (!stopping.signal.aborted && (await more())) {
      const round = await worker.runOnce();
      events += round.events;
      customers += round.customers;
      valued += round.valued;
      if (follow) {
        // Caught up, or nothing to do among its partitions: wait for new events.
        if (round.caughtUp || (round.events === 0 && round.valued === 0)) {
          await sleep(pollIntervalMs, undefined, { signal: stopping.signal }).catch(
            () => undefined,
          );
        }
      } else if (round.events === 0) {
        // Nothing to do here while others finish their partitions: wait a little.
        await sleep(20);
      }
    }
  };
  try {
    if (follow) {
      await together(workers.map((worker) => rounds(worker, async () => true)));
    } else {
      const behind = await catchingUp(ask, schema, projection, partitions, options);
      await together(workers.map((worker) => rounds(worker, behind)));
    }
    // Where every partition's checkpoint is: the head as it was at the start, or later.
    const reached = await ask<{ p: string | null }>(
      checkpointsOf(schema, projection),
      `SELECT CASE WHEN count(*) = $2 THEN min(position) END AS p
       FROM ${schema}.tenure_projection_checkpoints WHERE projection = $1 AND partitions = $2`,
      [projection, partitions],
    );
    return { events, customers, valued, position: Number(reached.rows[0]?.p ?? 0) };
  } finally {
    signal?.removeEventListener('abort', abort);
    // Resolved once every connection of the run is closed: a caller may drop the schema next.
    await Promise.all([
      watching.end().catch(() => undefined),
      ...workers.map((worker) => worker.stop()),
    ]);
  }
}

/**
 * Whether the table is still behind the log as it is now: some partition's checkpoint before
 * the head, or (with churn or clv) not valued by a fit that saw the last valuation event up to
 * the head.
 */
async function catchingUp(
  ask: Ask,
  schema: string,
  projection: string,
  partitions: number,
  options: RunProjectionWorkersOptions,
): Promise<() => Promise<boolean>> {
  const head = Number(
    (
      await ask<{ p: string }>(
        `the log's head (${schema}.tenure_head)`,
        `SELECT position AS p FROM ${schema}.tenure_head`,
      )
    ).rows[0]?.p ?? 0,
  );
  const valuing = options.churn !== false || options.clv !== false;
  const lastValuationEvent = valuing
    ? Number(
        (
          await ask<{ p: string }>(
            `the last event that changes the valuation (${schema}.tenure_events)`,
            `SELECT coalesce(max(position), 0) AS p FROM ${schema}.tenure_events
             WHERE position <= $1 AND at <= $2 AND ${VALUATION_EVENTS}`,
            [head, normalizeTime(options.asOf) ?? 0],
          )
        ).rows[0]?.p ?? 0,
      )
    : null;
  return async () => {
    const result = await ask<{ n: string }>(
      checkpointsOf(schema, projection),
      `SELECT count(*) AS n FROM ${schema}.tenure_projection_checkpoints
       WHERE projection = $1 AND partitions = $2 AND position >= $3
         AND ($4::bigint IS NULL OR valued_position >= $4)`,
      [projection, partitions, head, lastValuationEvent],
    );
    return Number(result.rows[0]?.n ?? 0) < partitions;
  };
}

/** The projection's checkpoints, as an error names what it could not read. */
function checkpointsOf(schema: string, projection: string): string {
  return `the checkpoints of projection ${JSON.stringify(projection)} (${schema}.tenure_projection_checkpoints)`;
}

/** Asks the watcher a question: what it reads, in words, then the SQL and its values. */
type Ask = <R extends pg.QueryResultRow>(
  what: string,
  text: string,
  values?: unknown[],
) => Promise<pg.QueryResult<R>>;

/**
 * Asks `pool`, and once more when the first try fails: the questions only read, and a
 * connection broken under one (the server terminated it, a network failure) would otherwise
 * fail the run while its workers are fine; the pool answers the second on a new connection. A
 * question that fails again (the server down, the schema gone) fails the run with
 * `TENURE_WORKER_PROGRESS_UNREADABLE`, naming what it read, the driver's error as its cause.
 */
function askingAgain(pool: pg.Pool): Ask {
  return async (what, text, values) => {
    try {
      return await pool.query(text, values);
    } catch {
      try {
        return await pool.query(text, values);
      } catch (error) {
        throw progressUnreadable(what, error);
      }
    }
  };
}
