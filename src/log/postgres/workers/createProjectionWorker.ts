import { joinProjection } from './joinProjection.js';
import type { ProjectionWorker, ProjectionWorkerOptions } from './ProjectionWorker.js';
import { createPartitionLeases, leaseKeys } from './partitionLeases.js';
import { createPopulationModelKeeper } from './populationModelKeeper.js';
import { projectRound, type RoundScope } from './projectRound.js';
import { resolveWorkerOptions } from './resolveWorkerOptions.js';
import { createWorkerRounds } from './workerRounds.js';

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
  const { schemaName, schema, projection, partitions, workerId, asOf } = settings;
  const keys = leaseKeys(schemaName, projection, partitions);
  const { connections, slot } = await joinProjection(API, options, settings, keys.memberKey);
  const { client, reader } = connections;
  const leases = createPartitionLeases(client, keys, partitions, slot);
  const population = {
    client,
    api: API,
    schemaName,
    schema,
    projection,
    partitions,
    asOf,
    settings: settings.valuation,
  };
  const keeper = createPopulationModelKeeper(population);
  const scope: RoundScope = {
    connections,
    leases,
    batches: {
      client,
      reader,
      schema,
      projection,
      partitions,
      batchSize: settings.batchSize,
      memberKey: keys.memberKey,
    },
    folding: {
      lifecycle: settings.lifecycle,
      asOf,
      settings: settings.valuation,
      valuing: settings.valuing,
      currentUpTo: () => keeper.currentUpTo(),
    },
    keeper,
    population,
  };
  return createWorkerRounds({
    api: API,
    workerId,
    pollIntervalMs: settings.pollIntervalMs,
    connections,
    leases,
    round: () => projectRound(scope),
  });
}
