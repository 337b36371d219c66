import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createMemoryLog } from '../../src/log/createMemoryLog.js';
import type { EventLog } from '../../src/log/EventLog.js';
import { createPostgresLog } from '../../src/log/postgres/index.js';
import { createLifecycle } from '../../src/projection/index.js';
import { type CorrectedLog, correctedLogArbitrary } from '../../src/testing/index.js';
import { countsAt, travelTimes } from '../projection/support/countsAt.js';
import { usePostgres } from '../support/usePostgres.js';

const db = usePostgres();
const lifecycle = createLifecycle();
const json = (value: unknown) => JSON.stringify(value);

async function appendAll(log: EventLog, corrected: CorrectedLog): Promise<void> {
  for (const batch of corrected.batches) await log.append(batch);
}

describe('a PostgreSQL log fed batches with late, resent and voided events', () => {
  it('projects (and streams customers in passes) as the memory log and the log it counts as, now and earlier', async () => {
    await fc.assert(
      fc.asyncProperty(
        correctedLogArbitrary({ maxCustomers: 6 }),
        fc.nat(),
        fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: 1, max: 5 }),
        async (corrected, pick, passes, readBatchSize) => {
          // A small readBatchSize reads the log in several pages, as a large log is.
          const log = await createPostgresLog({
            connectionString: db.url,
            schema: db.schema(),
            readBatchSize,
          });
          try {
            await appendAll(log, corrected);
            const memory = createMemoryLog();
            await appendAll(memory, corrected);
            for (const asOf of travelTimes(corrected, pick)) {
              const want = json(lifecycle.projectEvents(countsAt(corrected, asOf), { asOf }));
              expect(json(await lifecycle.project(log, { asOf }))).toBe(want);
              expect(json(await lifecycle.project(memory, { asOf }))).toBe(want);
              const streamed = [];
              for await (const customer of lifecycle.projectCustomers(log, { asOf, passes })) {
                streamed.push(customer);
              }
              streamed.sort((a, b) => (a.customerId < b.customerId ? -1 : 1));
              expect(json(streamed)).toBe(json(JSON.parse(want).customers));
            }
          } finally {
            await log.close();
          }
        },
      ),
      { numRuns: 15 },
    );
  });
});
