import type { Pool } from 'pg';
import { sortRows } from '../../models/summary/FrequencyRows.js';
import { RfmInputError } from '../../models/summary/RfmInputError.js';
import {
  type CustomerRfm,
  dayOf,
  type RfmSummary,
  type SummaryOptions,
} from '../../models/summary/summarizeCustomers.js';
import { unitDays } from '../../models/summary/timeUnit.js';
import { DEFAULT_POSTGRES_SCHEMA, quotePostgresSchema } from './postgresSchemaName.js';

/** Where {@link summarizeCustomersInPostgres} finds the log. */
export interface PostgresSummarySource {
  readonly pool: Pool;
  /** The log's schema. Default: `tenure`. */
  readonly schema?: string;
}

const API = 'summarizeCustomersInPostgres';
const DAY_MS = 86_400_000;

/**
 * `summarizeCustomers` computed by the database: the per-customer aggregation (purchase days,
 * same-day merge, refunds, x, t_x, T, spend, holdout) runs as one SQL query over the log's
 * table, so only one row per customer travels to Node instead of every event. Same options,
 * same conventions and the same result as `summarizeCustomers(log.read(), options)`: birth is
 * the first purchase day (UTC), a refund reduces the day of the purchase with its `orderId`,
 * else the last purchase day on or before it, and counts only on the same side of
 * `calibrationEnd` as that day; customers come in order of their first counted event.
 *
 * @throws RfmInputError for an option that is not a date, periods out of order, or a mix of
 *   currencies without the `currency` option.
 * @example
 * ```ts
 * const summary = await summarizeCustomersInPostgres({ pool, schema: 'tenure' }, {
 *   calibrationEnd: '1997-09-30',
 *   unit: 'week',
 * });
 * const fit = fitBgNbd(summary);
 * ```
 */
export async function summarizeCustomersInPostgres(
  source: PostgresSummarySource,
  options: SummaryOptions,
): Promise<RfmSummary> {
  const schema = quotePostgresSchema(API, source.schema ?? DEFAULT_POSTGRES_SCHEMA);
  if (typeof options !== 'object' || options === null || options.calibrationEnd === undefined) {
    throw new RfmInputError(
      `${API}: options.calibrationEnd is required: the last day of the calibration period, e.g. { calibrationEnd: '1997-09-30' }.`,
    );
  }
  const endDay = dayOf(options.calibrationEnd, 'calibrationEnd', API);
  const startDay =
    options.calibrationStart === undefined
      ? Number.NEGATIVE_INFINITY
      : dayOf(options.calibrationStart, 'calibrationStart', API);
  const lastDay =
    options.holdoutEnd === undefined ? endDay : dayOf(options.holdoutEnd, 'holdoutEnd', API);
  if (lastDay < endDay || startDay > endDay) {
    throw new RfmInputError(
      `${API}: the periods are out of order; expected calibrationStart <= calibrationEnd <= holdoutEnd.`,
    );
  }
  const unit = unitDays(options.unit ?? 'week');
  const limit = (lastDay + 1) * DAY_MS; // events before this instant count
  const pool = source.pool;

  // The currency: the option, else the first counted event's, and then no other may occur.
  const counted = `type IN ('purchase', 'refund') AND at < $1`;
  let currency = options.currency;
  let ignoredEvents = 0;
  if (currency === undefined) {
    const first = await pool.query<{ currency: string | null }>(
      `SELECT data->>'currency' AS currency FROM ${schema}.tenure_events WHERE ${counted} ORDER BY position LIMIT 1`,
      [limit],
    );
    currency = first.rows[0]?.currency ?? '';
    const other = await pool.query<{ event_id: string; currency: string | null }>(
      `SELECT event_id, data->>'currency' AS currency FROM ${schema}.tenure_events
       WHERE ${counted} AND data->>'currency' IS DISTINCT FROM $2 ORDER BY position LIMIT 1`,
      [limit, currency],
    );
    const mixed = other.rows[0];
    if (mixed !== undefined) {
      throw new RfmInputError(
        `${API}: event ${JSON.stringify(mixed.event_id)} is in ${String(mixed.currency)} but earlier ones are in ${currency}; spend cannot be summed across currencies. Pass { currency: '${currency}' } to keep one currency (events in others are counted in ignoredEvents), or convert amounts first.`,
      );
    }
  } else {
    const other = await pool.query<{ count: string }>(
      `SELECT count(*) AS count FROM ${schema}.tenure_events
       WHERE ${counted} AND data->>'currency' IS DISTINCT FROM $2`,
      [limit, currency],
    );
    ignoredEvents = Number(other.rows[0]?.count ?? 0);
  }

  const result = await pool.query({
    text: summarySql(schema),
    values: [limit, endDay, currency],
    rowMode: 'array',
  });
  const customers: CustomerRfm[] = [];
  const nonPositiveSpend: string[] = [];
  let bornBeforeStart = 0;
  let bornAfterEnd = 0;
  const x: number[] = [];
  const tx: number[] = [];
  const T: number[] = [];
  const weight: number[] = [];
  const groups = new Map<string, number>();
  const rowOf: number[] = [];
  for (const row of result.rows as unknown[][]) {
    const [
      customerId,
      birthDay,
      repeats,
      lastRepeatDay,
      repeatSpend,
      firstSpend,
      holdoutX,
      holdoutSpend,
    ] = row as [string, number, string, number, number, number, string, number];
    if (birthDay < startDay) {
      bornBeforeStart++;
      continue;
    }
    if (birthDay > endDay) {
      bornAfterEnd++;
      continue;
    }
    const count = Number(repeats);
    const meanSpend = count > 0 ? repeatSpend / count : 0;
    if (count > 0 && !(meanSpend > 0)) nonPositiveSpend.push(customerId);
    const customer = {
      customerId,
      birth: birthDay * DAY_MS,
      x: count,
      tx: (lastRepeatDay - birthDay) / unit,
      T: (endDay - birthDay) / unit,
      spend: meanSpend,
      firstSpend,
      holdoutX: Number(holdoutX),
      holdoutSpend,
      row: -1,
    };
    const key = `${customer.x}|${lastRepeatDay - birthDay}|${endDay - birthDay}`;
    let group = groups.get(key);
    if (group === undefined) {
      group = x.length;
      groups.set(key, group);
      x.push(customer.x);
      tx.push(customer.tx);
      T.push(customer.T);
      weight.push(1);
    } else {
      weight[group] = (weight[group] as number) + 1;
    }
    rowOf.push(group);
    customers.push(customer);
  }
  const rank = new Int32Array(x.length);
  const rows = sortRows(x, tx, T, weight, rank);
  const ranked = customers.map((customer, i) => ({
    ...customer,
    row: rank[rowOf[i] as number] as number,
  }));
  return {
    customers: ranked,
    rows,
    nonPositiveSpend,
    unitDays: unit,
    calibrationEnd: endDay * DAY_MS,
    holdoutLength: (lastDay - endDay) / unit,
    excluded: { bornBeforeStart, bornAfterEnd },
    ignoredEvents,
  };
}

/**
 * One row per customer with a counted purchase: birth day, repeat days and last repeat day in
 * calibration, repeat and first-day spend net of refunds, holdout days and spend.
 * $1: events before this instant (epoch ms) count; $2: calibration end day; $3: the currency.
 */
function summarySql(schema: string): string {
  return `
    WITH ev AS MATERIALIZED (
      SELECT position, customer_id, type,
             floor(at::numeric / ${DAY_MS})::int AS day,
             (data->>'amount')::float8 AS amount,
             data->>'orderId' AS order_id
      FROM ${schema}.tenure_events
      WHERE type IN ('purchase', 'refund') AND at < $1 AND data->>'currency' = $3
    ),
    purchase_days AS (
      SELECT customer_id, day, sum(amount) AS spend
      FROM ev WHERE type = 'purchase' GROUP BY customer_id, day
    ),
    purchase_orders AS (
      SELECT customer_id, order_id, min(day) AS day
      FROM ev WHERE type = 'purchase' AND order_id IS NOT NULL GROUP BY customer_id, order_id
    ),
    -- Each refund with the customer's last purchase day on or before it (purchases sort first
    -- within a day), by one window over purchase days and refunds.
    timeline AS (
      SELECT customer_id, day, 0 AS kind, day AS purchase_day, NULL::float8 AS amount, NULL::text AS order_id
      FROM purchase_days
      UNION ALL
      SELECT customer_id, day, 1, NULL, amount, order_id FROM ev WHERE type = 'refund'
    ),
    placed AS (
      SELECT customer_id, day, kind, amount, order_id,
             max(purchase_day) OVER (PARTITION BY customer_id ORDER BY day, kind ROWS UNBOUNDED PRECEDING) AS last_purchase_day
      FROM timeline
    ),
    refunds AS (
      SELECT r.customer_id, r.day AS refund_day, r.amount, coalesce(o.day, r.last_purchase_day) AS target_day
      FROM placed r LEFT JOIN purchase_orders o ON o.customer_id = r.customer_id AND o.order_id = r.order_id
      WHERE r.kind = 1
    ),
    refunded AS (
      SELECT customer_id, target_day AS day, sum(amount) AS amount
      FROM refunds
      WHERE target_day IS NOT NULL AND (target_day <= $2) = (refund_day <= $2)
      GROUP BY customer_id, target_day
    ),
    net AS (
      SELECT d.customer_id, d.day, d.spend - coalesce(r.amount, 0) AS spend,
             min(d.day) OVER (PARTITION BY d.customer_id) AS birth
      FROM purchase_days d LEFT JOIN refunded r USING (customer_id, day)
    ),
    first_seen AS (
      SELECT customer_id, min(position) AS position FROM ev GROUP BY customer_id
    )
    SELECT n.customer_id,
           n.birth,
           count(*) FILTER (WHERE n.day > n.birth AND n.day <= $2) AS x,
           coalesce(max(n.day) FILTER (WHERE n.day <= $2), n.birth) AS last_day,
           coalesce(sum(n.spend) FILTER (WHERE n.day > n.birth AND n.day <= $2), 0) AS repeat_spend,
           sum(n.spend) FILTER (WHERE n.day = n.birth) AS first_spend,
           count(*) FILTER (WHERE n.day > $2) AS holdout_x,
           coalesce(sum(n.spend) FILTER (WHERE n.day > $2), 0) AS holdout_spend
    FROM net n JOIN first_seen f USING (customer_id)
    GROUP BY n.customer_id, n.birth, f.position
    ORDER BY f.position`;
}
