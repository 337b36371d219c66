import type { ClientBase } from 'pg';
import type { SbgParams } from '../../../models/sbg/index.js';
import { fitPurchaseModels } from '../../../valuation/fitPurchaseModels.js';
import { fitValuationModels, type ValuationModels } from '../../../valuation/fitValuationModels.js';
import type { ValuationSettings } from '../../../valuation/ValuationOptions.js';
import { summaryFilters } from '../customerSummarySql.js';
import { quotePostgresSchema } from '../postgresSchemaName.js';
import { EVENT_COLUMNS, rowToEvent } from '../rowToEvent.js';
import { summarizeInPostgres } from '../summarizeCustomersInPostgres.js';

/** The population's models as fitted on the log at `position`: what every worker scores with. */
export interface PopulationModels {
  /** The log's head in the fit's snapshot: the fit has seen every event up to it. */
  readonly position: number;
  /** The currency of the purchase summary; `undefined` when nothing was bought before asOf. */
  readonly purchaseCurrency: string | undefined;
  /** The valuation's models without the per-customer parts (summary and subscriptions). */
  readonly models: Omit<ValuationModels, 'summary' | 'subscriptions'>;
}

/**
 * Fits the valuation's models on the log at or before `asOf`, without reading every event:
 * the purchase summary is aggregated by the database (one row per customer), the currency is
 * counted there too, and only the `subscription.*` and `event.voided` events (for the sBG fits)
 * come to this process. Gives the models `fitValuationModels(events, asOf, settings)` gives for
 * the same log. Run it inside a REPEATABLE READ transaction, so that every query sees one
 * snapshot and `position` is that snapshot's head.
 */
export async function fitPopulationModels(
  client: ClientBase,
  schemaName: string,
  asOf: number,
  settings: ValuationSettings,
): Promise<PopulationModels> {
  const schema = quotePostgresSchema('fitPopulationModels', schemaName);
  const head = await client.query<{ p: string }>(`SELECT position AS p FROM ${schema}.tenure_head`);
  const until = asOf + 1; // at < until: at or before asOf
  const { voided } = summaryFilters(schema, { voidedShowUp: false });
  let purchaseCurrency = settings.currency;
  if (purchaseCurrency === undefined) {
    // The currency of most purchases; ties go to the alphabetically first, as in the valuation.
    const main = await client.query<{ currency: string }>(
      `SELECT currency FROM (
         SELECT data->>'currency' AS currency, count(*) AS n FROM ${schema}.tenure_events
         WHERE type = 'purchase' AND at < $1 AND jsonb_typeof(data->'currency') = 'string'
           AND NOT ${voided}
         GROUP BY 1) AS counts
       ORDER BY n DESC, currency COLLATE "C" LIMIT 1`,
      [until],
    );
    purchaseCurrency = main.rows[0]?.currency;
  }
  const subscriptionEvents = await client.query({
    text: `SELECT ${EVENT_COLUMNS} FROM ${schema}.tenure_events
           WHERE (type LIKE 'subscription.%' OR type = 'event.voided') AND at < $1
           ORDER BY position`,
    values: [until],
    rowMode: 'array',
  });
  // No purchase among these events: the purchase half comes out unfitted, with the reason the
  // valuation gives when nothing was bought; the sBG half is the valuation's own.
  const fitted = fitValuationModels(subscriptionEvents.rows.map(rowToEvent), asOf, {
    ...settings,
    currency: purchaseCurrency,
  });
  let purchaseModels: Pick<
    ValuationModels,
    'purchases' | 'purchasesReport' | 'spend' | 'spendReport'
  > = fitted;
  if (purchaseCurrency !== undefined) {
    const summary = await summarizeInPostgres(
      { pool: client, schema: schemaName },
      { calibrationEnd: asOf, unit: settings.unit, currency: purchaseCurrency },
      { voidedShowUp: false, until: asOf },
    );
    purchaseModels = fitPurchaseModels(summary, settings);
  }
  return {
    position: Number(head.rows[0]?.p ?? 0),
    purchaseCurrency,
    models: {
      currency: fitted.currency,
      purchases: purchaseModels.purchases,
      purchasesReport: purchaseModels.purchasesReport,
      spend: purchaseModels.spend,
      spendReport: purchaseModels.spendReport,
      sbg: fitted.sbg,
      sbgReports: fitted.sbgReports,
    },
  };
}

/** The models as JSON for `tenure_population_models.models` (Maps as objects). */
export function populationModelsToJson(population: PopulationModels): unknown {
  const { models } = population;
  return {
    purchaseCurrency: population.purchaseCurrency ?? null,
    currency: models.currency ?? null,
    purchases: models.purchases ?? null,
    purchasesReport: models.purchasesReport,
    spend: models.spend ?? null,
    spendReport: models.spendReport,
    sbg: Object.fromEntries(models.sbg),
    sbgReports: models.sbgReports,
  };
}

/** The inverse of {@link populationModelsToJson}. */
export function populationModelsFromJson(position: number, json: unknown): PopulationModels {
  const stored = json as {
    purchaseCurrency: string | null;
    currency: string | null;
    purchases: ValuationModels['purchases'] | null;
    purchasesReport: ValuationModels['purchasesReport'];
    spend: ValuationModels['spend'] | null;
    spendReport: ValuationModels['spendReport'];
    sbg: Record<string, SbgParams>;
    sbgReports: ValuationModels['sbgReports'];
  };
  return {
    position,
    purchaseCurrency: stored.purchaseCurrency ?? undefined,
    models: {
      currency: stored.currency ?? undefined,
      purchases: stored.purchases ?? undefined,
      purchasesReport: stored.purchasesReport,
      spend: stored.spend ?? undefined,
      spendReport: stored.spendReport,
      sbg: new Map(Object.entries(stored.sbg)),
      sbgReports: stored.sbgReports,
    },
  };
}
