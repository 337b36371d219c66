import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import pg, { type ClientBase, type PoolClient } from 'pg';
import { TenureError } from '../../../errors/TenureError.js';
import { normalizeTime } from '../../../events/normalizeTime.js';
import type { CustomerState } from '../../../projection/CustomerState.js';
import { createLifecycle } from '../../../projection/createLifecycle.js';
import type { CustomerValuation } from '../../../valuation/index.js';
import { resolveValuationSettings } from '../../../valuation/ValuationOptions.js';
import { migratePostgresLog } from '../migratePostgresLog.js';
import { parsePostgresEventTuples } from '../postgresEventTuple.js';
import { DEFAULT_POSTGRES_SCHEMA, quotePostgresSchema } from '../postgresSchemaName.js';
import type { PopulationModels } from './fitPopulationModels.js';
import type {
  ProjectionRound,
  ProjectionWorker,
  ProjectionWorkerOptions,
} from './ProjectionWorker.js';
import { createPopulationModelKeeper } from './populationModelKeeper.js';
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
 * Each round, per leased partition, in one REPEATABLE READ transaction on the connection that
 * holds the lease: take the partition's next events after its checkpoint (at most `batchSize`,
 * skipping customers whose row already covers them), fold again the whole stream of every
 * customer among them up to the log's head (so late events land where they belong, and a
 * customer is folded once while the partition catches up, not once per batch), upsert those
 * customers' rows and move the checkpoint. A crash rolls all of it back.
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
  const schemaName = options.schema ?? DEFAULT_POSTGRES_SCHEMA;
  const schema = quotePostgresSchema(API, schemaName);
  const projectionName = options.projection ?? 'default';
  const partitionCount = options.partitions ?? 16;
  const batchSize = options.batchSize ?? 5_000;
  const pollIntervalMs = options.pollIntervalMs ?? 1_000;
  const workerId = options.workerId ?? `worker-${randomBytes(4).toString('hex')}`;
  checkInteger('partitions', partitionCount, 1, 1 << 20);
  checkInteger('batchSize', batchSize, 1, 1e7);
  checkInteger('pollIntervalMs', pollIntervalMs, 0, 3_600_000);
  if (options.asOf === undefined) {
    throw new TenureError(
      'TENURE_INVALID_OPTION',
      `${API}: asOf is required (every worker must project as of the same time), e.g. { asOf: '2024-12-31' }.`,
    );
  }
  const asOf = normalizeTime(options.asOf);
  if (asOf === undefined) {
    throw new TenureError(
      'TENURE_INVALID_OPTION',
      `${API}: asOf ${JSON.stringify(options.asOf)} is not a time; use epoch ms, an ISO-8601 string with a zone or a Date.`,
    );
  }
  if (options.pool === undefined && typeof options.connectionString !== 'string') {
    throw new TenureError(
      'TENURE_INVALID_OPTION',
      `${API}: pass { pool } (a pg.Pool) or { connectionString } (e.g. "postgres://user@host/db").`,
    );
  }
  const lifecycle = createLifecycle(options.lifecycle);
  const settings = resolveValuationSettings(API, options.churn ?? true, options.clv ?? true);
  const valuing = settings.churn || settings.clv;

  let client: ClientBase;
  let release: () => void;
  if (options.pool !== undefined) {
    if (options.migrate !== false) {
      await migratePostgresLog({
        pool: options.pool,
        schema: schemaName,
        partitions: partitionCount,
      });
    }
    const pooled: PoolClient = await options.pool.connect();
    client = pooled;
    // Destroyed, not returned: the session's advisory locks must end with it.
    release = () => pooled.release(true);
  } else {
    const own = new pg.Client({ connectionString: options.connectionString });
    await own.connect();
    client = own;
    release = () => void own.end().catch(() => undefined);
    if (options.migrate !== false) {
      const pool = new pg.Pool({ connectionString: options.connectionString, max: 1 });
      try {
        await migratePostgresLog({ pool, schema: schemaName, partitions: partitionCount });
      } finally {
        await pool.end();
      }
    }
  }
  client.on('error', () => undefined); // the next query reports it
  await client.query(`SELECT set_config('application_name', $1, false)`, [
    `tenure ${workerId}`.slice(0, 63),
  ]);

  const scope = `${schemaName}:${projectionName}:${partitionCount}`;
  const partitionKey = `tenure:partitions:${scope}`;
  const memberKey = `tenure:workers:${scope}`;
  // Membership: one advisory lock per live worker, so that each can count the others.
  let slot = -1;
  for (let candidate = 0; slot < 0; candidate++) {
    const taken = await client.query<{ ok: boolean }>(
      'SELECT pg_try_advisory_lock(hashtext($1), $2) AS ok',
      [memberKey, candidate],
    );
    if (taken.rows[0]?.ok === true) slot = candidate;
  }

  const held = new Set<number>();
  let stopped = false;
  const job = {
    client,
    api: API,
    schemaName,
    schema,
    projection: projectionName,
    partitions: partitionCount,
    asOf,
    settings,
  };
  const keeper = createPopulationModelKeeper(job);

  const liveWorkers = async (): Promise<number> => {
    const result = await client.query<{ n: string }>(
      `SELECT count(*) AS n FROM pg_locks
       WHERE locktype = 'advisory' AND granted AND objsubid = 2
         AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
         AND classid::bigint = (hashtext($1)::bigint + 4294967296) % 4294967296`,
      [memberKey],
    );
    return Math.max(1, Number(result.rows[0]?.n ?? 1));
  };

  const rebalance = async (): Promise<void> => {
    const share = Math.ceil(partitionCount / (await liveWorkers()));
    const start = (slot * share) % partitionCount;
    const preferred = Array.from(
      { length: partitionCount },
      (_, i) => (start + i) % partitionCount,
    );
    // Give back the partitions furthest from this worker's own range first.
    for (const partition of [...preferred].reverse()) {
      if (held.size <= share) break;
      if (!held.has(partition)) continue;
      await client.query('SELECT pg_advisory_unlock(hashtext($1), $2)', [partitionKey, partition]);
      held.delete(partition);
    }
    for (const partition of preferred) {
      if (held.size >= share) break;
      if (held.has(partition)) continue;
      const taken = await client.query<{ ok: boolean }>(
        'SELECT pg_try_advisory_lock(hashtext($1), $2) AS ok',
        [partitionKey, partition],
      );
      if (taken.rows[0]?.ok === true) held.add(partition);
    }
  };

  const projectPartition = async (
    partition: number,
    population: PopulationModels | undefined,
  ): Promise<{
    events: number;
    customers: number;
    caughtUp: boolean;
    /** The fit position the partition's rows are valued with; undefined: not valued. */
    valuedPosition: number | undefined;
    /** Customers valued with the batch. */
    valued: number;
  }> => {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ');
    try {
      const head = Number(
        (await client.query<{ p: string }>(`SELECT position AS p FROM ${schema}.tenure_head`))
          .rows[0]?.p ?? 0,
      );
      const saved = (
        await client.query<{ p: string; v: string | null }>(
          `SELECT position AS p, valued_position AS v FROM ${schema}.tenure_projection_checkpoints
           WHERE projection = $1 AND partitions = $2 AND partition = $3`,
          [projectionName, partitionCount, partition],
        )
      ).rows[0];
      const checkpoint = Number(saved?.p ?? 0);
      // A partition without rows yet is valued with any fit: its batches value what they write.
      const valuedPosition =
        checkpoint === 0 ? population?.position : saved?.v == null ? undefined : Number(saved.v);
      if (checkpoint >= head) {
        await client.query('COMMIT');
        return { events: 0, customers: 0, caughtUp: true, valuedPosition, valued: 0 };
      }
      // The partition's next events, and whether each customer's row already covers them: a
      // customer is folded with its whole stream up to the head, so that its later events in
      // the range are done too (catching up folds each customer once, not once per batch).
      // The range is spelled as row comparisons on the partition index's two columns, which
      // only that index can serve: given `position > $1` the planner prefers the primary key
      // (in physical order) and filters 15 rows of 16 out, reading the log once per partition
      // (62-92 ms against 20-25 ms a batch of 5,000, 16 partitions, 480k events).
      const key = `((e.customer_hash & 2147483647) % ${partitionCount}, e.position)`;
      const fresh = await client.query({
        text: `SELECT e.customer_id, e.position,
                 coalesce(s.updated_at_position >= e.position, false) AS covered
               FROM ${schema}.tenure_events e
               LEFT JOIN ${schema}.tenure_customer_states s
                 ON s.projection = $5 AND s.customer_id = e.customer_id
               WHERE ${key} > ($3::int, $1::int8) AND ${key} <= ($3::int, $2::int8)
               ORDER BY (e.customer_hash & 2147483647) % ${partitionCount}, e.position
               LIMIT $4`,
        values: [checkpoint, head, partition, batchSize, projectionName],
        rowMode: 'array',
      });
      const full = fresh.rows.length >= batchSize;
      const upTo = full ? Number(fresh.rows[fresh.rows.length - 1]?.[1]) : head;
      const customers = [
        ...new Set(fresh.rows.filter((row) => row[2] !== true).map((row) => row[0] as string)),
      ];
      let valuedNow: readonly CustomerValuation[] | undefined;
      if (customers.length > 0) {
        // One text per customer (its events' tuples, joined), parsed with one JSON.parse each:
        // no per-event row and column decoding, and no value near PostgreSQL's 1 GB cap.
        // (`position + 0`: found through the customers' streams index, never by scanning the
        // position index up to the head and filtering, which the planner may otherwise pick.)
        const streams = await client.query({
          text: `SELECT string_agg(event_tuple, ',' ORDER BY position)
                 FROM ${schema}.tenure_events
                 WHERE customer_id = ANY($1) AND position + 0 <= $2 GROUP BY customer_id`,
          values: [customers, head],
          rowMode: 'array',
        });
        const events = streams.rows.flatMap((row) => parsePostgresEventTuples(row[0] as string));
        const projection = await lifecycle.project(events, { asOf });
        // Valued here with the population's models when they describe the log up to this
        // batch; otherwise NULL until the partition is valued again (valued_position NULL).
        // Catching up folds (and so values) each customer once, since its row then covers its
        // later events: no second pass over the partition to value it.
        valuedNow =
          valuing &&
          population !== undefined &&
          valuedPosition === population.position &&
          upTo <= keeper.currentUpTo()
            ? valueStreams(events, projection.customers, population, settings, asOf)
            : undefined;
        const rows = projection.customers.map((state, i) => ({
          ...stateRow(state, partition),
          ...(valuedNow === undefined
            ? {}
            : valuationRow(state.customerId, valuedNow[i] as CustomerValuation, settings)),
        }));
        await client.query(
          `INSERT INTO ${schema}.tenure_customer_states AS s (projection, customer_id, partition,
             stage, stage_entered_at, machines, history, facts, churn_risk, p_alive, churn_band,
             churn_drivers, clv_historical, clv_residual, clv_total, clv_currency,
             expected_purchases, valuation_model, updated_at_position)
           SELECT $1, r.customer_id, r.partition, r.stage, r.stage_entered_at, r.machines,
             r.history, r.facts, r.churn_risk, r.p_alive, r.churn_band, r.churn_drivers,
             r.clv_historical, r.clv_residual, r.clv_total, r.clv_currency, r.expected_purchases,
             r.valuation_model, $3
           FROM jsonb_to_recordset($2::jsonb) AS r(customer_id text, partition integer,
             stage text, stage_entered_at double precision, machines jsonb, history jsonb,
             facts jsonb, churn_risk double precision, p_alive double precision,
             churn_band text, churn_drivers jsonb, clv_historical double precision,
             clv_residual double precision, clv_total double precision, clv_currency text,
             expected_purchases double precision, valuation_model text)
           ON CONFLICT (projection, customer_id) DO UPDATE SET partition = EXCLUDED.partition,
             stage = EXCLUDED.stage, stage_entered_at = EXCLUDED.stage_entered_at,
             machines = EXCLUDED.machines, history = EXCLUDED.history, facts = EXCLUDED.facts,
             churn_risk = EXCLUDED.churn_risk, p_alive = EXCLUDED.p_alive,
             churn_band = EXCLUDED.churn_band, churn_drivers = EXCLUDED.churn_drivers,
             clv_historical = EXCLUDED.clv_historical, clv_residual = EXCLUDED.clv_residual,
             clv_total = EXCLUDED.clv_total, clv_currency = EXCLUDED.clv_currency,
             expected_purchases = EXCLUDED.expected_purchases,
             valuation_model = EXCLUDED.valuation_model,
             updated_at_position = EXCLUDED.updated_at_position`,
          [projectionName, JSON.stringify(rows), head],
        );
        // Customers whose events all fall after asOf (or were voided) have no state.
        const projected = new Set(projection.customers.map((state) => state.customerId));
        const gone = customers.filter((id) => !projected.has(id));
        if (gone.length > 0) {
          await client.query(
            `DELETE FROM ${schema}.tenure_customer_states
             WHERE projection = $1 AND customer_id = ANY($2)`,
            [projectionName, gone],
          );
        }
      }
      // States written and not valued with the partition's fit: it needs valuing again.
      const stillValued =
        customers.length === 0 ||
        (valuedNow !== undefined && valuedPosition === population?.position)
          ? valuedPosition
          : undefined;
      await client.query(
        `INSERT INTO ${schema}.tenure_projection_checkpoints
           (projection, partitions, partition, position, valued_position, updated_at)
         VALUES ($1, $2, $3, $4, $5, now())
         ON CONFLICT (projection, partitions, partition)
         DO UPDATE SET position = EXCLUDED.position, valued_position = EXCLUDED.valued_position,
           updated_at = now()`,
        [projectionName, partitionCount, partition, upTo, stillValued ?? null],
      );
      await client.query('COMMIT');
      return {
        events: fresh.rows.length,
        customers: customers.length,
        caughtUp: upTo >= head,
        valuedPosition: stillValued,
        valued: valuedNow?.length ?? 0,
      };
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    }
  };

  const worker: ProjectionWorker = {
    workerId,
    partitions: () => [...held].sort((a, b) => a - b),
    async runOnce(): Promise<ProjectionRound> {
      if (stopped) {
        throw new TenureError(
          'TENURE_WORKER_STOPPED',
          `${API}: worker ${workerId} is stopped; create a new one with createProjectionWorker.`,
        );
      }
      await rebalance();
      // Fitted (or loaded) before the partitions: undefined while another worker fits.
      const population = valuing ? await keeper.current() : undefined;
      let events = 0;
      let customers = 0;
      let valued = 0;
      let caughtUp = true;
      for (const partition of worker.partitions()) {
        // Workers that joined since the round began get their share before the next batch.
        if (partition !== worker.partitions()[0]) await rebalance();
        if (!held.has(partition)) continue;
        const done = await projectPartition(partition, population);
        events += done.events;
        customers += done.customers;
        valued += done.valued;
        let valuedNow = !valuing;
        if (valuing && done.caughtUp && population !== undefined) {
          if (done.valuedPosition !== population.position) {
            valued += await valuePartition(job, partition, population);
          }
          valuedNow = true;
        }
        caughtUp &&= done.caughtUp && valuedNow;
      }
      return { partitions: worker.partitions(), events, customers, valued, caughtUp };
    },
    async run(runOptions = {}) {
      const { signal } = runOptions;
      try {
        while (signal?.aborted !== true) {
          const round = await worker.runOnce();
          // Caught up, or waiting for another worker's fit of the population's models.
          const idle = round.caughtUp || (round.events === 0 && round.valued === 0);
          if (idle && pollIntervalMs > 0) {
            await sleep(pollIntervalMs, undefined, { signal }).catch(() => undefined);
          }
        }
      } finally {
        await worker.stop();
      }
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      held.clear();
      release();
    },
  };
  return worker;
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

function checkInteger(name: string, value: number, min: number, max: number): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new TenureError(
      'TENURE_INVALID_OPTION',
      `${API}: ${name} must be an integer from ${min} to ${max}, got ${String(value)}.`,
    );
  }
}
