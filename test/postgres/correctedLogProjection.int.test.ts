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

/**
 * Customer ids a database may order or compare otherwise than JavaScript does (case, accents,
 * combining marks, punctuation, digits, astral characters) or that name an object's own keys.
 */
const customerIdArbitrary = fc.oneof(
  fc.constantFrom('a-b', 'ab', 'AB', 'a b', '__proto__', 'constructor', 'é', 'e\u0301', '10', '9'),
  fc.constantFrom('😀', 'ｚ', 'ä'),
  fc.string({ minLength: 1, maxLength: 3, unit: 'grapheme' }),
);

/** `corrected` with its customers c1, c2, ... renamed to `ids` (the first ones). */
function renamed(corrected: CorrectedLog, ids: readonly string[]): CorrectedLog {
  const rename = <TEvent extends { customerId: string }>(event: TEvent): TEvent => ({
    ...event,
    customerId: ids[Number(event.customerId.slice(1)) - 1] ?? event.customerId,
  });
  return {
    ...corrected,
    batches: corrected.batches.map((batch) => batch.map(rename)),
    expected: corrected.expected.map(rename),
  };
}

async function appendAll(log: EventLog, corrected: CorrectedLog): Promise<void> {
  for (const batch of corrected.batches) await log.append(batch);
}

describe('a PostgreSQL log fed batches with late, resent and voided events, customer ids of any characters', () => {
  it('projects (and streams customers in passes) as the memory log and the log it counts as, now and earlier', async () => {
    await fc.assert(
      fc.asyncProperty(
        correctedLogArbitrary({ maxCustomers: 6 }),
        fc.option(fc.uniqueArray(customerIdArbitrary, { minLength: 6, maxLength: 6 })),
        fc.nat(),
        fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: 1, max: 5 }),
        async (drawn, ids, pick, passes, readBatchSize) => {
          const corrected = ids === null ? drawn : renamed(drawn, ids);
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
