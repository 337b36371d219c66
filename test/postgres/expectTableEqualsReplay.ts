import type pg from 'pg';
import { expect } from 'vitest';
import type { StoredEvent } from '../../src/events/TenureEvent.js';
import { createPostgresLog, customerPartition } from '../../src/log/postgres/index.js';
import type { LifecycleDefinition } from '../../src/machines/index.js';
import type { CustomerState } from '../../src/projection/CustomerState.js';
import { createLifecycle, type Lifecycle } from '../../src/projection/createLifecycle.js';
import { collect } from './purchases.js';

const VALUATION_COLUMNS = `churn_risk, p_alive, churn_band, churn_drivers, clv_historical,
  clv_residual, clv_total, clv_currency, expected_purchases, valuation_model`;

/** A customer's valuation columns as the single-process projection gives them. */
function valuationOf(state: CustomerState) {
  return {
    churn_risk: state.churnRisk?.probability ?? null,
    p_alive: state.pAlive ?? null,
    churn_band: state.churnRisk?.band ?? null,
    churn_drivers: state.churnRisk?.drivers ?? null,
    clv_historical: state.clv?.historical ?? null,
    clv_residual: state.clv?.residual ?? null,
    clv_total: state.clv?.total ?? null,
    clv_currency: state.clv?.currency ?? null,
    expected_purchases: state.expectedPurchases ?? null,
    valuation_model: state.churnRisk?.model ?? state.clv?.model ?? null,
  };
}

/** Numbers equal within 1e-9 relative (the database sums spend in another order). */
function closeNumbers(actual: unknown, expected: unknown): boolean {
  if (typeof actual === 'number' && typeof expected === 'number') {
    return Math.abs(actual - expected) <= 1e-9 * Math.max(1, Math.abs(expected));
  }
  if (Array.isArray(actual) && Array.isArray(expected)) {
    return (
      actual.length === expected.length && actual.every((a, i) => closeNumbers(a, expected[i]))
    );
  }
  if (
    typeof actual === 'object' &&
    actual !== null &&
    typeof expected === 'object' &&
    expected !== null
  ) {
    const keys = new Set([...Object.keys(actual), ...Object.keys(expected)]);
    return [...keys].every((key) =>
      closeNumbers(
        (actual as Record<string, unknown>)[key],
        (expected as Record<string, unknown>)[key],
      ),
    );
  }
  return Object.is(actual, expected);
}

/**
 * Every row of the table must be the single-process projection of the same events (with churn
 * risk and lifetime value, as `project(log, { asOf, churn: true, clv: true })` gives them), and
 * back; the stored population models must be the ones that projection fitted. With `valued`,
 * the models must have converged and most buyers have a value (a log of a few dozen sample
 * customers is too small for the purchase model: then every value must be NULL, as in-process).
 */
export async function expectTableEqualsReplay(
  pool: pg.Pool,
  schema: string,
  asOf: number,
  {
    valued: mustValue = false,
    projection = 'default',
    definition,
    lifecycle = createLifecycle(definition === undefined ? {} : { definition }),
    partitions = 8,
  }: {
    valued?: boolean;
    projection?: string;
    definition?: LifecycleDefinition;
    /** The lifecycle to replay with (default: `createLifecycle({ definition })`). */
    lifecycle?: Lifecycle;
    partitions?: number;
  } = {},
) {
  const log = await createPostgresLog({ pool, schema, migrate: false });
  const stored: StoredEvent[] = await collect(log.read());
  const expected = await lifecycle.project(stored, { asOf, churn: true, clv: true });
  const { rows } = await pool.query(
    `SELECT customer_id, partition, stage, stage_entered_at, machines, history, facts,
       ${VALUATION_COLUMNS}
     FROM "${schema}".tenure_customer_states WHERE projection = $1 ORDER BY customer_id`,
    [projection],
  );
  const actual = rows.map((row) => ({
    customerId: row.customer_id,
    partition: row.partition,
    stage: row.stage,
    stageEnteredAt: row.stage_entered_at,
    machines: row.machines,
    history: row.history,
    facts: row.facts,
  }));
  const byId = (a: { customerId: string }, b: { customerId: string }) =>
    a.customerId < b.customerId ? -1 : a.customerId > b.customerId ? 1 : 0;
  const states = [...expected.customers].sort(byId);
  const replay = states.map((state) => ({
    customerId: state.customerId,
    partition: customerPartition(state.customerId, partitions),
    stage: state.stage,
    stageEnteredAt: state.stageEnteredAt,
    machines: JSON.parse(JSON.stringify(state.machines)),
    history: JSON.parse(JSON.stringify(state.history)),
    facts: JSON.parse(JSON.stringify(state.facts)),
  }));
  expect(actual.length).toBe(replay.length);
  expect(actual).toEqual(replay);
  // Churn risk and lifetime value: equal within floating-point tolerance, customer by customer.
  const differing = rows
    .map((row, i) => {
      const {
        customer_id,
        partition,
        stage,
        stage_entered_at,
        machines,
        history,
        facts,
        ...value
      } = row;
      const want = valuationOf(states[i] as CustomerState);
      return closeNumbers(value, want) ? undefined : { customer_id, value, want };
    })
    .filter((difference) => difference !== undefined);
  expect(differing).toEqual([]);
  const valued = rows.filter((row) => row.clv_total !== null && row.churn_risk !== null).length;
  const buyers = states.filter((state) => state.facts.purchases > 0).length;
  if (mustValue) expect(valued).toBeGreaterThan(buyers / 2);
  // The population models are the ones the single-process projection fitted.
  const models = await pool.query(
    `SELECT models FROM "${schema}".tenure_population_models WHERE projection = $1`,
    [projection],
  );
  const report = expected.valuation;
  const fitted = models.rows[0]?.models;
  if (mustValue) expect(report?.purchases.converged).toBe(true);
  expect(closeNumbers(fitted?.purchasesReport, JSON.parse(JSON.stringify(report?.purchases)))).toBe(
    true,
  );
  expect(
    closeNumbers(
      fitted?.spendReport,
      JSON.parse(JSON.stringify({ ...report?.spend, populationMean: undefined })),
    ),
  ).toBe(true);
  expect(closeNumbers(fitted?.sbgReports, JSON.parse(JSON.stringify(report?.subscriptions)))).toBe(
    true,
  );
  return { customers: replay.length, events: stored.length, valued };
}
