import type { ClientBase } from 'pg';
import { TenureError } from '../../../errors/TenureError.js';
import type { ValuationSettings } from '../../../valuation/ValuationOptions.js';
import {
  fitPopulationModels,
  type PopulationModels,
  populationModelsFromJson,
  populationModelsToJson,
} from './fitPopulationModels.js';

/** The events a valuation reads: any of them at or before asOf makes a fit out of date. */
export const VALUATION_EVENTS = `(type IN ('purchase', 'refund', 'event.voided') OR type LIKE 'subscription.%')`;

/** What a worker values: one projection at one asOf with one set of settings. */
export interface PopulationScope {
  readonly client: ClientBase;
  readonly api: string;
  readonly schemaName: string;
  /** The schema, quoted. */
  readonly schema: string;
  readonly projection: string;
  readonly partitions: number;
  readonly asOf: number;
  readonly settings: ValuationSettings;
}

/** Gives a worker the population's current models, fitting them when no worker has yet. */
export interface PopulationModelKeeper {
  /**
   * The models fitted on the log as it is now. The first worker to find none (or an out-of-date
   * fit: valuation events at or before asOf appended since) takes an advisory lock and fits;
   * the others wait for the lock and load its row (so that their batches are valued as they
   * are written, not in a second pass), or fit themselves when it died without one.
   */
  current(): Promise<PopulationModels>;
  /**
   * The log position up to which the last {@link current} result is known to be current: no
   * valuation event at or before asOf lies between its fit and this position.
   */
  currentUpTo(): number;
}

/**
 * Keeps `tenure_population_models` for one projection: loads the fitted row, checks that it
 * still describes the log (no valuation event at or before `asOf` after its position; the
 * check moves a watermark, so each new event is looked at once), and refits under an advisory
 * lock when it does not (a worker that finds the lock taken waits for it, then loads).
 *
 * @throws TenureError `TENURE_INVALID_OPTION` when the stored fit was made for another `asOf`
 *   or other churn/clv settings: every worker of a projection must use the same.
 */
export function createPopulationModelKeeper(scope: PopulationScope): PopulationModelKeeper {
  const { client, schema } = scope;
  const settingsJson = JSON.stringify(scope.settings);
  const lockKey = `tenure:fit:${scope.schemaName}:${scope.projection}:${scope.partitions}`;
  let known: PopulationModels | undefined;
  /** Every event up to here has been checked against `known`. */
  let checkedUpTo = 0;

  const load = async (): Promise<PopulationModels | undefined> => {
    const result = await client.query<{
      as_of: string;
      same: boolean;
      position: string;
      models: unknown;
    }>(
      `SELECT as_of, settings = $3::jsonb AS same, position, models
       FROM ${schema}.tenure_population_models WHERE projection = $1 AND partitions = $2`,
      [scope.projection, scope.partitions, settingsJson],
    );
    const row = result.rows[0];
    if (row === undefined) return undefined;
    if (Number(row.as_of) !== scope.asOf || !row.same) {
      throw new TenureError(
        'TENURE_INVALID_OPTION',
        `${scope.api}: projection ${JSON.stringify(scope.projection)} was valued as of ${new Date(Number(row.as_of)).toISOString()} with other settings or another asOf than this worker's (${new Date(scope.asOf).toISOString()}); give every worker the same asOf, churn and clv, or use another projection name.`,
      );
    }
    return populationModelsFromJson(Number(row.position), row.models);
  };

  /** Whether a valuation event at or before asOf came after `population`'s fit. */
  const outdated = async (population: PopulationModels): Promise<boolean> => {
    const from = Math.max(checkedUpTo, population.position);
    const result = await client.query<{ relevant: string | null; head: string }>(
      `SELECT (SELECT min(position) FROM ${schema}.tenure_events
               WHERE position > $1 AND at <= $2 AND ${VALUATION_EVENTS}) AS relevant,
              (SELECT position FROM ${schema}.tenure_head) AS head`,
      [from, scope.asOf],
    );
    const row = result.rows[0];
    if (row?.relevant !== null && row?.relevant !== undefined) return true;
    checkedUpTo = Number(row?.head ?? from);
    return false;
  };

  const refit = async (): Promise<PopulationModels> => {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    let population: PopulationModels;
    try {
      population = await fitPopulationModels(client, scope.schemaName, scope.asOf, scope.settings);
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    }
    await client.query(
      `INSERT INTO ${schema}.tenure_population_models
         (projection, partitions, as_of, settings, position, models, fitted_at)
       VALUES ($1, $2, $3, $4::jsonb, $5, $6::jsonb, now())
       ON CONFLICT (projection, partitions) DO UPDATE SET position = EXCLUDED.position,
         models = EXCLUDED.models, fitted_at = now()
       WHERE tenure_population_models.position < EXCLUDED.position`,
      [
        scope.projection,
        scope.partitions,
        scope.asOf,
        settingsJson,
        population.position,
        JSON.stringify(populationModelsToJson(population)),
      ],
    );
    return population;
  };

  return {
    currentUpTo: () => (known === undefined ? -1 : Math.max(checkedUpTo, known.position)),
    async current() {
      if (known !== undefined && !(await outdated(known))) return known;
      const stored = await load();
      if (stored !== undefined && (known === undefined || stored.position > known.position)) {
        known = stored;
        if (!(await outdated(stored))) return stored;
      }
      await client.query('SELECT pg_advisory_lock(hashtext($1))', [lockKey]);
      try {
        // Another worker may have fitted between the check and the lock.
        const again = await load();
        if (again !== undefined && !(await outdated(again))) {
          known = again;
          return again;
        }
        known = await refit();
        checkedUpTo = known.position;
        return known;
      } finally {
        await client.query('SELECT pg_advisory_unlock(hashtext($1))', [lockKey]);
      }
    },
  };
}
