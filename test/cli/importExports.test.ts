import { describe, expect, it } from 'vitest';
import type { TenureEvent } from '../../src/events/TenureEvent.js';
import { DEFAULT_SKIP_STATUSES } from '../../src/import/skipStatuses.js';
import { createFileLog } from '../../src/log/file/createFileLog.js';
import { useTempFiles } from './tempFiles.js';
import { tenure } from './tenureInProcess.js';

const files = useTempFiles('tenure-cli-exports');
const { fixture } = files;

async function eventsOf(path: string): Promise<TenureEvent[]> {
  const log = await createFileLog(path, { readOnly: true });
  try {
    const events: TenureEvent[] = [];
    for await (const event of log.read()) events.push(event);
    return events;
  } finally {
    await log.close();
  }
}

describe('tenure import of exports as tools write them', () => {
  it("imports Shopify's orders export without naming a column, and exits 0", async () => {
    const header =
      'Name,Email,Financial Status,Paid at,Fulfillment Status,Currency,Subtotal,Shipping,Taxes,Total,Discount Code,Created at,Lineitem quantity,Lineitem name,Lineitem price,Lineitem sku,Id';
    const file = await fixture('orders_export_1.csv', [
      header,
      '#1001,ada@example.com,paid,2024-09-03 10:15:00 -0400,fulfilled,USD,36.00,5.00,0.00,41.00,,2024-09-03 10:14:00 -0400,1,Fern Print,16.00,FERN-1,5550000001',
      '#1001,ada@example.com,,,,,,,,,,2024-09-03 10:14:00 -0400,1,Canvas Tote,20.00,TOTE-1,',
      '#1002,bo@example.com,paid,2024-09-10 09:00:00 -0400,fulfilled,USD,25.00,0.00,0.00,25.00,,2024-09-10 09:00:00 -0400,1,Speckled Mug,25.00,MUG-1,5550000002',
    ]);
    const log = files.path('events.jsonl');
    const run = await tenure('import', file, '--log', log);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout).toMatch(
      /events appended +2\n {2}order items +1\n {2}duplicates skipped +0\n {2}rows rejected +0\n/,
    );
    expect(run.stdout).toMatch(
      /1 row is a further item of the order on the row before, whose total that row gives: part of its purchase, not purchases of their own\./,
    );
    expect((await eventsOf(log)).map((event) => [event.customerId, event.data])).toEqual([
      // Each order's items, from its rows in order: the product is the SKU.
      [
        'ada@example.com',
        {
          orderId: '#1001',
          amount: 41,
          currency: 'USD',
          items: [
            { productId: 'FERN-1', quantity: 1, price: 16 },
            { productId: 'TOTE-1', quantity: 1, price: 20 },
          ],
        },
      ],
      [
        'bo@example.com',
        {
          orderId: '#1002',
          amount: 25,
          currency: 'USD',
          items: [{ productId: 'MUG-1', quantity: 1, price: 25 }],
        },
      ],
    ]);
    const json = await tenure('import', file, '--log', log, '--json');
    expect(JSON.parse(json.stdout)).toMatchObject({ rowsRead: 3, duplicates: 2, items: 1 });
    expect(json.code).toBe(0);
  });

  it('reads the category of each item from the column --item-category names', async () => {
    const header =
      'Name,Email,Currency,Total,Created at,Lineitem quantity,Lineitem name,Lineitem price,Lineitem sku,Vendor,Id';
    const file = await fixture('orders_export_1.csv', [
      header,
      '#1001,ada@example.com,USD,56.00,2024-09-03 10:14:00 -0400,1,Fern Print,16.00,FERN-1,Prints,5550000001',
      '#1001,ada@example.com,,,2024-09-03 10:14:00 -0400,2,Canvas Tote,20.00,,Bags,',
    ]);
    const log = files.path('events.jsonl');
    const run = await tenure('import', file, '--log', log, '--item-category', 'Vendor');
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect((await eventsOf(log)).map((event) => event.data)).toEqual([
      expect.objectContaining({
        items: [
          { productId: 'FERN-1', category: 'Prints', quantity: 1, price: 16 },
          { productId: 'Canvas Tote', category: 'Bags', quantity: 2, price: 20 },
        ],
      }),
    ]);
    const plain = await fixture('orders.csv', [
      'customer_id,date,amount,kind',
      'c1,2024-03-05,10,x',
    ]);
    const refused = await tenure(
      'import',
      plain,
      '--log',
      log,
      '--currency',
      'EUR',
      '--item-category',
      'kind',
    );
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/columns\.itemCategory names the category of each line item/);
  });

  it("imports Stripe's payments export without naming a column", async () => {
    const file = await fixture('unified_payments.csv', [
      'id,Created (UTC),Amount,Amount Refunded,Currency,Captured,Customer ID,Customer Email,Status',
      'ch_3Ox1,2024-03-05 13:22,25.00,0.00,usd,true,cus_PqA,ada@example.com,Paid',
    ]);
    const log = files.path('events.jsonl');
    expect(await tenure('import', file, '--log', log)).toMatchObject({ code: 0, stderr: '' });
    expect(await eventsOf(log)).toEqual([
      expect.objectContaining({
        id: 'ch_3Ox1',
        customerId: 'cus_PqA',
        at: Date.UTC(2024, 2, 5, 13, 22),
        data: { orderId: 'ch_3Ox1', amount: 25, currency: 'USD' },
      }),
    ]);
  });

  it("leaves out Stripe's failed payments, says so in the summary, and exits 0", async () => {
    const file = await fixture('unified_payments.csv', [
      'id,Created (UTC),Amount,Amount Refunded,Currency,Captured,Customer ID,Customer Email,Status',
      'ch_1,2024-03-05 13:22,25.00,0.00,usd,true,cus_A,ada@example.com,Paid',
      'ch_2,2024-03-06 09:00,40.00,0.00,usd,false,cus_B,bo@example.com,Failed',
      'ch_3,2024-03-07 10:15,9.99,9.99,usd,true,cus_B,bo@example.com,Refunded',
      'ch_4,2024-03-08 11:00,12.00,0.00,usd,false,cus_C,cy@example.com,Failed',
      'ch_5,2024-03-08 11:30,12.00,0.00,usd,false,cus_C,cy@example.com,Canceled',
    ]);
    const log = files.path('events.jsonl');
    const run = await tenure('import', file, '--log', log);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout).toMatch(/events appended +2\n/);
    expect(run.stdout).toMatch(/rows rejected +0\n {2}left out by status +3\n/);
    expect(run.stdout).toContain(
      '3 rows left out by their status: failed 2, canceled 1. These statuses say no payment was made, or not yet; --skip-status changes which are left out, --skip-status none imports every row.',
    );
    expect((await eventsOf(log)).map((event) => event.id)).toEqual(['ch_1', 'ch_3']);
    const json = await tenure('import', file, '--log', log, '--json');
    expect(JSON.parse(json.stdout)).toMatchObject({
      rowsRead: 5,
      duplicates: 2,
      skipped: 3,
      skippedByStatus: { failed: 2, canceled: 1 },
    });
    // The list replaced, then every row kept.
    const some = await tenure('import', file, '--log', log, '--skip-status', 'Canceled', '--json');
    expect(JSON.parse(some.stdout)).toMatchObject({
      appended: 2,
      skippedByStatus: { canceled: 1 },
    });
    const all = await tenure('import', file, '--log', log, '--skip-status', 'none');
    expect(all).toMatchObject({ code: 0, stderr: '' });
    expect(all.stdout).not.toMatch(/left out/);
    expect(await eventsOf(log)).toHaveLength(5);
  });

  it('reads the status from the column --status names, and refuses a --skip-status it cannot use', async () => {
    const file = await fixture('orders.csv', [
      'customer_id,date,amount,state',
      'c1,2024-03-05,10,paid',
      'c2,2024-03-05,10,voided',
    ]);
    const log = files.path('events.jsonl');
    const run = await tenure(
      'import',
      file,
      '--log',
      log,
      '--currency',
      'EUR',
      '--status',
      'state',
    );
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout).toContain('1 row left out by its status: voided 1.');
    const empty = await tenure('import', file, '--log', log, '--skip-status', 'failed,,voided');
    expect(empty.code).toBe(2);
    expect(empty.stderr).toMatch(
      /--skip-status "failed,,voided" has an empty status; list statuses separated by commas/,
    );
    const noColumn = await tenure(
      'import',
      file,
      '--log',
      log,
      '--currency',
      'EUR',
      '--skip-status',
      'voided',
    );
    expect(noColumn.code).toBe(2);
    expect(noColumn.stderr).toMatch(
      /skipStatuses names statuses to leave out, but the file has no status column .*--status <name or number>/,
    );
    const help = await tenure('import', '--help');
    expect(help.stdout).toMatch(/--skip-status <list> +statuses of purchase rows to leave out/);
    expect(help.stdout).toMatch(/--status <col> +payment or order status/);
    // The help lists the default statuses by hand: each of them.
    const listed = help.stdout.replace(/\s+/g, ' ');
    for (const status of DEFAULT_SKIP_STATUSES)
      expect(listed).toMatch(new RegExp(`[ :]${status}[,. ]`));
  });

  it('takes --currency in any case, as a currency column is read', async () => {
    const file = await fixture('orders.csv', ['customer_id,date,amount', 'c1,2024-03-05,10']);
    const log = files.path('events.jsonl');
    const run = await tenure('import', file, '--log', log, '--currency', 'eur');
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect((await eventsOf(log)).map((event) => event.data)).toEqual([
      expect.objectContaining({ amount: 10, currency: 'EUR' }),
    ]);
    const refused = await tenure('import', file, '--log', log, '--currency', 'euro');
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(
      /--currency "euro" is not an ISO 4217 code; use its three letters, such as USD or eur/,
    );
  });
});
