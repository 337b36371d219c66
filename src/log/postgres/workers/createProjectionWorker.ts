import { setTimeout as sleep } from 'node:timers/promises';
import { isTenureError, TenureError } from '../../../errors/TenureError.js';
import { unknownOption } from '../../../errors/unknownOption.js';
import type { CustomerState } from '../../../projection/CustomerState.js';
import type { CustomerValuation } from '../../../valuation/index.js';
import { parsePostgresEventTuples } from '../postgresEventTuple.js';
import { connectionLost } from './connectionLost.js';
import type { PopulationModels } from './fitPopulationModels.js';
import { joinProjection } from './joinProjection.js';
import type {
  ProjectionRound,
  ProjectionWorker,
  ProjectionWorkerOptions,
} from './ProjectionWorker.js';
import {
  type PartitionBatch,
  type PartitionBatchScope,
  readPartitionBatch,
  writePartitionBatch,
} from './partitionBatch.js';
import { createPartitionLeases, leaseKeys } from './partitionLeases.js';
import { createPopulationModelKeeper } from './populationModelKeeper.js';
import { resolveWorkerOptions } from './resolveWorkerOptions.js';
import { valuationRow, valuePartition } from './valuePartition.js';
import { valueStreams } from './valueStreams.js';

const API = 'createProjectionWorker';

/**
 * Starts a projection worker. Run one or several per machine, on as many machines as you like,
 * with the same `schema`, `projection`, `partitions`, `lifecycle` and `asOf`: they share the
 * customer partitions fairly (each takes at most `ceil(partitions / live workers)`), and when
 * one dies its leases vanish with its connection and the others take its partitions over from
 * their checkpoints. Applications read the result with SQL from `tenure_customer_states`.
 *
 * Each round, per leased partition: read in one statement (one snapshot) the partition's next
 * events after its checkpoint (at most `batchSize`, skipping customers whose row already
 * covers them) and the whole stream of every customer among them up to the log's head; fold
 * them (so late events land where they belong, and a customer is folded once while the
 * partition catches up, not once per batch); then, in one transaction on the connection that
 * holds the lease, upsert those customers' rows and move the checkpoint. A crash rolls the
 * write back. The next partition's batch is read while this one is folded and written.
 *
 * With `churn` and `clv` (the default), each round first makes sure the population's models
 * are fitted on the log as it is (`tenure_population_models`: the first worker to find them
 * missing or out of date takes an advisory lock and fits them from the database's per-customer
 * summary; the others wait for its row), and each caught-up partition whose customers were
 * written since, or valued with an older fit, is valued again: churn risk, P(alive), CLV and
 * expected purchases, as `project(log, { asOf, churn, clv })` gives them in one process.
 *
 * @example
 * ```ts
 * import { createProjectionWorker } from 'tenure/postgres';
 *
 * const worker = await createProjectionWorker({
 *   connectionString: process.env.DATABASE_URL, asOf: '2024-12-31', partitions: 16,
 * });
 * const controller = new AbortController();
 * process.on('SIGTERM', () => controller.abort());
 * await worker.run({ signal: controller.signal });
 * // SELECT customer_id, stage, churn_risk, clv_total FROM tenure.tenure_customer_states
 * //   WHERE projection = 'default' AND churn_band = 'high' ORDER BY clv_total DESC
 * ```
 */
export async function createProjectionWorker(
  options: ProjectionWorkerOptions,
): Promise<ProjectionWorker> {
  const settings = resolveWorkerOptions(API, options);
  const { schemaName, schema, workerId, asOf, lifecycle, valuing, pollIntervalMs } = settings;
  const projectionName = settings.projection;
  const partitionCount = settings.partitions;
  const batchSize = settings.batchSize;
  const keys = leaseKeys(schemaName, projectionName, partitionCount);
  const { memberKey } = keys;
  const { connections, slot } = await joinProjection(API, options, settings, memberKey);
  const { client, reader, owned } = connections;
  const leases = createPartitionLeases(client, keys, partitionCount, slot);

  let stopped = false;
  const job = {
    client,
    api: API,
    schemaName,
    schema,
    projection: projectionName,
    partitions: partitionCount,
    asOf,
    settings: settings.valuation,
  };
  const keeper = createPopulationModelKeeper(job);

  const batchScope: PartitionBatchScope = {
    client,
    reader,
    schema,
    projection: projectionName,
    partitions: partitionCount,
    batchSize,
    memberKey,
  };

  const onClient: PartitionBatchScope = { ...batchScope, reader: client };
  /**
   * Starts reading a partition's batch, apart from the client or on it; its rejection surfaces
   * where it is awaited.
   */
  const startReading = (partition: number, apart: boolean): Promise<PartitionBatch> => {
    const read = readPartitionBatch(apart ? batchScope : onClient, partition);
    // Not reported as unhandled while this process folds and writes the batch before it.
    read.catch(() => undefined);
    return read;
  };

  /**
   * Folds the customers of a batch with their whole streams up to the head (so that their later
   * events in the partition are done too: catching up folds each customer once, not once per
   * batch) and values them, giving the rows to write.
   */
  const foldBatch = async (batch: PartitionBatch, population: PopulationModels | undefined) => {
    // A partition without rows yet is valued with any fit: its batches value what they write.
    const valuedPosition =
      batch.checkpoint === 0 ? population?.position : batch.savedValuedPosition;
    let valuedNow: readonly CustomerValuation[] | undefined;
    let rowsJson: string | undefined;
    let gone: string[] = [];
    if (batch.customers.length > 0) {
      const events = batch.streams.flatMap((stream) => parsePostgresEventTuples(stream));
      const projection = await lifecycle.project(events, { asOf });
      // Valued here with the population's models when they describe the log up to this
      // batch; otherwise NULL until the partition is valued again (valued_position NULL).
      // Catching up folds (and so values) each customer once, since its row then covers its
      // later events: no second pass over the partition to value it.
      valuedNow =
        valuing &&
        population !== undefined &&
        valuedPosition === population.position &&
        batch.upTo <= keeper.currentUpTo()
          ? valueStreams(events, projection.customers, population, settings.valuation, asOf)
          : undefined;
      const rows = projection.customers.map((state, i) => ({
        ...stateRow(state, batch.partition),
        ...(valuedNow === undefined
          ? {}
          : valuationRow(state.customerId, valuedNow[i] as CustomerValuation, settings.valuation)),
      }));
      rowsJson = JSON.stringify(rows);
      // Customers whose events all fall after asOf (or were voided) have no state.
      const projected = new Set(projection.customers.map((state) => state.customerId));
      gone = batch.customers.filter((id) => !projected.has(id));
    }
    // States written and not valued with the partition's fit: it needs valuing again.
    const stillValued =
      batch.customers.length === 0 ||
      (valuedNow !== undefined && valuedPosition === population?.position)
        ? valuedPosition
        : undefined;
    return {
      write: {
        partition: batch.partition,
        rowsJson,
        gone,
        head: batch.head,
        upTo: batch.upTo,
        valuedPosition: stillValued,
      },
      caughtUp: batch.upTo >= batch.head,
      /** The fit position the partition's rows are valued with; undefined: not valued. */
      valuedPosition: stillValued,
      /** Customers valued with the batch. */
      valued: valuedNow?.length ?? 0,
    };
  };

  /** Set once a connection of the worker is lost: every later round throws it. */
  let lost: TenureError | undefined;

  const round = async (): Promise<ProjectionRound> => {
    await leases.rebalance(await leases.liveWorkers());
    const order = worker.partitions();
    // The first batch is read while the population's models are fitted (or loaded).
    let reading: Promise<PartitionBatch> | undefined =
      order.length > 0 && connections.readsApart()
        ? startReading(order[0] as number, true)
        : undefined;
    // Fitted (or loaded, once another worker has fitted) before the partitions.
    const population = valuing ? await keeper.current() : undefined;
    if (reading === undefined && order.length > 0) {
      reading = startReading(order[0] as number, connections.readsApart());
    }
    let events = 0;
    let customers = 0;
    let valued = 0;
    let caughtUp = true;
    const toValue: number[] = [];
    // A pipeline: the next partition's batch is read (on the reading connection) while this
    // process folds the current one and the lease's connection writes the one before, so the
    // database and the fold work at the same time. Partitions are independent (a customer
    // lives in one), and each comes once a round, its write done before the next round.
    let writing: Promise<void> = Promise.resolve();
    let index = 0;
    try {
      while (reading !== undefined) {
        const batch = await reading;
        reading = undefined;
        // Workers that joined since the round began get their share before the next batch.
        if (leases.size !== Math.ceil(partitionCount / batch.workers)) {
          await writing;
          await leases.rebalance(batch.workers);
        }
        index++;
        while (index < order.length && !leases.has(order[index] as number)) index++;
        const following = order[index];
        // On one connection (a pool of one, or one whose every client is held), one query
        // at a time: read after the write.
        const shared = !connections.readsApart();
        const readNext = () => {
          if (following !== undefined) reading = startReading(following, !shared);
        };
        if (!shared) readNext();
        if (leases.has(batch.partition)) {
          const done = await foldBatch(batch, population);
          // A partition without new events still moves its checkpoint to the head (and gets
          // one at all): runProjectionWorkers waits for every partition's to reach the head.
          if (batch.events > 0 || !batch.saved || batch.checkpoint < batch.upTo) {
            await writing;
            writing = writePartitionBatch(batchScope, done.write);
            writing.catch(() => undefined);
          }
          events += batch.events;
          customers += batch.customers.length;
          valued += done.valued;
          let valuedNow = !valuing;
          if (valuing && done.caughtUp && population !== undefined) {
            if (done.valuedPosition !== population.position) toValue.push(batch.partition);
            valuedNow = true;
          }
          caughtUp &&= done.caughtUp && valuedNow;
        }
        if (shared) {
          await writing;
          readNext();
        }
      }
    } finally {
      // Never leave a write running on the connection (nor a read unawaited).
      await Promise.allSettled([writing, reading]);
    }
    await writing;
    for (const partition of toValue) {
      if (leases.has(partition) && population !== undefined) {
        valued += await valuePartition(job, partition, population);
      }
    }
    return { partitions: worker.partitions(), events, customers, valued, caughtUp };
  };

  /** The rounds asked for, each after the one before; settled once the last has. */
  let rounds: Promise<void> = Promise.resolve();
  let stopping: Promise<void> | undefined;
  /** Aborted by stop(): ends `run`'s loop and its wait for new events. */
  const halt = new AbortController();

  const stoppedError = () =>
    new TenureError(
      'TENURE_WORKER_STOPPED',
      `${API}: worker ${workerId} is stopped; create a new one with createProjectionWorker.`,
    );

  const guardedRound = async (): Promise<ProjectionRound> => {
    if (lost !== undefined) throw lost;
    if (stopped) throw stoppedError();
    try {
      return await round();
    } catch (error) {
      // A lifecycle's failure, a refused option: the connections are fine.
      if (isTenureError(error)) throw error;
      lost = await connectionLost(API, workerId, error, owned, connections.brokeUnderRead(error));
      if (lost === undefined) throw error;
      // Stopped before it rejects, its connections closed (not worker.stop(), which would
      // wait for this very round).
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

function stateRow(state: CustomerState, partition: number) {
  return {
    customer_id: state.customerId,
    partition,
    stage: state.stage,
    stage_entered_at: state.stageEnteredAt,
    machines: state.machines,
    history: state.history,
    facts: state.facts,
  };
}
