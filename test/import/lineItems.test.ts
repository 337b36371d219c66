import { describe, expect, it } from 'vitest';
import type { StoredEvent } from '../../src/events/TenureEvent.js';
import { deriveEventId } from '../../src/import/deriveEventId.js';
import { ImportOptionsError } from '../../src/import/ImportOptionsError.js';
import { importToLog } from '../../src/import/importToLog.js';
import { createMemoryLog } from '../../src/log/createMemoryLog.js';
import type { EventLog } from '../../src/log/EventLog.js';
import { createLifecycle } from '../../src/projection/index.js';
import { collectImport as collect } from './collectImport.js';
import { SHOPIFY_ORDER_COLUMNS } from './shopifyColumns.js';

/**
 * Shopify's orders export (Orders > Export > CSV), its columns in its order, the billing and
 * shipping addresses and the tax columns left out.
 */
const HEADER = [
  ...SHOPIFY_ORDER_COLUMNS,
  'Notes',
  'Cancelled at',
  'Payment Method',
  'Refunded Amount',
  'Vendor',
  'Outstanding Balance',
  'Id',
  'Tags',
  'Source',
  'Lineitem discount',
];

interface Line {
  readonly quantity: number;
  readonly name: string;
  readonly price: string;
  readonly sku: string;
  readonly vendor: string;
}

/** An order's rows as Shopify writes them: the order's fields on the first row only. */
function order(
  name: string,
  email: string,
  created: string,
  total: string,
  id: string,
  lines: readonly Line[],
): string[] {
  return lines.map((line, index) => {
    const head = index === 0;
    const cells: Record<string, string> = {
      Name: name,
      Email: email,
      'Financial Status': head ? 'paid' : '',
      'Paid at': head ? created : '',
      'Fulfillment Status': head ? 'fulfilled' : '',
      'Accepts Marketing': head ? 'no' : '',
      Currency: head ? 'USD' : '',
      Subtotal: head ? total : '',
      Shipping: head ? '0.00' : '',
      Taxes: head ? '0.00' : '',
      Total: head ? total : '',
      'Discount Amount': head ? '0.00' : '',
      'Shipping Method': head ? 'Standard' : '',
      'Created at': created,
      'Lineitem quantity': String(line.quantity),
      'Lineitem name': line.name,
      'Lineitem price': line.price,
      'Lineitem sku': line.sku,
      'Lineitem requires shipping': 'true',
      'Lineitem taxable': 'true',
      'Lineitem fulfillment status': 'fulfilled',
      'Billing Name': head ? (email.split('@')[0] ?? '') : '',
      'Payment Method': head ? 'Shopify Payments' : '',
      'Refunded Amount': head ? '0.00' : '',
      Vendor: line.vendor,
      'Outstanding Balance': head ? '0.00' : '',
      Id: head ? id : '',
      Source: head ? 'web' : '',
      'Lineitem discount': '0.00',
    };
    return HEADER.map((column) => cells[column] ?? '').join(',');
  });
}

const FERN = {
  quantity: 1,
  name: 'Fern Print - A3',
  price: '16.00',
  sku: 'FERN-A3',
  vendor: 'Prints',
};
const TOTE = { quantity: 2, name: 'Canvas Tote', price: '20.00', sku: 'TOTE-1', vendor: 'Bags' };
const MUG = { quantity: 1, name: 'Speckled Mug', price: '25.00', sku: '', vendor: 'Ceramics' };
const FERN_A4 = {
  quantity: 3,
  name: 'Fern Print - A4',
  price: '12.00',
  sku: 'FERN-A4',
  vendor: 'Prints',
};

/** Two customers: Ada buys again in a category new to her (mugs), Bo buys prints again. */
const EXPORT = [
  HEADER.join(','),
  ...order('#1001', 'ada@example.com', '2024-09-03 10:14:00 -0400', '56.00', '5550000001', [
    FERN,
    TOTE,
  ]),
  ...order('#1002', 'bo@example.com', '2024-09-10 09:00:00 -0400', '16.00', '5550000002', [FERN]),
  ...order('#1003', 'ada@example.com', '2024-10-05 12:00:00 -0400', '25.00', '5550000003', [MUG]),
  ...order('#1004', 'bo@example.com', '2024-10-12 16:45:00 -0400', '52.00', '5550000004', [
    FERN,
    FERN_A4,
  ]),
].join('\n');

const ITEMS_1001 = [
  { productId: 'FERN-A3', category: 'Prints', quantity: 1, price: 16 },
  { productId: 'TOTE-1', category: 'Bags', quantity: 2, price: 20 },
];
// No SKU: the product is its name.
const ITEMS_1003 = [{ productId: 'Speckled Mug', category: 'Ceramics', quantity: 1, price: 25 }];
const ITEMS_1004 = [
  { productId: 'FERN-A3', category: 'Prints', quantity: 1, price: 16 },
  { productId: 'FERN-A4', category: 'Prints', quantity: 3, price: 12 },
];

async function eventsOf(log: EventLog): Promise<StoredEvent[]> {
  const events: StoredEvent[] = [];
  for await (const event of log.read()) events.push(event);
  return events;
}

const withVendor = { columns: { itemCategory: 'Vendor' } } as const;

describe("purchase items from an export of one row per line item (Shopify's orders)", () => {
  it("fills each purchase's items from its order's rows, in order, the category from the named column", async () => {
    const { events, rejected } = await collect(EXPORT, withVendor);
    expect(rejected).toEqual([]);
    expect(events.map((event) => [event.id, event.customerId, event.data])).toEqual([
      [
        '5550000001',
        'ada@example.com',
        { orderId: '#1001', amount: 56, currency: 'USD', items: ITEMS_1001 },
      ],
      [
        '5550000002',
        'bo@example.com',
        { orderId: '#1002', amount: 16, currency: 'USD', items: [ITEMS_1004[0]] },
      ],
      [
        '5550000003',
        'ada@example.com',
        { orderId: '#1003', amount: 25, currency: 'USD', items: ITEMS_1003 },
      ],
      [
        '5550000004',
        'bo@example.com',
        { orderId: '#1004', amount: 52, currency: 'USD', items: ITEMS_1004 },
      ],
    ]);
  });

  it('shows the cross-sell in the projection: a purchase in a new category is expanded', async () => {
    const log = createMemoryLog();
    await importToLog(log, EXPORT, withVendor);
    const { customers } = await createLifecycle().project(log);
    const extension = (id: string) =>
      customers.find((customer) => customer.customerId === id)?.machines.extension;
    expect(extension('ada@example.com')?.value).toBe('expanded');
    expect(extension('ada@example.com')?.context).toMatchObject({
      categories: ['Prints', 'Bags', 'Ceramics'],
      products: ['FERN-A3', 'TOTE-1', 'Speckled Mug'],
      expansions: 1,
    });
    // Prints again: buying within what was bought before.
    expect(extension('bo@example.com')?.value).toBe('repeat');
    expect(extension('bo@example.com')?.context).toMatchObject({
      categories: ['Prints'],
      products: ['FERN-A3', 'FERN-A4'],
    });
  });

  it('gives the same events whatever the batch size, a batch never ending inside an order', async () => {
    const whole = await collect(EXPORT, withVendor);
    const rows = EXPORT.split('\n').length - 1;
    for (let batchSize = 1; batchSize <= rows; batchSize++) {
      const split = await collect(EXPORT, { ...withVendor, batchSize });
      expect(split.events).toEqual(whole.events);
      expect(split.batches.reduce((sum, batch) => sum + batch.rows, 0)).toBe(rows);
      // What a log is given, batch by batch, is each order whole.
      const log = createMemoryLog();
      const summary = await importToLog(log, EXPORT, { ...withVendor, batchSize });
      expect(summary).toMatchObject({ rowsRead: rows, appended: 4, items: 2, rejected: 0 });
      expect((await eventsOf(log)).map((event) => event.data)).toEqual(
        whole.events.map((event) => event.data),
      );
    }
  });

  it('appends nothing when the export is imported again, its ids derived or given', async () => {
    // Without Shopify's Id column, ids are derived from the order's first row: its items are
    // not part of them, so an order's id is known before its further rows are read.
    const derived = EXPORT.split('\n')
      .map((line) => line.split(',').slice(0, HEADER.indexOf('Id')).join(','))
      .join('\n');
    for (const csv of [EXPORT, derived]) {
      const log = createMemoryLog();
      const first = await importToLog(log, csv, { ...withVendor, batchSize: 2 });
      expect(first).toMatchObject({ appended: 4, rejected: 0 });
      const again = await importToLog(log, csv, { ...withVendor, batchSize: 3 });
      expect(again).toMatchObject({ appended: 0, duplicates: 4, items: 2, rejected: 0 });
      expect(
        (await eventsOf(log)).map((event) => (event.data as { items: unknown }).items),
      ).toEqual([ITEMS_1001, [ITEMS_1004[0]], ITEMS_1003, ITEMS_1004]);
    }
    const { events } = await collect(derived, withVendor);
    const [ada] = events;
    expect(ada?.id).toBe(
      deriveEventId({
        type: 'purchase',
        customerId: 'ada@example.com',
        at: Date.UTC(2024, 8, 3, 14, 14),
        data: { orderId: '#1001', amount: 56, currency: 'USD' },
      }),
    );
    expect(ada?.data).toMatchObject({ items: ITEMS_1001 });
  });

  it('reads items without a category when no column is named, and refuses an item it cannot read', async () => {
    const { events } = await collect(EXPORT);
    expect(events[0]?.data).toMatchObject({
      items: [
        { productId: 'FERN-A3', quantity: 1, price: 16 },
        { productId: 'TOTE-1', quantity: 2, price: 20 },
      ],
    });
    const bad = EXPORT.replace(',2,Canvas Tote,20.00,', ',two,Canvas Tote,20.00,');
    const refused = await collect(bad, withVendor);
    expect(refused.rejected.map((row) => [row.line, row.reason])).toEqual([
      [
        3,
        'item quantity (column "Lineitem quantity"): expected a whole number of units >= 1, received "two"',
      ],
    ]);
    // The order is kept with the items that could be read.
    expect(refused.events[0]?.data).toMatchObject({ items: [ITEMS_1001[0]] });
  });

  it('refuses a category column in a file without item columns, or in JSON lines', async () => {
    const plain = 'customer_id,date,amount,category\nc1,2024-03-05,10,books';
    await expect(
      collect(plain, { defaultCurrency: 'EUR', columns: { itemCategory: 'category' } }),
    ).rejects.toThrow(
      /^importEvents: columns\.itemCategory names the category of each line item, but the file has no item name or SKU column/,
    );
    const json = '{"customerId":"c1","at":"2024-03-05","amount":10,"currency":"EUR"}';
    await expect(collect(json, { columns: { itemCategory: 'category' } })).rejects.toThrow(
      ImportOptionsError,
    );
  });

  it('leaves files without item columns as they were: same events, ids and batches', async () => {
    // An order's further rows counted as items, but no `Lineitem ...` column: no items read.
    const csv = [
      'order_id,customer_id,date,amount,sku,quantity',
      'A-1,c1,2024-03-05,30,mug,1',
      'A-1,c1,,,tote,2',
      'A-1,c1,,,pen,1',
      'A-2,c2,2024-03-06,5,pen,3',
      'A-3,c1,2024-03-09,12.5,mug,1',
      'A-3,c1,2024-03-09,,tote,1',
    ].join('\n');
    // Ids and batches as importEvents gave them before items were read (commit 8b59ffb).
    const ids = [
      'import-f20df1aa641e6011bc65adb3',
      'import-ff73e09dac6f883b8ca7f025',
      'import-095240b016283948255a244a',
    ];
    const layouts: Record<number, number[][][]> = {
      1: [
        [[2], []],
        [[], [3]],
        [[], [4]],
        [[5], []],
        [[6], []],
        [[], [7]],
      ],
      2: [
        [[2], [3]],
        [[5], [4]],
        [[6], [7]],
      ],
      3: [
        [[2], [3, 4]],
        [[5, 6], [7]],
      ],
    };
    for (const batchSize of [1, 2, 3]) {
      const { events, batches } = await collect(csv, { defaultCurrency: 'EUR', batchSize });
      expect(events.map((event) => event.id)).toEqual(ids);
      expect(events.map((event) => event.data)).toEqual([
        { orderId: 'A-1', amount: 30, currency: 'EUR' },
        { orderId: 'A-2', amount: 5, currency: 'EUR' },
        { orderId: 'A-3', amount: 12.5, currency: 'EUR' },
      ]);
      expect(batches.map((batch) => [batch.lines, batch.itemLines])).toEqual(layouts[batchSize]);
    }
  });
});
