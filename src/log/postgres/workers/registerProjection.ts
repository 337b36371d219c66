import type { ClientBase } from 'pg';
import { TenureError } from '../../../errors/TenureError.js';
import type { ValuationSettings } from '../../../valuation/ValuationOptions.js';

/** What a worker projects: the projection's identity and what every one of its workers must share. */
export interface ProjectionRegistration {
  readonly client: ClientBase;
  readonly api: string;
  /** The schema, quoted. */
  readonly schema: string;
  readonly projection: string;
  readonly partitions: number;
  readonly asOf: number;
  /** The lifecycle's fingerprint (name, machines, stages and machine inputs). */
  readonly lifecycle: string;
  readonly settings: ValuationSettings;
}

/**
 * Registers the projection's asOf, lifecycle and valuation settings on its first worker, and
 * refuses a worker that brings others: its states would be of another time or lifecycle than
 * the rows the other workers write into the same table, and nothing downstream could tell them
 * apart. Internal.
 *
 * @throws TenureError `TENURE_INVALID_OPTION` when the projection is registered with another
 *   partition count, asOf, lifecycle or churn/clv settings.
 */
export async function registerProjection(registration: ProjectionRegistration): Promise<void> {
  const { client, schema, projection, partitions } = registration;
  // Checked and registered under a lock: two workers of different partition counts starting at
  // once would each find no other registration and insert their own.
  await client.query('BEGIN');
  try {
    await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [
      `tenure:register:${schema}:${projection}`,
    ]);
    const other = await client.query<{ partitions: number }>(
      `SELECT partitions FROM ${schema}.tenure_projections
       WHERE projection = $1 AND partitions <> $2 LIMIT 1`,
      [projection, partitions],
    );
    const registered = other.rows[0]?.partitions;
    if (registered !== undefined) {
      // The rows of tenure_customer_states are keyed by projection and customer: workers of
      // two partition counts would overwrite each other's, each skipping customers the other's
      // rows already cover.
      throw new TenureError(
        'TENURE_INVALID_OPTION',
        `${registration.api}: projection ${JSON.stringify(projection)} is projected with ${registered} partitions (this worker: ${partitions}); give every worker of a projection the same partitions, or use another projection name.`,
      );
    }
    await insertAndCompare(registration);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

async function insertAndCompare(registration: ProjectionRegistration): Promise<void> {
  const { client, schema, projection, partitions, asOf, lifecycle } = registration;
  const settings = JSON.stringify(registration.settings);
  await client.query(
    `INSERT INTO ${schema}.tenure_projections (projection, partitions, as_of, lifecycle, settings)
     VALUES ($1, $2, $3, $4, $5::jsonb) ON CONFLICT (projection, partitions) DO NOTHING`,
    [projection, partitions, asOf, lifecycle, settings],
  );
  const result = await client.query<{
    as_of: string;
    lifecycle: string;
    settings: unknown;
    same_settings: boolean;
  }>(
    `SELECT as_of, lifecycle, settings, settings = $3::jsonb AS same_settings
     FROM ${schema}.tenure_projections WHERE projection = $1 AND partitions = $2`,
    [projection, partitions, settings],
  );
  const row = result.rows[0];
  if (row === undefined) return;
  const differences: string[] = [];
  if (Number(row.as_of) !== asOf) {
    differences.push(
      `asOf ${new Date(Number(row.as_of)).toISOString()} (this worker: ${new Date(asOf).toISOString()})`,
    );
  }
  if (row.lifecycle !== lifecycle) {
    differences.push(`lifecycle ${row.lifecycle} (this worker: ${lifecycle})`);
  }
  if (!row.same_settings) {
    differences.push(`churn/clv ${JSON.stringify(row.settings)} (this worker: ${settings})`);
  }
  if (differences.length === 0) return;
  throw new TenureError(
    'TENURE_INVALID_OPTION',
    `${registration.api}: projection ${JSON.stringify(projection)} (${partitions} partitions) is projected with ${differences.join(', ')}; give every worker of a projection the same asOf, lifecycle, churn and clv, or use another projection name (a new asOf is a new projection).`,
  );
}
