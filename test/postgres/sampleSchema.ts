import { createPostgresLog } from '../../src/log/postgres/index.js';
import { generateSampleBusiness } from '../../src/sample/index.js';
import type { TestPostgres } from '../support/usePostgres.js';

/**
 * A fresh schema whose log holds 100 customers of the sample business (`seed`), a pool of 4
 * connections to it, and the time of its last event (the workers' `asOf`).
 */
export async function sampleSchema(db: TestPostgres, seed: number) {
  const schema = db.schema();
  const pool = db.pool({ max: 4 });
  const log = await createPostgresLog({ pool, schema });
  const inputs = [...generateSampleBusiness({ seed, customers: 100, order: 'time' })];
  await log.append(inputs);
  const asOf = Math.max(...inputs.map((input) => Number(new Date(input.at as never))));
  return { schema, pool, asOf };
}
