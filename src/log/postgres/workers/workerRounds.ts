import { setTimeout as sleep } from 'node:timers/promises';
import { isTenureError, TenureError } from '../../../errors/TenureError.js';
import { unknownOption } from '../../../errors/unknownOption.js';
import { connectionLost } from './connectionLost.js';
import type { ProjectionRound, ProjectionWorker } from './ProjectionWorker.js';
import type { PartitionLeases } from './partitionLeases.js';
import { checkSignalOption } from './resolveWorkerOptions.js';
import type { WorkerConnections } from './workerConnections.js';

/** What {@link createWorkerRounds} schedules and stops. Internal. */
export interface WorkerRoundsScope {
  /** The API named in the worker's errors. */
  readonly api: string;
  readonly workerId: string;
  /** Wait between rounds of `run` that found nothing new, in ms. */
  readonly pollIntervalMs: number;
  readonly connections: WorkerConnections;
  readonly leases: PartitionLeases;
  /** One round on the worker's connections (`projectRound`). */
  round(): Promise<ProjectionRound>;
}

/**
 * The worker handed to the caller, around its round: rounds one at a time (a call made during
 * a round waits its turn), `run`'s loop with its polling, and `stop`, which lets a round in
 * progress finish before it closes the connections. A round that fails because a connection of
 * the worker was lost stops the worker before it rejects with `TENURE_WORKER_CONNECTION_LOST`;
 * every later round throws that error. Internal.
 */
export function createWorkerRounds(scope: WorkerRoundsScope): ProjectionWorker {
  const { api, workerId, pollIntervalMs, connections, leases } = scope;
  let stopped = false;
  /** Set once a connection of the worker is lost: every later round throws it. */
  let lost: TenureError | undefined;
  /** The rounds asked for, each after the one before; settled once the last has. */
  let rounds: Promise<void> = Promise.resolve();
  let stopping: Promise<void> | undefined;
  /** Aborted by stop(): ends `run`'s loop and its wait for new events. */
  const halt = new AbortController();

  const stoppedError = () =>
    new TenureError(
      'TENURE_WORKER_STOPPED',
      `${api}: worker ${workerId} is stopped; create a new one with createProjectionWorker.`,
    );

  const guardedRound = async (): Promise<ProjectionRound> => {
    if (lost !== undefined) throw lost;
    if (stopped) throw stoppedError();
    try {
      return await scope.round();
    } catch (error) {
      // A lifecycle's failure, a refused option: the connections are fine.
      if (isTenureError(error)) throw error;
      lost = await connectionLost(
        api,
        workerId,
        error,
        connections.owned,
        connections.brokeUnderRead(error),
      );
      if (lost === undefined) throw error;
      // Stopped before it rejects, its connections closed (not stop(), which would wait for
      // this very round).
      stopped = true;
      halt.abort();
      leases.forget();
      await connections.close();
      throw lost;
    }
  };

  const worker: ProjectionWorker = {
    workerId,
    partitions: () => leases.partitions(),
    runOnce(): Promise<ProjectionRound> {
      // One round at a time on the worker's connection: a call made meanwhile waits its turn.
      const current = rounds.then(guardedRound);
      rounds = current.then(ignore, ignore);
      return current;
    },
    async run(runOptions = {}) {
      const unknownRun = unknownOption('worker.run', runOptions, ['signal']);
      if (unknownRun !== undefined) throw new TenureError('TENURE_INVALID_OPTION', unknownRun);
      const { signal } = runOptions;
      // Checked before the run starts: a bad one would fail it midway, the worker not stopped.
      checkSignalOption('worker.run', signal);
      // Refused on a stopped worker, as runOnce is; stop() during the run ends it instead.
      if (lost !== undefined) throw lost;
      if (stopped) throw stoppedError();
      // stop() ends the run as the signal does: the wait for new events is cut short.
      const waits = signal === undefined ? halt.signal : AbortSignal.any([signal, halt.signal]);
      try {
        while (!waits.aborted) {
          let round: ProjectionRound;
          try {
            round = await worker.runOnce();
          } catch (error) {
            // stop() called before this round began: the run ends, as it asked.
            if (lost === undefined && isTenureError(error, 'TENURE_WORKER_STOPPED')) break;
            throw error;
          }
          // Caught up, or no work among the partitions it holds.
          const idle = round.caughtUp || (round.events === 0 && round.valued === 0);
          if (idle && pollIntervalMs > 0) {
            await sleep(pollIntervalMs, undefined, { signal: waits }).catch(() => undefined);
          }
        }
      } finally {
        await worker.stop();
      }
    },
    stop() {
      stopping ??= (async () => {
        stopped = true;
        halt.abort();
        // A round in progress finishes (its batch written or rolled back) before the close.
        await rounds;
        leases.forget();
        await connections.close();
      })();
      return stopping;
    },
  };
  return worker;
}

function ignore(): undefined {
  return undefined;
}
