import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { StoredEvent } from '../../src/events/TenureEvent.js';
import { importToLog } from '../../src/import/importToLog.js';
import { createMemoryLog } from '../../src/log/createMemoryLog.js';

/** An order of an export of one row per item: its status on its first row, 0 to 2 further items. */
const order = fc.record({
  customer: fc.constantFrom('c1', 'c2'),
  day: fc.integer({ min: 1, max: 2 }),
  amount: fc.constantFrom('5.00', '12.50'),
  status: fc.constantFrom('paid', 'Paid', 'refunded', '', 'Failed', 'voided', 'pending'),
  items: fc.integer({ min: 0, max: 2 }),
});
type Order = typeof order extends fc.Arbitrary<infer T> ? T : never;

const LEFT_OUT = new Set(['failed', 'voided', 'pending']);

/** The file's rows: each order's first row, then its item rows (no amount, no status). */
function write(orders: readonly Order[]): string {
  const rows = orders.flatMap((item, index) => {
    const date = `2024-01-0${item.day}`;
    return [
      `A-${index},${item.customer},${date},${item.amount},EUR,${item.status},sku-0`,
      ...Array.from(
        { length: item.items },
        (_, n) => `A-${index},${item.customer},,,,,sku-${n + 1}`,
      ),
    ];
  });
  return ['order_id,customer_id,date,amount,currency,status,sku', ...rows].join('\n');
}

async function stored(log: ReturnType<typeof createMemoryLog>): Promise<StoredEvent[]> {
  const events: StoredEvent[] = [];
  for await (const event of log.read()) events.push(event);
  return events;
}

describe('rows left out by their status (properties)', () => {
  it('import what the same file without those orders imports, whatever the batch size, and are counted with their item rows', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(order, { maxLength: 10 }),
        fc.integer({ min: 1, max: 4 }),
        async (orders, batchSize) => {
          const log = createMemoryLog();
          const summary = await importToLog(log, write(orders), { batchSize, strict: true });
          const kept = orders.filter((item) => !LEFT_OUT.has(item.status.toLowerCase()));
          // Order ids come from the order's place in the file: keep them as they were.
          const alone = createMemoryLog();
          const without = write(orders).split('\n');
          const keptLines = [
            without[0] as string,
            ...without.slice(1).filter((line) => {
              const index = Number(line.split(',')[0]?.slice(2));
              return kept.includes(orders[index] as Order);
            }),
          ];
          await importToLog(alone, keptLines.join('\n'), { batchSize });
          const strip = (events: StoredEvent[]) =>
            events.map((event) => [event.id, event.customerId, event.at, event.data]);
          expect(strip(await stored(log))).toEqual(strip(await stored(alone)));
          const skippedRows = orders
            .filter((item) => !kept.includes(item))
            .reduce((sum, item) => sum + 1 + item.items, 0);
          expect(summary).toMatchObject({
            rowsRead: orders.reduce((sum, item) => sum + 1 + item.items, 0),
            appended: kept.length,
            rejected: 0,
            items: kept.reduce((sum, item) => sum + item.items, 0),
            skipped: skippedRows,
          });
          expect(
            Object.values(summary.skippedByStatus).reduce((sum, count) => sum + count, 0),
          ).toBe(skippedRows);
        },
      ),
      { numRuns: 150 },
    );
  });
});
