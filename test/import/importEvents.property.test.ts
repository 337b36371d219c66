import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { TenureEvent } from '../../src/events/TenureEvent.js';
import { importEvents } from '../../src/import/importEvents.js';

/** An order row; `broken` rows get an amount that is not a number. */
const order = fc.record({
  customer: fc
    .string({
      unit: fc.constantFrom('a', 'B', '7', ' ', ',', ';', '"', '|', 'é'),
      minLength: 1,
      maxLength: 8,
    })
    .filter((text) => text.trim() !== ''),
  day: fc.integer({ min: 0, max: 3_650 }),
  cents: fc.integer({ min: 0, max: 10_000_000 }),
  broken: fc.boolean(),
});

function quote(field: string, delimiter: string): string {
  return /[",;|\t\n]/.test(field) || field !== field.trim() || field.includes(delimiter)
    ? `"${field.replaceAll('"', '""')}"`
    : field;
}

async function importAll(text: string, batchSize: number) {
  const events: TenureEvent[] = [];
  const rejected: number[] = [];
  let rows = 0;
  let duplicates = 0;
  for await (const batch of importEvents(text, { defaultCurrency: 'EUR', batchSize })) {
    events.push(...batch.events);
    rejected.push(...batch.rejected.map((row) => row.line));
    rows += batch.rows;
    duplicates += batch.duplicates;
  }
  return { events, rejected, rows, duplicates };
}

describe('importEvents (properties)', () => {
  it('round-trips any orders written with any separator, line ending and quoting, and names every broken row', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(order, { minLength: 1, maxLength: 40 }),
        fc.constantFrom(',', ';', '\t', '|'),
        fc.constantFrom('\n', '\r\n'),
        fc.integer({ min: 1, max: 16 }),
        async (orders, delimiter, newline, batchSize) => {
          const start = Date.UTC(2020, 0, 1);
          const lines = [['customer', 'date', 'amount'].join(delimiter)];
          for (const { customer, day, cents, broken } of orders) {
            const date = new Date(start + day * 86_400_000).toISOString().slice(0, 10);
            const amount = broken ? 'n/a' : (cents / 100).toFixed(2);
            lines.push([quote(customer, delimiter), date, amount].join(delimiter));
          }
          const { events, rejected, rows, duplicates } = await importAll(
            lines.join(newline),
            batchSize,
          );
          expect(rows).toBe(orders.length);
          expect(duplicates).toBe(0);
          const good = orders.filter((row) => !row.broken);
          expect(
            events.map((event) => [
              event.customerId,
              event.at,
              (event.data as { amount: number }).amount,
            ]),
          ).toEqual(
            good.map((row) => [row.customer.trim(), start + row.day * 86_400_000, row.cents / 100]),
          );
          expect(rejected).toEqual(orders.flatMap((row, index) => (row.broken ? [index + 2] : [])));
        },
      ),
      { numRuns: 60 },
    );
  });

  it('gives the same ids whatever the batch size, and distinct ids to distinct lines', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(order, { minLength: 1, maxLength: 30 }),
        fc.integer({ min: 1, max: 8 }),
        async (orders, batchSize) => {
          const text = [
            'customer,date,amount',
            ...orders.map((row) => `c${row.customer.length},2024-01-01,${row.cents / 100}`),
          ].join('\n');
          const once = await importAll(text, batchSize);
          const whole = await importAll(text, 1000);
          expect(once.events.map((event) => event.id)).toEqual(
            whole.events.map((event) => event.id),
          );
          expect(new Set(whole.events.map((event) => event.id)).size).toBe(orders.length);
        },
      ),
      { numRuns: 40 },
    );
  });
});
