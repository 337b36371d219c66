const DAY_MS = 86_400_000;

/** Which events the per-customer summary query reads, beyond the period's cut-off. */
export interface SummaryScope {
  /**
   * Whether voided purchases and refunds still decide the order of customers (first appearance)
   * and the currency checks, as in `summarizeCustomers(log.read())`; `false` gives the result of
   * summarising `dropVoided(events)` instead (the valuation's order). Either way they add nothing.
   */
  readonly voidedShowUp: boolean;
  /** Only the customers of this partition (see `customerPartition`). Default: every customer. */
  readonly partition?: { readonly count: number; readonly index: number };
  /**
   * Events and voids after this instant (epoch ms) are left out, as `events.filter((e) => e.at
   * <= until)` would. Default: the end of the summary's last day.
   */
  readonly until?: number;
}

/**
 * SQL fragments shared by the summary's queries. `$1` is the cut-off (events and voids before
 * this instant, epoch ms, count).
 */
export function summaryFilters(
  schema: string,
  scope: SummaryScope,
): {
  readonly partition: string;
  /** A boolean expression over a `tenure_events` row: an event.voided before $1 names it. */
  readonly voided: string;
} {
  const { partition: part } = scope;
  if (part !== undefined && !(Number.isInteger(part.count) && Number.isInteger(part.index))) {
    throw new RangeError(`summaryFilters: partition ${JSON.stringify(part)} is not integers`);
  }
  // Integers checked above: inlined, so every query keeps its own parameter numbers.
  const partition =
    part === undefined ? '' : ` AND (customer_hash & 2147483647) % ${part.count} = ${part.index}`;
  // A hashed subplan: voids are few, and an anti-join the planner misjudges turns into a
  // nested loop over every event. A void names an event of its own customer.
  const voided = `(customer_id, event_id) IN (
      SELECT customer_id, data->>'eventId' FROM ${schema}.tenure_events
      WHERE type = 'event.voided' AND at < $1 AND jsonb_typeof(data->'eventId') = 'string'${partition})`;
  return { partition, voided };
}

/**
 * One row per customer with a counted purchase: birth day, repeat days and last repeat day in
 * calibration, repeat and first-day spend net of refunds, holdout days and spend, in order of
 * first appearance. $1: events before this instant (epoch ms) count; $2: calibration end day;
 * $3: the currency.
 *
 * Only scans, sorts and aggregations, no joins: the intermediate results have no statistics,
 * and a join the planner misjudges as small turns into a nested loop over every customer.
 * Voided purchases and refunds add nothing; with `voidedShowUp` they still mark when their
 * customer was first seen.
 */
export function customerSummarySql(schema: string, scope: SummaryScope): string {
  const { partition, voided } = summaryFilters(schema, scope);
  return `
    WITH ev AS MATERIALIZED (
      SELECT position, customer_id, type = 'refund' AS is_refund,
             ((at - ((at % ${DAY_MS}) + ${DAY_MS}) % ${DAY_MS}) / ${DAY_MS})::int AS day, -- floor, in integers
             (data->>'amount')::float8 AS amount,
             data->>'orderId' AS order_id,
             ${voided} AS voided
      FROM ${schema}.tenure_events
      WHERE type IN ('purchase', 'refund') AND at < $1 AND data->>'currency' = $3${partition}
    ),
    live AS (
      SELECT * FROM ev WHERE ${scope.voidedShowUp ? 'true' : 'NOT voided'}
    ),
    -- For each refund: the earliest purchase day of its order, and the last purchase day on or
    -- before it (purchases sort before refunds within a day).
    placed AS (
      SELECT customer_id, day, is_refund, amount, position, voided,
             CASE WHEN order_id IS NOT NULL THEN
               min(CASE WHEN NOT is_refund AND NOT voided THEN day END)
                 OVER (PARTITION BY customer_id, order_id)
             END AS order_day,
             max(CASE WHEN NOT is_refund AND NOT voided THEN day END)
               OVER (PARTITION BY customer_id ORDER BY day, is_refund ROWS UNBOUNDED PRECEDING) AS last_purchase_day
      FROM live
    ),
    targeted AS (
      SELECT customer_id, day, is_refund, amount, position, voided,
             coalesce(order_day, last_purchase_day) AS target
      FROM placed
    ),
    -- Purchases add to their day; a refund subtracts from its target day when that day is on the
    -- same side of the calibration end, else it only marks when the customer was first seen, as
    -- voided events do.
    contributions AS (
      SELECT customer_id,
             CASE WHEN voided THEN NULL
                  WHEN NOT is_refund THEN day
                  WHEN target IS NOT NULL AND (target <= $2) = (day <= $2) THEN target END AS day,
             CASE WHEN is_refund THEN -amount ELSE amount END AS spend,
             NOT is_refund AND NOT voided AS purchase,
             position
      FROM targeted
    ),
    days AS (
      -- Summed in summarizeCustomers' order (purchases, then refunds, each by position), so
      -- that the floating-point sums are the same to the last bit.
      SELECT customer_id, day, sum(spend ORDER BY purchase DESC, position) AS spend,
             bool_or(purchase) AS purchase,
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
           coalesce(sum(spend ORDER BY day) FILTER (WHERE purchase AND day > birth AND day <= $2), 0) AS repeat_spend,
           sum(spend) FILTER (WHERE purchase AND day = birth) AS first_spend,
           count(*) FILTER (WHERE purchase AND day > $2) AS holdout_x,
           coalesce(sum(spend ORDER BY day) FILTER (WHERE purchase AND day > $2), 0) AS holdout_spend
    FROM dated
    WHERE birth IS NOT NULL
    GROUP BY customer_id, birth, first_position
    ORDER BY first_position`;
}
