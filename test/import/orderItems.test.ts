import { describe, expect, it } from 'vitest';
import { importToLog } from '../../src/import/importToLog.js';
import { createMemoryLog } from '../../src/log/createMemoryLog.js';
import { collectImport as collect } from './collectImport.js';
import { SHOPIFY_ORDER_COLUMNS } from './shopifyColumns.js';

/** Shopify's orders export, its columns in its order, cut after `Id` (addresses left out). */
const SHOPIFY_HEADER = [...SHOPIFY_ORDER_COLUMNS, 'Id'].join(',');

/** An order's first row: the order's fields and its first item. */
const first = (name: string, email: string, total: string, created: string, id: string) =>
  `${name},${email},paid,${created},fulfilled,,no,USD,${total},0.00,0.00,${total},,0.00,Standard,${created},1,Fern Print,16.00,,FERN-1,true,true,fulfilled,Someone,${id}`;
/** A further item of an order: the order's name, e-mail and date, the item, the rest empty. */
const item = (name: string, email: string, created: string, id = '') =>
  `${name},${email},,,,,,,,,,,,,,${created},2,Canvas Tote,20.00,,TOTE-1,true,true,fulfilled,,${id}`;

const ADA = '2024-09-03 10:14:00 -0400';
const BO = '2024-09-10 09:00:00 -0400';
const CY = '2024-09-12 18:30:00 -0400';

describe('orders written one row per item', () => {
  it("reads Shopify's orders export: one purchase per order, its other items neither purchases nor bad rows", async () => {
    const csv = [
      SHOPIFY_HEADER,
      first('#1001', 'ada@example.com', '56.00', ADA, '5550000001'),
      item('#1001', 'ada@example.com', ADA),
      item('#1001', 'ada@example.com', ADA),
      first('#1002', 'bo@example.com', '25.00', BO, '5550000002'),
      first('#1003', 'cy@example.com', '36.00', CY, '5550000003'),
      // Item rows that leave the date out too, or repeat the order's Id: items all the same.
      item('#1003', 'cy@example.com', ''),
      item('#1003', 'cy@example.com', CY, '5550000003'),
    ].join('\n');
    const { batches, events, rejected } = await collect(csv);
    expect(rejected).toEqual([]);
    expect(events).toEqual([
      expect.objectContaining({
        id: '5550000001',
        customerId: 'ada@example.com',
        at: Date.UTC(2024, 8, 3, 14, 14),
        // The order's name, as the shop knows it, is the purchase's order id.
        // Its items, from its rows in order: the product is the SKU, the price per unit.
        data: {
          orderId: '#1001',
          amount: 56,
          currency: 'USD',
          items: [
            { productId: 'FERN-1', quantity: 1, price: 16 },
            { productId: 'TOTE-1', quantity: 2, price: 20 },
            { productId: 'TOTE-1', quantity: 2, price: 20 },
          ],
        },
      }),
      expect.objectContaining({ id: '5550000002', data: expect.objectContaining({ amount: 25 }) }),
      expect.objectContaining({ id: '5550000003', data: expect.objectContaining({ amount: 36 }) }),
    ]);
    expect(batches.map((batch) => [batch.items, batch.itemLines, batch.rows])).toEqual([
      [4, [3, 4, 7, 8], 7],
    ]);
  });

  it('still rejects a row without an amount that names no order just given, or contradicts it', async () => {
    const csv = [
      SHOPIFY_HEADER,
      first('#1001', 'ada@example.com', '56.00', ADA, '5550000001'),
      // Another customer than the order's: not the order's item.
      item('#1001', 'bo@example.com', ADA),
      // Another date than the order's.
      item('#1001', 'ada@example.com', BO),
      // An order whose first row is not just before.
      item('#1009', 'ada@example.com', ADA),
      // An order whose first row was refused: its items are not taken for part of anything.
      first('#1002', 'bo@example.com', 'abc', BO, '5550000002'),
      item('#1002', 'bo@example.com', BO),
    ].join('\n');
    const { events, rejected, batches } = await collect(csv);
    expect(events.map((event) => event.id)).toEqual(['5550000001']);
    expect(batches[0]?.items).toBe(0);
    expect(rejected.map((row) => [row.line, row.reason])).toEqual([
      [3, 'amount (column "Total") is empty; a purchase needs one'],
      [4, 'amount (column "Total") is empty; a purchase needs one'],
      [5, 'amount (column "Total") is empty; a purchase needs one'],
      [6, expect.stringMatching(/^amount \(column "Total"\): expected a number/)],
      [7, 'amount (column "Total") is empty; a purchase needs one'],
    ]);
  });

  it('takes no column Name for an order outside an export of line items', async () => {
    const csv = ['Name,customer_id,date,amount', 'Ada Lovelace,c1,2024-03-05,10'].join('\n');
    const { events } = await collect(csv, { defaultCurrency: 'EUR' });
    expect(events[0]?.data).toEqual({ orderId: events[0]?.id, amount: 10, currency: 'EUR' });
  });

  it('reads items of any file that names its orders, and rejects an amountless row without one', async () => {
    const csv = [
      'order_id,customer_id,date,amount,sku',
      'A-1,c1,2024-03-05,30,mug',
      'A-1,c1,,,tote',
      'A-2,c2,2024-03-06,5,pen',
    ].join('\n');
    const { events, rejected, batches } = await collect(csv, { defaultCurrency: 'EUR' });
    expect(rejected).toEqual([]);
    expect(events.map((event) => (event.data as { orderId: string }).orderId)).toEqual([
      'A-1',
      'A-2',
    ]);
    expect(batches[0]?.itemLines).toEqual([3]);
    // A row with a payload of its own is no item of another row's event.
    const withData = [
      'order_id,customer_id,date,amount,data',
      'A-1,c1,2024-03-05,30,',
      'A-1,c1,,,"{""note"":""gift""}"',
    ];
    const payload = await collect(withData.join('\n'), { defaultCurrency: 'EUR' });
    expect(payload.rejected.map((row) => row.line)).toEqual([3]);
    const unnamed = ['customer_id,date,amount', 'c1,2024-03-05,30', 'c1,2024-03-05,'].join('\n');
    const alone = await collect(unnamed, { defaultCurrency: 'EUR' });
    expect(alone.rejected.map((row) => row.line)).toEqual([3]);
  });

  it('counts the items in the summary, across batches and imports, and a strict import goes on past them', async () => {
    const csv = [
      SHOPIFY_HEADER,
      first('#1001', 'ada@example.com', '56.00', ADA, '5550000001'),
      item('#1001', 'ada@example.com', ADA),
      item('#1001', 'ada@example.com', ADA),
      first('#1002', 'bo@example.com', '25.00', BO, '5550000002'),
    ].join('\n');
    const log = createMemoryLog();
    // A batch of 2 rows would end inside order #1001: it waits for the order's items.
    const summary = await importToLog(log, csv, { batchSize: 2, strict: true });
    expect(summary).toMatchObject({ rowsRead: 4, appended: 2, items: 2, rejected: 0 });
    expect(summary.stoppedAt).toBeUndefined();
    const again = await importToLog(log, csv);
    expect(again).toMatchObject({ rowsRead: 4, appended: 0, duplicates: 2, items: 2 });
    // A strict import stopped by a bad row counts the items before it only.
    const bad = `${csv}\n${item('#1007', 'ada@example.com', ADA)}\n${item('#1002', 'bo@example.com', BO)}`;
    const stopped = await importToLog(createMemoryLog(), bad, { strict: true });
    expect(stopped).toMatchObject({ rowsRead: 5, items: 2, rejected: 1 });
    expect(stopped.stoppedAt?.line).toBe(6);
  });
});
