import type { Pool } from 'pg';
import type { Lifecycle, LifecycleOptions } from '../../../projection/createLifecycle.js';
import type { ChurnOptions, ClvOptions } from '../../../valuation/index.js';

/** Options of {@link createProjectionWorker}: a `pool` or a `connectionString`. */
export interface ProjectionWorkerOptions {
  /**
   * A `pg` pool; the worker holds one of its clients while it runs (its leases live on it, and
   * the batches are written there) and reads the next batches through the pool's other clients
   * meanwhile (with `max: 1`, or when every client is taken, e.g. by as many workers as `max`,
   * on the held one, one after the other). The pool stays yours: `stop()` never ends it.
   */
  readonly pool?: Pool;
  /** Used when no `pool` is given: the worker opens two connections (leases and writes; reads). */
  readonly connectionString?: string;
  /** The log's schema. Default: `tenure`. */
  readonly schema?: string;
  /** Name of the projection in `tenure_customer_states` and the checkpoints. Default: `default`. */
  readonly projection?: string;
  /**
   * The lifecycle to project, made by `createLifecycle` (as `projectWithValues` takes it):
   * `createLifecycle({ definition: fiveStageLifecycle })`. `createLifecycle`'s options
   * (`{ definition, input }`), the option's first form, are still taken and make the same
   * projection. Default: `createLifecycle()`.
   */
  readonly lifecycle?: Lifecycle | LifecycleOptions;
  /**
   * The time the table describes (epoch ms, ISO-8601 with a zone, or `Date`). Required: a
   * projection is a pure function of the log and `asOf`, and every worker must use the same.
   */
  readonly asOf: number | string | Date;
  /**
   * Each customer's churn risk and P(alive) in the table (`churn_risk`, `p_alive`, `churn_band`,
   * `churn_drivers`), as `project(log, { asOf, churn })` gives them; `false` leaves them NULL.
   * Default: `true` (the defaults of {@link ChurnOptions}).
   */
  readonly churn?: boolean | ChurnOptions;
  /**
   * Each customer's lifetime value (`clv_historical`, `clv_residual`, `clv_total`,
   * `clv_currency`, `expected_purchases`), as `project(log, { asOf, clv })` gives it; `false`
   * leaves them NULL. Default: `true` (the defaults of {@link ClvOptions}).
   */
  readonly clv?: boolean | ClvOptions;
  /** Number of customer partitions shared by the workers (all workers must agree). Default: 16. */
  readonly partitions?: number;
  /** A name for logs and `pg_stat_activity`. Default: a random one. */
  readonly workerId?: string;
  /**
   * New events of one partition taken per transaction; their customers are folded with their
   * whole streams up to the log's head. Default: 5,000.
   */
  readonly batchSize?: number;
  /** Wait between polls when `run` finds nothing new, in ms. Default: 1,000. */
  readonly pollIntervalMs?: number;
  /**
   * Create or migrate the schema first. Default: true. With false the schema must be migrated
   * already (`migratePostgresLog`), else the worker is refused with `TENURE_POSTGRES_SCHEMA`.
   */
  readonly migrate?: boolean;
}

/** What one {@link ProjectionWorker.runOnce} did. */
export interface ProjectionRound {
  /** The partitions the worker holds after the round, ascending. */
  readonly partitions: readonly number[];
  /** Events newly covered by the checkpoints of those partitions. */
  readonly events: number;
  /** Customers (re)projected and written. */
  readonly customers: number;
  /** Customers whose churn risk and lifetime value were (re)computed. */
  readonly valued: number;
  /**
   * True when every held partition's checkpoint has reached the log's head and, with churn or
   * clv, its customers are valued with models fitted on the log as it is.
   */
  readonly caughtUp: boolean;
}

/**
 * A process's share of the projection table `tenure_customer_states`: it leases customer
 * partitions (session advisory locks, released when its connection ends), projects their new
 * events and writes each customer's state with the partition's checkpoint in one transaction.
 * Once a partition has caught up, it values its customers with the population's models
 * (`tenure_population_models`, fitted once by whichever worker gets there first).
 */
export interface ProjectionWorker {
  readonly workerId: string;
  /** The partitions currently leased, ascending. */
  partitions(): readonly number[];
  /**
   * Rebalances the leases, then projects one batch of each leased partition. A call made while
   * a round runs starts once that round is over (rounds never overlap on the connection).
   *
   * @throws TenureError `TENURE_WORKER_CONNECTION_LOST` when one of the worker's connections
   *   broke, or with a `pool`, the pool's connection a batch was being read on (the batch being
   *   written is rolled back; the worker is stopped, its connections closed, before it
   *   rejects: create a new one), `TENURE_WORKER_STOPPED` after `stop()`.
   * @throws ProjectionError `TENURE_MACHINE_FAILED` when the lifecycle's own code throws on an
   *   event (the batch is not written).
   */
  runOnce(): Promise<ProjectionRound>;
  /**
   * Runs rounds until `signal` aborts or `stop()` is called (polling when caught up), then
   * stops; rejects, stopped, with a round's error.
   */
  run(options?: { readonly signal?: AbortSignal }): Promise<void>;
  /**
   * Lets a round in progress finish, then releases the leases and closes the worker's
   * connections; resolves once they are closed (their sessions gone from `pg_stat_activity`),
   * so the schema can be dropped or the server stopped next. With a `pool`, the client it held
   * is closed and dropped from the pool (its session's locks must end); the pool itself is
   * yours and stays open. Calling it again returns the same promise.
   */
  stop(): Promise<void>;
}
