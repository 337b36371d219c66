import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { StoredEvent } from '../../src/events/TenureEvent.js';
import { importToLog } from '../../src/import/importToLog.js';
import { createMemoryLog } from '../../src/log/createMemoryLog.js';

/** A purchase row from a small domain, so that files share rows and repeat them. */
const row = fc.record({
  customer: fc.constantFrom('c1', 'c2', 'c3'),
  day: fc.integer({ min: 1, max: 3 }),
  cents: fc.constantFrom(500, 1050, 2000),
});
type Row = typeof row extends fc.Arbitrary<infer T> ? T : never;

/** One export of `rows`: its own separator and column order, as two systems would write it. */
const layout = fc.record({
  delimiter: fc.constantFrom(',', ';', '\t'),
  order: fc.constantFrom(
    ['customer_id', 'date', 'amount'],
    ['amount', 'customer_id', 'date'],
    ['date', 'amount', 'customer_id'],
  ),
  batchSize: fc.integer({ min: 1, max: 5 }),
});

function write(
  rows: readonly Row[],
  { delimiter, order }: { delimiter: string; order: readonly string[] },
) {
  const cell = (item: Row, column: string) =>
    column === 'customer_id'
      ? item.customer
      : column === 'date'
        ? `2024-01-0${item.day}`
        : (item.cents / 100).toFixed(2);
  return [
    order.join(delimiter),
    ...rows.map((item) => order.map((c) => cell(item, c)).join(delimiter)),
  ].join('\n');
}

const key = (item: Row) => `${item.customer} ${Date.UTC(2024, 0, item.day)} ${item.cents / 100}`;

function counts(keys: readonly string[]): Map<string, number> {
  const map = new Map<string, number>();
  for (const item of keys) map.set(item, (map.get(item) ?? 0) + 1);
  return map;
}

describe('re-importing (properties)', () => {
  it('a second export appends, of each row, only the copies the first did not have, whatever the order and layout', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(row, { maxLength: 12 }),
        fc.array(row, { maxLength: 12 }),
        layout,
        layout,
        async (first, second, firstLayout, secondLayout) => {
          const log = createMemoryLog();
          const once = await importToLog(log, write(first, firstLayout), {
            defaultCurrency: 'EUR',
            batchSize: firstLayout.batchSize,
          });
          const again = await importToLog(log, write(second, secondLayout), {
            defaultCurrency: 'EUR',
            batchSize: secondLayout.batchSize,
          });
          const had = counts(first.map(key));
          const has = counts(second.map(key));
          let added = 0;
          for (const [content, count] of has) added += Math.max(0, count - (had.get(content) ?? 0));
          expect(once).toMatchObject({ appended: first.length, duplicates: 0, rejected: 0 });
          expect(again).toMatchObject({
            appended: added,
            duplicates: second.length - added,
            rejected: 0,
          });
          const stored: StoredEvent[] = [];
          for await (const event of log.read()) stored.push(event);
          const expected = new Map(had);
          for (const [content, count] of has)
            expected.set(content, Math.max(count, expected.get(content) ?? 0));
          const amount = (event: StoredEvent) => (event.data as { amount: number }).amount;
          expect(
            counts(stored.map((event) => `${event.customerId} ${event.at} ${amount(event)}`)),
          ).toEqual(expected);
        },
      ),
      { numRuns: 150 },
    );
  });
});
