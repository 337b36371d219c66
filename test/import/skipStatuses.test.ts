import { describe, expect, it } from 'vitest';
import { ImportOptionsError } from '../../src/import/ImportOptionsError.js';
import { importToLog } from '../../src/import/importToLog.js';
import { DEFAULT_SKIP_STATUSES } from '../../src/import/skipStatuses.js';
import { createMemoryLog } from '../../src/log/createMemoryLog.js';
import { collectImport as collect } from './collectImport.js';
import { SHOPIFY_ORDER_COLUMNS } from './shopifyColumns.js';

/** Stripe's payments export as the dashboard writes it: every payment, whatever its status. */
const STRIPE_CSV = [
  'id,Created (UTC),Amount,Amount Refunded,Currency,Captured,Customer ID,Customer Email,Status',
  'ch_1,2024-03-05 13:22,25.00,0.00,usd,true,cus_A,ada@example.com,Paid',
  // The card was declined: no money changed hands.
  'ch_2,2024-03-06 09:00,40.00,0.00,usd,false,cus_B,bo@example.com,Failed',
  // Paid, then refunded: the purchase happened, the refund is its own event.
  'ch_3,2024-03-07 10:15,9.99,9.99,usd,true,cus_B,bo@example.com,Refunded',
  'ch_4,2024-03-08 11:00,12.00,0.00,usd,false,cus_C,cy@example.com,Failed',
  'ch_5,2024-03-08 11:05,12.00,0.00,usd,true,cus_C,cy@example.com,Paid',
].join('\n');

/** Shopify's orders export, its columns in its order, cut after `Id` (addresses left out). */
const SHOPIFY_HEADER = [...SHOPIFY_ORDER_COLUMNS, 'Id'].join(',');
const ADA = '2024-09-03 10:14:00 -0400';
const BO = '2024-09-10 09:00:00 -0400';
const CY = '2024-09-12 18:30:00 -0400';

/** An order's first row: the order's fields, its financial status and its first item. */
const order = (name: string, email: string, status: string, created: string, id: string) =>
  `${name},${email},${status},${created},,,no,USD,36.00,0.00,0.00,36.00,,0.00,Standard,${created},1,Fern Print,16.00,,FERN-1,true,true,,Someone,${id}`;
/** A further item of an order: the order's name, e-mail and date, the item, the rest empty. */
const item = (name: string, email: string, created: string) =>
  `${name},${email},,,,,,,,,,,,,,${created},1,Canvas Tote,20.00,,TOTE-1,true,true,,,`;

describe('rows whose status says no payment was made', () => {
  it("leaves out Stripe's failed payments and imports the paid and the refunded ones", async () => {
    const { events, rejected, batches } = await collect(STRIPE_CSV);
    expect(rejected).toEqual([]);
    expect(events.map((event) => [event.id, (event.data as { amount: number }).amount])).toEqual([
      ['ch_1', 25],
      ['ch_3', 9.99],
      ['ch_5', 12],
    ]);
    expect(batches[0]).toMatchObject({
      rows: 5,
      skipped: 2,
      skippedRows: [
        { line: 3, status: 'failed' },
        { line: 5, status: 'failed' },
      ],
    });
  });

  it('counts them by status in the summary, neither appended nor rejected, and re-imports idempotently', async () => {
    const log = createMemoryLog();
    const summary = await importToLog(log, STRIPE_CSV);
    expect(summary).toMatchObject({
      rowsRead: 5,
      appended: 3,
      duplicates: 0,
      rejected: 0,
      skipped: 2,
      skippedByStatus: { failed: 2 },
    });
    const again = await importToLog(log, STRIPE_CSV);
    expect(again).toMatchObject({ rowsRead: 5, appended: 0, duplicates: 3, skipped: 2 });
    expect(await log.position()).toBe(3);
  });

  it("leaves out Shopify's voided and pending orders with their item rows; items of the others stay theirs", async () => {
    const csv = [
      SHOPIFY_HEADER,
      order('#1001', 'ada@example.com', 'paid', ADA, '5550000001'),
      item('#1001', 'ada@example.com', ADA),
      order('#1002', 'bo@example.com', 'voided', BO, '5550000002'),
      item('#1002', 'bo@example.com', BO),
      item('#1002', 'bo@example.com', BO),
      order('#1003', 'cy@example.com', 'partially_refunded', CY, '5550000003'),
      item('#1003', 'cy@example.com', CY),
      order('#1004', 'ada@example.com', 'pending', CY, '5550000004'),
    ].join('\n');
    // Batches of 2 rows: the voided order's item rows come in the batches after its own.
    for (const batchSize of [1000, 2]) {
      const { events, rejected, batches } = await collect(csv, { batchSize });
      expect(rejected).toEqual([]);
      expect(events.map((event) => [event.id, (event.data as { items: unknown[] }).items])).toEqual(
        [
          [
            '5550000001',
            [
              { productId: 'FERN-1', quantity: 1, price: 16 },
              { productId: 'TOTE-1', quantity: 1, price: 20 },
            ],
          ],
          [
            '5550000003',
            [
              { productId: 'FERN-1', quantity: 1, price: 16 },
              { productId: 'TOTE-1', quantity: 1, price: 20 },
            ],
          ],
        ],
      );
      expect(batches.flatMap((batch) => batch.skippedRows)).toEqual([
        { line: 4, status: 'voided' },
        { line: 5, status: 'voided' },
        { line: 6, status: 'voided' },
        { line: 9, status: 'pending' },
      ]);
      expect(batches.flatMap((batch) => batch.itemLines)).toEqual([3, 8]);
    }
    const summary = await importToLog(createMemoryLog(), csv, { strict: true, batchSize: 2 });
    expect(summary).toMatchObject({
      rowsRead: 8,
      appended: 2,
      items: 2,
      rejected: 0,
      skipped: 4,
      skippedByStatus: { voided: 3, pending: 1 },
    });
    expect(summary.stoppedAt).toBeUndefined();
  });

  it('counts in a stopped strict import the rows left out before the bad row only', async () => {
    const csv = [
      'customer_id,date,amount,currency,status',
      'c1,2024-03-05,10,EUR,failed',
      'c2,not a date,10,EUR,paid',
      'c3,2024-03-05,10,EUR,failed',
    ].join('\n');
    const stopped = await importToLog(createMemoryLog(), csv, { strict: true });
    expect(stopped).toMatchObject({ rowsRead: 2, rejected: 1, skipped: 1 });
    expect(stopped.stoppedAt?.line).toBe(3);
  });

  it('imports every row with skipStatuses: [], and leaves out the statuses given instead of the defaults', async () => {
    const all = await collect(STRIPE_CSV, { skipStatuses: [] });
    expect(all.events.map((event) => event.id)).toEqual(['ch_1', 'ch_2', 'ch_3', 'ch_4', 'ch_5']);
    expect(all.batches[0]?.skipped).toBe(0);
    // In any case, spaced or not: "Refunded" is refunded, "partially paid" is partially_paid.
    const refunds = await collect(STRIPE_CSV, { skipStatuses: ['REFUNDED'] });
    expect(refunds.events.map((event) => event.id)).toEqual(['ch_1', 'ch_2', 'ch_4', 'ch_5']);
    const csv = [
      'customer_id,date,amount,currency,Payment Status',
      'c1,2024-03-05,10,EUR,Partially Paid',
      'c2,2024-03-05,10,EUR,failed',
    ].join('\n');
    const partial = await collect(csv, {
      skipStatuses: [...DEFAULT_SKIP_STATUSES, 'partially paid'],
    });
    expect(partial.events).toEqual([]);
    expect(partial.batches[0]?.skippedRows.map((row) => row.status)).toEqual([
      'partially_paid',
      'failed',
    ]);
    // The defaults are shared by every import: a caller cannot change them for the others.
    expect(Object.isFrozen(DEFAULT_SKIP_STATUSES)).toBe(true);
  });

  it('reads the status column named, and statuses written as exports write words', async () => {
    const csv = [
      'customer_id,date,amount,currency,state,status',
      'c1,2024-03-05,10,EUR,requires_payment_method,paid',
      'c2,2024-03-05,10,EUR,Canceled,paid',
      'c3,2024-03-05,10,EUR,succeeded,voided',
      'c4,2024-03-05,10,EUR, DECLINED ,paid',
    ].join('\n');
    const { events, batches } = await collect(csv, { columns: { status: 'state' } });
    expect(events.map((event) => event.customerId)).toEqual(['c3']);
    expect(batches[0]?.skippedRows.map((row) => row.status)).toEqual([
      'requires_payment_method',
      'canceled',
      'declined',
    ]);
    // By position too, and in JSON lines by key.
    expect((await collect(csv, { columns: { status: 5 } })).events).toHaveLength(1);
    const jsonl = [
      '{"customerId":"c1","at":"2024-03-05","amount":10,"currency":"EUR","status":"failed"}',
      '{"customerId":"c2","at":"2024-03-05","amount":10,"currency":"EUR","financial_status":"paid"}',
    ].join('\n');
    const json = await collect(jsonl);
    expect(json.events.map((event) => event.customerId)).toEqual(['c2']);
    expect(json.batches[0]?.skippedRows).toEqual([{ line: 1, status: 'failed' }]);
  });

  it('reads the status of purchases only: other events are imported whatever their status', async () => {
    // A subscriptions export's status says what became of the subscription, not of a payment.
    const csv = [
      'customer_id,date,type,amount,currency,data,status',
      'c1,2024-03-05,subscription.started,10,EUR,"{""subscriptionId"":""sub_1"",""plan"":""pro""}",canceled',
      'c1,2024-04-05,purchase,10,EUR,,canceled',
    ].join('\n');
    const { events, batches } = await collect(csv);
    expect(events.map((event) => event.type)).toEqual(['subscription.started']);
    expect(batches[0]?.skipped).toBe(1);
  });

  it('leaves out a failed payment without reading it: not rejected for a field it lacks, no place among identical rows', async () => {
    const csv = [
      'customer_id,date,amount,currency,status',
      'c1,2024-03-05,,EUR,failed',
      'c1,2024-03-05,10,EUR,failed',
      'c1,2024-03-05,10,EUR,paid',
    ].join('\n');
    const { events, rejected } = await collect(csv);
    expect(rejected).toEqual([]);
    // The paid row has the id it has in a file without the failed ones.
    const alone = await collect(
      ['customer_id,date,amount,currency', 'c1,2024-03-05,10,EUR'].join('\n'),
    );
    expect(events.map((event) => event.id)).toEqual(alone.events.map((event) => event.id));
  });

  it('refuses skipStatuses that are no list of statuses, and a list for a file without a status column', async () => {
    const csv = 'customer_id,date,amount,currency\nc1,2024-03-05,10,EUR';
    for (const skipStatuses of ['failed', [''], [3]] as unknown as string[][]) {
      const refused = collect(csv, { skipStatuses });
      await expect(refused).rejects.toThrow(ImportOptionsError);
      await expect(refused).rejects.toThrow(
        /^importEvents: skipStatuses .*; give the statuses of rows to leave out, such as \["failed", "voided"\], or \[\] to import every row whatever its status\.$/,
      );
    }
    await expect(collect(csv, { skipStatuses: ['failed'] })).rejects.toThrow(
      'importEvents: skipStatuses names statuses to leave out, but the file has no status column (the header has "customer_id", "date", "amount", "currency"); map it with columns.status (CLI: --status <name or number>).',
    );
    // Without a status column, the default list and [] have nothing to read.
    expect((await collect(csv)).events).toHaveLength(1);
    expect((await collect(csv, { skipStatuses: [] })).events).toHaveLength(1);
    await expect(collect(csv, { columns: { status: 'state' } })).rejects.toThrow(
      /columns\.status is "state", which is not a column of this file/,
    );
    await expect(
      importToLog(createMemoryLog(), csv, { skipStatus: ['failed'] } as never),
    ).rejects.toThrow(/unknown option "skipStatus" \(did you mean "skipStatuses"\?\)/);
  });

  it('counts statuses named like Object members as any other', async () => {
    const csv = [
      'customer_id,date,amount,currency,status',
      'c1,2024-03-05,10,EUR,constructor',
      'c2,2024-03-05,10,EUR,__proto__',
      'c3,2024-03-05,10,EUR,__proto__',
    ].join('\n');
    const summary = await importToLog(createMemoryLog(), csv, {
      skipStatuses: ['constructor', '__proto__'],
    });
    expect(summary.skipped).toBe(3);
    expect(JSON.stringify(summary.skippedByStatus)).toBe('{"constructor":1,"__proto__":2}');
    expect(Object.getPrototypeOf(summary.skippedByStatus)).toBe(Object.prototype);
  });
});
