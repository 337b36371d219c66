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
];
