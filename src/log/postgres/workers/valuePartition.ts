import { dropVoided } from '../../../events/dropVoided.js';
import type { CustomerFacts } from '../../../projection/CustomerState.js';
import { collectSubscriptions } from '../../../valuation/collectSubscriptions.js';
import type { CustomerValuation } from '../../../valuation/index.js';
import type { ValuationSettings } from '../../../valuation/ValuationOptions.js';
import { valueCustomers } from '../../../valuation/valueCustomers.js';
import { EVENT_COLUMNS, rowToEvent } from '../rowToEvent.js';
import { summarizeInPostgres } from '../summarizeCustomersInPostgres.js';
import type { PopulationModels } from './fitPopulationModels.js';
import type { PopulationScope } from './populationModelKeeper.js';

/**
 * Scores every customer of one partition with the population's models and writes their churn
 * risk, P(alive) and lifetime value into `tenure_customer_states`, then records the fit's
 * position as the partition's `valued_position`. The customers' own summaries come from the
 * database (the same aggregation as the fit, restricted to the partition) and their
 * subscriptions from their `subscription.*` events, so each customer gets what
 * `valueProjection` gives it in one process. Runs in its own REPEATABLE READ transaction; the
 * caller holds the partition's lease. Returns the number of customers valued.
 */
export async function valuePartition(
  job: PopulationScope,
  partition: number,
  population: PopulationModels,
): Promise<number> {
  const { client, schema, projection, partitions, asOf, settings } = job;
  await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ');
  try {
    const states = await client.query({
      text: `SELECT customer_id, facts FROM ${schema}.tenure_customer_states
             WHERE projection = $1 AND partition = $2`,
      values: [projection, partition],
      rowMode: 'array',
    });
    const customers = (states.rows as [string, CustomerFacts][]).map(([customerId, facts]) => ({
      customerId,
      facts,
    }));
    const scope = { count: partitions, index: partition };
    const summary =
      population.purchaseCurrency === undefined
        ? undefined
        : await summarizeInPostgres(
            { pool: client, schema: job.schemaName },
            { calibrationEnd: asOf, unit: settings.unit, currency: population.purchaseCurrency },
            { voidedShowUp: false, until: asOf, partition: scope },
          );
    const events = await client.query({
      text: `SELECT ${EVENT_COLUMNS} FROM ${schema}.tenure_events
             WHERE (type LIKE 'subscription.%' OR type = 'event.voided') AND at <= $1
               AND (customer_hash & 2147483647) % ${partitions} = $2
             ORDER BY position`,
      values: [asOf, partition],
      rowMode: 'array',
    });
    const subscriptions = collectSubscriptions(dropVoided(events.rows.map(rowToEvent)), asOf);
    const { valuations } = valueCustomers(
      customers,
      { ...population.models, summary, subscriptions },
      settings,
      asOf,
    );
    const rows = customers.map((customer, i) =>
      valuationRow(customer.customerId, valuations[i] as CustomerValuation, settings),
    );
    await client.query(
      `UPDATE ${schema}.tenure_customer_states AS s SET churn_risk = r.churn_risk,
         p_alive = r.p_alive, churn_band = r.churn_band, churn_drivers = r.churn_drivers,
         clv_historical = r.clv_historical, clv_residual = r.clv_residual, clv_total = r.clv_total,
         clv_currency = r.clv_currency, expected_purchases = r.expected_purchases,
         valuation_model = r.valuation_model
       FROM jsonb_to_recordset($2::jsonb) AS r(customer_id text, churn_risk double precision,
         p_alive double precision, churn_band text, churn_drivers jsonb,
         clv_historical double precision, clv_residual double precision,
         clv_total double precision, clv_currency text, expected_purchases double precision,
         valuation_model text)
       WHERE s.projection = $1 AND s.customer_id = r.customer_id`,
      [projection, JSON.stringify(rows)],
    );
    await client.query(
      `INSERT INTO ${schema}.tenure_projection_checkpoints
         (projection, partitions, partition, position, valued_position, updated_at)
       VALUES ($1, $2, $3, 0, $4, now())
       ON CONFLICT (projection, partitions, partition)
       DO UPDATE SET valued_position = EXCLUDED.valued_position, updated_at = now()`,
      [projection, partitions, partition, population.position],
    );
    await client.query('COMMIT');
    return customers.length;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

/** A customer's valuation columns: churn ones only with `churn`, value ones only with `clv`. */
export function valuationRow(
  customerId: string,
  value: CustomerValuation,
  settings: ValuationSettings,
) {
  const churn = settings.churn ? value.churnRisk : undefined;
  const clv = settings.clv ? value.clv : undefined;
  return {
    customer_id: customerId,
    churn_risk: churn?.probability ?? null,
    p_alive: settings.churn ? (value.pAlive ?? null) : null,
    churn_band: churn?.band ?? null,
    churn_drivers: churn?.drivers ?? null,
    clv_historical: clv?.historical ?? null,
    clv_residual: clv?.residual ?? null,
    clv_total: clv?.total ?? null,
    clv_currency: clv?.currency ?? null,
    expected_purchases: settings.clv ? (value.expectedPurchases ?? null) : null,
    valuation_model: churn?.model ?? clv?.model ?? null,
  };
}
