import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { StoredEvent } from '../../src/events/TenureEvent.js';
import { importToLog } from '../../src/import/importToLog.js';
import { createMemoryLog } from '../../src/log/createMemoryLog.js';
import { collectImport as collect } from './collectImport.js';

const HEADER =
  'Name,Email,Currency,Total,Created at,Lineitem quantity,Lineitem name,Lineitem sku,Vendor';

/** An order: its customer, day and items (SKU or none, quantity, category). */
const orderArbitrary = fc.record({
  customer: fc.constantFrom('ada@example.com', 'bo@example.com', 'cy@example.com'),
  day: fc.integer({ min: 1, max: 28 }),
  items: fc.array(
    fc.record({
      sku: fc.constantFrom('MUG-1', 'TOTE-1', 'FERN-A3', ''),
      quantity: fc.integer({ min: 1, max: 3 }),
      category: fc.constantFrom('Ceramics', 'Bags', 'Prints'),
    }),
    { minLength: 1, maxLength: 4 },
  ),
});
type Order = typeof orderArbitrary extends fc.Arbitrary<infer T> ? T : never;

/** The export of `orders` as Shopify writes it: the order's total and currency on its first row. */
function write(orders: readonly Order[]): string {
  const rows = orders.flatMap((order, index) =>
    order.items.map((item, at) =>
      [
        `#${1001 + index}`,
        order.customer,
        at === 0 ? 'USD' : '',
        at === 0 ? `${10 * order.items.length}.00` : '',
        `2024-09-${String(order.day).padStart(2, '0')} 10:00:00 -0400`,
        item.quantity,
        `Product ${item.sku || 'without SKU'}`,
        item.sku,
        item.category,
      ].join(','),
    ),
  );
  return [HEADER, ...rows].join('\n');
}

async function logged(csv: string, batchSize: number): Promise<StoredEvent[]> {
  const log = createMemoryLog();
  const summary = await importToLog(log, csv, { batchSize, columns: { itemCategory: 'Vendor' } });
  expect(summary.rejected).toBe(0);
  const events: StoredEvent[] = [];
  for await (const event of log.read()) events.push(event);
  return events;
}

describe('purchase items whatever the batches', () => {
  it('logs each order whole, its items in order, at any batch size, and a re-import appends nothing', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(orderArbitrary, { minLength: 1, maxLength: 6 }),
        fc.integer({ min: 1, max: 7 }),
        async (orders, batchSize) => {
          const csv = write(orders);
          const events = await logged(csv, batchSize);
          expect(events.map((event) => (event.data as { items: unknown }).items)).toEqual(
            orders.map((order) =>
              order.items.map((item) => ({
                productId: item.sku || `Product without SKU`,
                category: item.category,
                quantity: item.quantity,
              })),
            ),
          );
          const whole = await logged(csv, 1000);
          expect(events.map(({ position: _, ...event }) => event)).toEqual(
            whole.map(({ position: _, ...event }) => event),
          );
          const log = createMemoryLog();
          await importToLog(log, csv, { batchSize, columns: { itemCategory: 'Vendor' } });
          const again = await importToLog(log, csv, {
            batchSize: 1 + (batchSize % 3),
            columns: { itemCategory: 'Vendor' },
          });
          expect(again.appended).toBe(0);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('ends an order at a row that cannot be read: items after it are not added to it', async () => {
    const csv = [
      HEADER,
      '#1001,ada@example.com,USD,20.00,2024-09-03 10:00:00 -0400,1,Mug,MUG-1,Ceramics',
      '#1001,ada@example.com,,,2024-09-03 10:00:00 -0400,1,Tote,TOTE-1', // a field short: unreadable
      '#1001,ada@example.com,,,2024-09-03 10:00:00 -0400,1,Tote,TOTE-1,Bags',
    ].join('\n');
    for (const batchSize of [1, 2, 1000]) {
      const { events, rejected } = await collect(csv, { batchSize });
      expect(events.map((event) => (event.data as { items: unknown }).items)).toEqual([
        [{ productId: 'MUG-1', quantity: 1 }],
      ]);
      expect(rejected.map((row) => row.line)).toEqual([3, 4]);
    }
  });
});
