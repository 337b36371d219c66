import { type BatchFolding, foldPartitionBatch } from './foldPartitionBatch.js';
import type { ProjectionRound } from './ProjectionWorker.js';
import {
  type PartitionBatch,
  type PartitionBatchScope,
  readPartitionBatch,
  writePartitionBatch,
} from './partitionBatch.js';
import type { PartitionLeases } from './partitionLeases.js';
import type { PopulationModelKeeper, PopulationScope } from './populationModelKeeper.js';
import { valuePartition } from './valuePartition.js';
import type { WorkerConnections } from './workerConnections.js';

/** What one worker's rounds work with, made once when the worker starts. Internal. */
export interface RoundScope {
  readonly connections: WorkerConnections;
  readonly leases: PartitionLeases;
  /** Where batches are read apart from the leases' connection, and written on it. */
  readonly batches: PartitionBatchScope;
  readonly folding: BatchFolding;
  readonly keeper: PopulationModelKeeper;
  /** The projection as the population's models value it (`valuePartition`'s job). */
  readonly population: PopulationScope;
}

/**
 * One round of a worker: rebalances its leases, then reads, folds and writes one batch of each
 * leased partition, and values the caught-up partitions valued with an older fit. Not to be
 * called while another round of the worker runs (they share its connection). Internal.
 */
export async function projectRound(scope: RoundScope): Promise<ProjectionRound> {
  const { connections, leases, batches, folding, keeper } = scope;
  const { valuing } = folding;
  const onClient: PartitionBatchScope = { ...batches, reader: connections.client };
  /**
   * Starts reading a partition's batch, apart from the client or on it; its rejection surfaces
   * where it is awaited.
   */
  const startReading = (partition: number, apart: boolean): Promise<PartitionBatch> => {
    const read = readPartitionBatch(apart ? batches : onClient, partition);
    // Not reported as unhandled while this process folds and writes the batch before it.
    read.catch(() => undefined);
    return read;
  };

  await leases.rebalance(await leases.liveWorkers());
  const order = leases.partitions();
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
      if (leases.size !== Math.ceil(batches.partitions / batch.workers)) {
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
        const done = await foldPartitionBatch(folding, batch, population);
        // A partition without new events still moves its checkpoint to the head (and gets
        // one at all): runProjectionWorkers waits for every partition's to reach the head.
        if (batch.events > 0 || !batch.saved || batch.checkpoint < batch.upTo) {
          await writing;
          writing = writePartitionBatch(batches, done.write);
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
      valued += await valuePartition(scope.population, partition, population);
    }
  }
  return { partitions: leases.partitions(), events, customers, valued, caughtUp };
}
