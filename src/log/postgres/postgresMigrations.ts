/** One step of the schema's history. Applied in order, each at most once per schema. */
export interface PostgresMigration {
  /** 1, 2, 3, ...: recorded in `tenure_migrations` once applied. */
  readonly version: number;
  readonly name: string;
  /** The statements, given the quoted schema name. */
  readonly sql: (schema: string) => string;
}

/**
 * Every migration of the PostgreSQL log, oldest first. Never edit an applied migration: add a
 * new one.
 *
 * - `tenure_events`: one row per event. `position` (primary key) is the global order and
 *   serves reads by position; the unique `(customer_id, version)` serves reads of a customer's
 *   stream and is the database's guard on per-customer versions; the unique `event_id` guards
 *   idempotency. Payloads are JSONB. `hash` chains every record to the one before it.
 * - `tenure_head`: a single row with the last position and the last record's hash. Appends
 *   lock it first (see `appendToPostgres.ts` for why).
 */
export const postgresMigrations: readonly PostgresMigration[] = [
  {
    version: 1,
    name: 'create events and head',
    sql: (schema) => `
      CREATE TABLE ${schema}.tenure_events (
        position bigint PRIMARY KEY,
        customer_id text NOT NULL,
        version integer NOT NULL,
        event_id text NOT NULL,
        type text NOT NULL,
        at bigint NOT NULL,
        data jsonb,
        meta jsonb,
        hash text NOT NULL,
        CONSTRAINT tenure_events_stream_version UNIQUE (customer_id, version),
        CONSTRAINT tenure_events_event_id UNIQUE (event_id),
        CONSTRAINT tenure_events_position_positive CHECK (position >= 1),
        CONSTRAINT tenure_events_version_positive CHECK (version >= 1)
      );
      CREATE TABLE ${schema}.tenure_head (
        singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
        position bigint NOT NULL,
        hash text NOT NULL
      );
      INSERT INTO ${schema}.tenure_head (singleton, position, hash) VALUES (true, 0, '');
    `,
  },
  {
    version: 2,
    name: 'projection workers: customer hash, checkpoints and customer states',
    // customer_hash: the first 32 bits of md5(customer_id) as a signed integer, the same as
    // customerHash() in workers/customerHash.ts; a worker's partition is
    // (customer_hash & 2147483647) % partitions. Checkpoints and states are keyed by the
    // projection's name and partition count, so that several projections can share a log.
    sql: (schema) => `
      ALTER TABLE ${schema}.tenure_events ADD COLUMN customer_hash integer
        GENERATED ALWAYS AS (('x' || substr(md5(customer_id), 1, 8))::bit(32)::integer) STORED;
      CREATE TABLE ${schema}.tenure_projection_checkpoints (
        projection text NOT NULL,
        partitions integer NOT NULL,
        partition integer NOT NULL,
        position bigint NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (projection, partitions, partition)
      );
      CREATE TABLE ${schema}.tenure_customer_states (
        projection text NOT NULL,
        customer_id text NOT NULL,
        partition integer NOT NULL,
        stage text NOT NULL,
        stage_entered_at double precision NOT NULL,
        machines jsonb NOT NULL,
        history jsonb NOT NULL,
        facts jsonb NOT NULL,
        churn_risk double precision,
        p_alive double precision,
        clv_historical double precision,
        clv_residual double precision,
        clv_total double precision,
        updated_at_position bigint NOT NULL,
        PRIMARY KEY (projection, customer_id)
      );
      CREATE INDEX tenure_customer_states_stage ON ${schema}.tenure_customer_states (projection, stage);
    `,
  },
  {
    version: 3,
    name: "projection workers: population models and each customer's valuation",
    // tenure_population_models: one row per projection, the purchase, spend and subscription
    // models fitted on the log as it was at `position` (the fit's snapshot), for `as_of` and the
    // resolved valuation `settings`. The checkpoints' valued_position is the fit position a
    // partition's rows were valued with (NULL: not yet, or states written since).
    sql: (schema) => `
      CREATE TABLE ${schema}.tenure_population_models (
        projection text NOT NULL,
        partitions integer NOT NULL,
        as_of bigint NOT NULL,
        settings jsonb NOT NULL,
        position bigint NOT NULL,
        models jsonb NOT NULL,
        fitted_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (projection, partitions)
      );
      ALTER TABLE ${schema}.tenure_projection_checkpoints ADD COLUMN valued_position bigint;
      ALTER TABLE ${schema}.tenure_customer_states
        ADD COLUMN churn_band text,
        ADD COLUMN churn_drivers jsonb,
        ADD COLUMN expected_purchases double precision,
        ADD COLUMN clv_currency text,
        ADD COLUMN valuation_model text;
    `,
  },
];
