import type { Pool } from 'pg';
import { ModelInputError } from '../../errors/ModelInputError.js';
import { sortRows } from '../../models/summary/FrequencyRows.js';
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
 * @throws ModelInputError for an option that is not a date, periods out of order, or a mix of
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
    throw new ModelInputError(
      API,
      'options.calibrationEnd',
      "the last day of the calibration period, e.g. '1997-09-30'",
      undefined,
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
    throw new ModelInputError(
      API,
      'options',
      'periods in order: calibrationStart <= calibrationEnd <= holdoutEnd',
      'periods out of order',
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
      throw new ModelInputError(
        API,
        `event ${JSON.stringify(mixed.event_id)}.data.currency`,
        `${currency}, the currency of earlier events (spend cannot be summed across currencies)`,
        String(mixed.currency),
        `Pass { currency: '${currency}' } to keep one currency (events in others are counted in ignoredEvents), or convert amounts first.`,
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
 *
 * Only scans, sorts and aggregations, no joins: the intermediate results have no statistics,
 * and a join the planner misjudges as small turns into a nested loop over every customer.
 */
function summarySql(schema: string): string {
  return `
    WITH ev AS MATERIALIZED (
      SELECT position, customer_id, type = 'refund' AS is_refund,
             ((at - ((at % ${DAY_MS}) + ${DAY_MS}) % ${DAY_MS}) / ${DAY_MS})::int AS day, -- floor, in integers
             (data->>'amount')::float8 AS amount,
             data->>'orderId' AS order_id
      FROM ${schema}.tenure_events
      WHERE type IN ('purchase', 'refund') AND at < $1 AND data->>'currency' = $3
    ),
    -- For each refund: the earliest purchase day of its order, and the last purchase day on or
    -- before it (purchases sort before refunds within a day).
    placed AS (
      SELECT customer_id, day, is_refund, amount, position,
             CASE WHEN order_id IS NOT NULL THEN
               min(CASE WHEN NOT is_refund THEN day END) OVER (PARTITION BY customer_id, order_id)
             END AS order_day,
             max(CASE WHEN NOT is_refund THEN day END)
               OVER (PARTITION BY customer_id ORDER BY day, is_refund ROWS UNBOUNDED PRECEDING) AS last_purchase_day
      FROM ev
    ),
    targeted AS (
      SELECT customer_id, day, is_refund, amount, position,
             coalesce(order_day, last_purchase_day) AS target
      FROM placed
    ),
    -- Purchases add to their day; a refund subtracts from its target day when that day is on the
    -- same side of the calibration end, else it only marks when the customer was first seen.
    contributions AS (
      SELECT customer_id,
             CASE WHEN NOT is_refund THEN day
                  WHEN target IS NOT NULL AND (target <= $2) = (day <= $2) THEN target END AS day,
             CASE WHEN is_refund THEN -amount ELSE amount END AS spend,
             NOT is_refund AS purchase,
             position
      FROM targeted
    ),
    days AS (
      SELECT customer_id, day, sum(spend) AS spend, bool_or(purchase) AS purchase,
             min(position) AS first_position
      FROM contributions GROUP BY customer_id, day
    ),
    dated AS (
      SELECT customer_id, day, spend, purchase,
             min(day) FILTER (WHERE purchase) OVER (PARTITION BY customer_id) AS birth,
             min(first_position) OVER (PARTITION BY customer_id) AS first_position
      FROM days
    )
    SELECT customer_id,
           birth,
           count(*) FILTER (WHERE purchase AND day > birth AND day <= $2) AS x,
           coalesce(max(day) FILTER (WHERE purchase AND day <= $2), birth) AS last_day,
           coalesce(sum(spend) FILTER (WHERE purchase AND day > birth AND day <= $2), 0) AS repeat_spend,
           sum(spend) FILTER (WHERE purchase AND day = birth) AS first_spend,
           count(*) FILTER (WHERE purchase AND day > $2) AS holdout_x,
           coalesce(sum(spend) FILTER (WHERE purchase AND day > $2), 0) AS holdout_spend
    FROM dated
    WHERE birth IS NOT NULL
    GROUP BY customer_id, birth, first_position
    ORDER BY first_position`;
}
