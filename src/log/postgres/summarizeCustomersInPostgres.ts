import type { ClientBase, Pool } from 'pg';
import { checkModelOptions } from '../../errors/checkModelOptions.js';
import { ModelInputError } from '../../errors/ModelInputError.js';
import { allocateCustomerColumns } from '../../models/summary/CustomerColumns.js';
import { sortRows } from '../../models/summary/FrequencyRows.js';
import {
  type CustomerRfm,
  dayOf,
  type RfmSummary,
  SUMMARY_OPTIONS,
  type SummaryOptions,
} from '../../models/summary/summarizeCustomers.js';
import { unitDays } from '../../models/summary/timeUnit.js';
import { checkPostgresSchema } from './checkPostgresSchema.js';
import { customerSummarySql, type SummaryScope, summaryFilters } from './customerSummarySql.js';
import { DEFAULT_POSTGRES_SCHEMA, quotePostgresSchema } from './postgresSchemaName.js';

/** Where {@link summarizeCustomersInPostgres} finds the log. */
export interface PostgresSummarySource {
  /**
   * A `pg` pool (the summary takes one of its connections and reads one snapshot of the log, in
   * a REPEATABLE READ READ ONLY transaction), or a client (to read inside the client's own
   * transaction: give it one of REPEATABLE READ when the log is written meanwhile).
   */
  readonly pool: Pool | ClientBase;
  /** The log's schema. Default: `tenure`. */
  readonly schema?: string;
}

const API = 'summarizeCustomersInPostgres';
const DAY_MS = 86_400_000;

/**
 * `summarizeCustomers` computed by the database: the per-customer aggregation (purchase days,
 * same-day merge, refunds, x, t_x, T, spend, holdout) runs as one SQL query over the log's
 * table, so only one row per customer travels to Node instead of every event. Same options,
 * same conventions and the same result as `summarizeCustomers(log.read(), options)` of the log
 * as it was when the call began (appends committed meanwhile are left out): voided
 * purchases and refunds (`event.voided` up to the last day) do not count, birth is
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
export function summarizeCustomersInPostgres(
  source: PostgresSummarySource,
  options: SummaryOptions,
): Promise<RfmSummary> {
  return summarizeInPostgres(source, options, { voidedShowUp: true });
}

/**
 * {@link summarizeCustomersInPostgres} with a narrower {@link SummaryScope}: one partition's
 * customers, a cut-off within the last day, or the order of `dropVoided(events)` (what the
 * valuation and the projection workers use).
 */
export async function summarizeInPostgres(
  source: PostgresSummarySource,
  options: SummaryOptions,
  scope: SummaryScope,
): Promise<RfmSummary> {
  checkModelOptions(API, 'source', source, ['pool', 'schema']);
  checkModelOptions(API, 'options', options, SUMMARY_OPTIONS);
  const schemaName = source.schema ?? DEFAULT_POSTGRES_SCHEMA;
  quotePostgresSchema(API, schemaName); // refused before any connection is taken
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
  unitDays(options.unit ?? 'week'); // refused before any connection is taken
  const bounds = { startDay, endDay, lastDay };
  // The currency check and the summary must read one state of a log that may be written
  // meanwhile: from a pool, one connection in a REPEATABLE READ transaction (one snapshot for
  // every query); a client given reads in whatever transaction its caller holds.
  if (!isPool(source.pool)) return summarizeOn(source.pool, schemaName, options, scope, bounds);
  const client = await source.pool.connect();
  let broken: Error | undefined;
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const summary = await summarizeOn(client, schemaName, options, scope, bounds);
    await client.query('COMMIT');
    return summary;
  } catch (error) {
    await client.query('ROLLBACK').catch((rollback: Error) => {
      broken = rollback; // the connection is gone: not back to the pool
    });
    throw error;
  } finally {
    client.release(broken);
  }
}

/** The days that bound a summary, from its options (checked). */
interface SummaryBounds {
  readonly startDay: number;
  readonly endDay: number;
  readonly lastDay: number;
}

/** A pg pool (it hands out clients), as opposed to a client (it runs the queries itself). */
function isPool(db: Pool | ClientBase): db is Pool {
  return 'totalCount' in db;
}

/** The summary's queries, on one client. */
async function summarizeOn(
  pool: ClientBase,
  schemaName: string,
  options: SummaryOptions,
  scope: SummaryScope,
  { startDay, endDay, lastDay }: SummaryBounds,
): Promise<RfmSummary> {
  const schema = quotePostgresSchema(API, schemaName);
  const unit = unitDays(options.unit ?? 'week');
  // Events before this instant count.
  const limit = Math.min((lastDay + 1) * DAY_MS, (scope.until ?? Number.POSITIVE_INFINITY) + 1);
  // The summary reads only the first migration's columns.
  await checkPostgresSchema(pool, API, schemaName, 1);
  const filters = summaryFilters(schema, scope);

  // The currency: the option, else the first counted event's, and then no other may occur.
  const counted = `type IN ('purchase', 'refund') AND at < $1${filters.partition}${
    scope.voidedShowUp ? '' : ` AND NOT ${filters.voided}`
  }`;
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
    text: customerSummarySql(schema, scope),
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
  // The same customers as columns, as summarizeCustomers gives them (the fits read those).
  const columns = allocateCustomerColumns(ranked.length);
  for (const customer of ranked) {
    const k = columns.length++;
    columns.customerId.push(customer.customerId);
    columns.birth[k] = customer.birth;
    columns.x[k] = customer.x;
    columns.tx[k] = customer.tx;
    columns.T[k] = customer.T;
    columns.spend[k] = customer.spend;
    columns.firstSpend[k] = customer.firstSpend;
    columns.holdoutX[k] = customer.holdoutX;
    columns.holdoutSpend[k] = customer.holdoutSpend;
    columns.row[k] = customer.row;
  }
  return {
    customers: ranked,
    columns,
    rows,
    nonPositiveSpend,
    unitDays: unit,
    calibrationEnd: endDay * DAY_MS,
    holdoutLength: (lastDay - endDay) / unit,
    excluded: { bornBeforeStart, bornAfterEnd },
    ignoredEvents,
  };
}
