import type { ClientBase } from 'pg';
import type { BatchReader } from './poolReader.js';

/** One partition's next batch, as {@link readPartitionBatch} found it in one snapshot. */
export interface PartitionBatch {
  readonly partition: number;
  /** The log's head in the read's snapshot: the streams end there. */
  readonly head: number;
  /** The partition's checkpoint before the batch (0: none yet). */
  readonly checkpoint: number;
  /** The fit position the partition's rows were valued with; undefined: none or not valued. */
  readonly savedValuedPosition: number | undefined;
  /** Whether the partition has a checkpoint row. */
  readonly saved: boolean;
  /** The partition's events in the batch (after the checkpoint, at most the batch size). */
  readonly events: number;
  /** The last position the batch covers: its last event's when full, else the head. */
  readonly upTo: number;
  /** Live workers of the projection (members holding their slot lock). */
  readonly workers: number;
  /** Customers whose rows do not cover their events in the batch: theirs to fold. */
  readonly customers: readonly string[];
  /** Their streams up to the head: each the customer's event tuples joined by commas. */
  readonly streams: readonly string[];
}

/** What {@link readPartitionBatch} and {@link writePartitionBatch} need to know. */
export interface PartitionBatchScope {
  /** The connection holding the leases: batches are written on it. */
  readonly client: ClientBase;
  /** Where batches are read: another connection (or the pool's others), so reads overlap writes. */
  readonly reader: BatchReader;
  /** The schema, quoted. */
  readonly schema: string;
  readonly projection: string;
  readonly partitions: number;
  readonly batchSize: number;
  /** The key of the workers' membership locks (see `leaseKeys`). */
  readonly memberKey: string;
}

/**
 * Reads a partition's next batch in ONE statement, so in one snapshot without a transaction:
 * the head, the checkpoint, the next `batchSize` events after it (through the partition index),
 * the customers among them whose rows do not already cover them, and those customers' whole
 * streams up to the head (one text per customer, tuples joined by commas, parsed with one
 * `JSON.parse`). It runs on the worker's reading connection, so the next partition's batch is
 * read while the previous one is written and this process folds.
 *
 * The range is spelled as row comparisons on the partition index's two columns, which only that
 * index can serve: given `position > $1` the planner prefers the primary key (in physical order)
 * and filters 15 rows of 16 out, reading the log once per partition. Whether a row covers an
 * event is a subquery per event (a primary key lookup), not a join: a join planned while the
 * states table looked empty (analyzed before the first batch) became a nested loop over every
 * row of the projection per event (1.2 s a batch, growing). The projection is compared with a
 * value the planner cannot see (`(SELECT $1::text)`): a projection new since the table was
 * analyzed looks like 1 row, and then the `(projection, stage)` index, scanning the projection's
 * every row per event, ties with the primary key (2.3 s a batch at 13,000 rows, growing).
 * `position + 0` keeps the streams on the customers' index, never a scan of the position index
 * up to the head.
 */
export function readPartitionBatch(
  scope: PartitionBatchScope,
  partition: number,
): Promise<PartitionBatch> {
  const { reader, schema, partitions } = scope;
  const part = `(e.customer_hash & 2147483647) % ${partitions}`;
  const text = `
    WITH saved AS (
      SELECT position, valued_position FROM ${schema}.tenure_projection_checkpoints
      WHERE projection = $1 AND partitions = ${partitions} AND partition = $2),
    head AS (SELECT position FROM ${schema}.tenure_head),
    batch AS MATERIALIZED (
      SELECT e.customer_id, e.position,
             coalesce((SELECT s.updated_at_position >= e.position
                       FROM ${schema}.tenure_customer_states s
                       WHERE s.projection = (SELECT $1::text) AND s.customer_id = e.customer_id),
                      false) AS covered
      FROM ${schema}.tenure_events e
      WHERE (${part}, e.position) > ($2::int, coalesce((SELECT position FROM saved), 0))
        AND (${part}, e.position) <= ($2::int, (SELECT position FROM head))
      ORDER BY ${part}, e.position LIMIT $3)
    SELECT NULL::text AS customer_id, NULL::text AS stream,
      json_build_array((SELECT position FROM head), (SELECT position FROM saved),
        (SELECT valued_position FROM saved), EXISTS (SELECT FROM saved),
        (SELECT count(*) FROM batch), (SELECT max(position) FROM batch),
        (SELECT count(*) FROM pg_locks
         WHERE locktype = 'advisory' AND granted AND objsubid = 2
           AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
           AND classid::bigint = (hashtext($4)::bigint + 4294967296) % 4294967296))::text
    UNION ALL
    SELECT customer_id, string_agg(event_tuple, ',' ORDER BY position), NULL
    FROM ${schema}.tenure_events
    WHERE customer_id = ANY(ARRAY(SELECT DISTINCT customer_id FROM batch WHERE NOT covered))
      AND position + 0 <= (SELECT position FROM head)
    GROUP BY customer_id`;
  return reader
    .query({
      text,
      values: [scope.projection, partition, scope.batchSize, scope.memberKey],
      rowMode: 'array',
    })
    .then((result) => {
      const customers: string[] = [];
      const streams: string[] = [];
      let meta: (number | boolean | null)[] | undefined;
      for (const [customerId, stream, info] of result.rows as [
        string | null,
        string | null,
        string | null,
      ][]) {
        if (customerId === null) meta = JSON.parse(info as string);
        else {
          customers.push(customerId);
          streams.push(stream as string);
        }
      }
      const [head, checkpoint, valued, saved, events, last, workers] = meta as [
        number,
        number | null,
        number | null,
        boolean,
        number,
        number | null,
        number,
      ];
      const full = events >= scope.batchSize;
      return {
        partition,
        head,
        checkpoint: checkpoint ?? 0,
        savedValuedPosition: valued ?? undefined,
        saved,
        events,
        upTo: full && last !== null ? last : head,
        workers: Math.max(1, workers),
        customers,
        streams,
      };
    });
}

/** What a batch writes: the folded customers' rows and where the partition's checkpoint moves. */
export interface PartitionBatchWrite {
  readonly partition: number;
  /** The rows as a JSON array (see `foldPartitionBatch`'s row shape). */
  readonly rowsJson: string | undefined;
  /** Customers folded to nothing (every event after asOf, or voided): their rows go. */
  readonly gone: readonly string[];
  /** The head the rows were folded up to (`updated_at_position`). */
  readonly head: number;
  readonly upTo: number;
  readonly valuedPosition: number | undefined;
}

/** Upserts the rows of a JSON array ($2) into `tenure_customer_states` at position $3. */
function upsertStatesSql(schema: string): string {
  return `INSERT INTO ${schema}.tenure_customer_states AS s (projection, customer_id, partition,
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
     updated_at_position = EXCLUDED.updated_at_position`;
}

/**
 * Writes a batch in one transaction on the connection holding the partition's lease: the
 * folded customers' rows upserted, the rows of customers folded to nothing deleted, the
 * checkpoint moved. A crash or an error rolls all of it back.
 */
export async function writePartitionBatch(
  scope: PartitionBatchScope,
  write: PartitionBatchWrite,
): Promise<void> {
  const { client, schema, projection, partitions } = scope;
  await client.query('BEGIN');
  try {
    if (write.rowsJson !== undefined) {
      await client.query(upsertStatesSql(schema), [projection, write.rowsJson, write.head]);
    }
    if (write.gone.length > 0) {
      await client.query(
        // (SELECT $1): the primary key, whatever the statistics say of the projection's rows.
        `DELETE FROM ${schema}.tenure_customer_states
         WHERE projection = (SELECT $1::text) AND customer_id = ANY($2)`,
        [projection, write.gone],
      );
    }
    await client.query(
      `INSERT INTO ${schema}.tenure_projection_checkpoints
         (projection, partitions, partition, position, valued_position, updated_at)
       VALUES ($1, $2, $3, $4, $5, now())
       ON CONFLICT (projection, partitions, partition)
       DO UPDATE SET position = EXCLUDED.position, valued_position = EXCLUDED.valued_position,
         updated_at = now()`,
      [projection, partitions, write.partition, write.upTo, write.valuedPosition ?? null],
    );
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}
