import { describe, expect, it } from 'vitest';
import { collectImport as collect } from './collectImport.js';

/** Stripe's payments export (Dashboard > Payments > Export), its leading columns and a metadata one. */
const STRIPE_CSV = [
  'id,Created (UTC),Amount,Amount Refunded,Currency,Captured,Converted Amount,Customer ID,Customer Email,Status,order_id (metadata)',
  'ch_3Ox1,2024-03-05 13:22,25.00,0.00,usd,true,25.00,cus_PqA,ada@example.com,Paid,A-17',
  'ch_3Ox2,2024-03-07 10:15,9.99,0.00,eur,true,10.85,cus_PqB,bo@example.com,Paid,',
].join('\n');

describe('exports read without naming their columns', () => {
  it("reads Stripe's payments export by its column names, its Created (UTC) as UTC", async () => {
    const { events, rejected } = await collect(STRIPE_CSV);
    expect(rejected).toEqual([]);
    expect(events).toEqual([
      expect.objectContaining({
        id: 'ch_3Ox1',
        customerId: 'cus_PqA',
        at: Date.UTC(2024, 2, 5, 13, 22),
        // A metadata column is a key of the shop's own, not Stripe's order id: not taken for one.
        data: { orderId: 'ch_3Ox1', amount: 25, currency: 'USD' },
      }),
      expect.objectContaining({
        id: 'ch_3Ox2',
        customerId: 'cus_PqB',
        at: Date.UTC(2024, 2, 7, 10, 15),
        data: { orderId: 'ch_3Ox2', amount: 9.99, currency: 'EUR' },
      }),
    ]);
  });

  it("reads the newer export's Created date (UTC), and a Customer Email without a Customer ID", async () => {
    const csv = [
      'id,Created date (UTC),Amount,Amount Refunded,Currency,Captured,Fee,Status,Customer Email',
      'ch_3Ox1,2024-03-05 13:22:41,25.00,0.00,usd,true,1.03,Paid,ada@example.com',
    ].join('\n');
    const { events, rejected } = await collect(csv);
    expect(rejected).toEqual([]);
    expect(events[0]).toMatchObject({
      id: 'ch_3Ox1',
      customerId: 'ada@example.com',
      at: Date.UTC(2024, 2, 5, 13, 22, 41),
    });
  });

  it('reads times with a zone by their zone under a (UTC) header, and wants a zone elsewhere', async () => {
    const csv = [
      'Customer ID,Created (UTC),Amount,Currency',
      'c1,2024-03-05 13:22:00 +0100,5,EUR',
    ].join('\n');
    const { events } = await collect(csv);
    expect(events[0]?.at).toBe(Date.UTC(2024, 2, 5, 12, 22));
    // Only the header's word makes a time without a zone UTC.
    const local = await collect('Customer ID,Created,Amount,Currency\nc1,2024-03-05 13:22,5,EUR');
    expect(local.rejected[0]?.reason).toMatch(/has no time zone/);
  });

  it('takes the usual names in their order, however written, an e-mail after any id', async () => {
    const csv = ['Email,User ID,date,amount,currency', 'ada@example.com,u7,2024-03-05,5,EUR'].join(
      '\n',
    );
    expect((await collect(csv)).events[0]?.customerId).toBe('u7');
    // Of two columns with one name, the one written as the name is.
    const twice = ['Customer ID,customer_id,date,amount,currency', 'x9,c1,2024-03-05,5,EUR'];
    expect((await collect(twice.join('\n'))).events[0]?.customerId).toBe('c1');
  });

  it("reads Shopify's and WooCommerce's spaced names: Email, Created at, Order Date", async () => {
    const shopify = await collect(
      [
        'Name,Email,Currency,Total,Created at',
        '#1001,ada@example.com,EUR,56.29,2024-09-03 10:14:00 -0400',
      ].join('\n'),
    );
    expect(shopify.rejected).toEqual([]);
    expect(shopify.events[0]).toMatchObject({
      customerId: 'ada@example.com',
      at: Date.UTC(2024, 8, 3, 14, 14),
    });
    const woo = await collect(
      ['Order ID,Order Date,Customer ID,Order Total', '4512,2024-09-03T10:14:00Z,17,30'].join('\n'),
      { columns: { amount: 'Order Total' }, defaultCurrency: 'EUR' },
    );
    expect(woo.rejected).toEqual([]);
    expect(woo.events[0]).toMatchObject({
      customerId: '17',
      at: Date.UTC(2024, 8, 3, 10, 14),
      data: { orderId: '4512', amount: 30 },
    });
  });

  it("reads Stripe's API JSON: created in epoch seconds, customer by its key", async () => {
    // As converted with the guide's jq line: no "object", amounts in units.
    const line =
      '{"id":"ch_1","customer":"cus_A","created":1709644930,"currency":"usd","amount":25}';
    const { events, rejected } = await collect(line);
    expect(rejected).toEqual([]);
    expect(events[0]).toMatchObject({
      id: 'ch_1',
      customerId: 'cus_A',
      at: Date.UTC(2024, 2, 5, 13, 22, 10),
      data: { amount: 25, currency: 'USD' },
    });
  });

  it("rejects the amounts of Stripe's API objects, in the smallest unit, with the conversion", async () => {
    const lines = [
      '{"id":"ch_1","object":"charge","livemode":false,"amount":2500,"created":1709644930,"currency":"usd","customer":"cus_A"}',
      '{"id":"ch_2","object":"charge","livemode":true,"amount":2500,"created":1709644930,"currency":"jpy","customer":"cus_A"}',
      // A key of the user's own, in units, is read: only Stripe's money keys are in cents.
      '{"id":"ch_3","object":"charge","livemode":true,"amount_usd":25,"created":1709644930,"currency":"usd","customer":"cus_A"}',
    ].join('\n');
    const own = await collect(lines, { columns: { amount: 'amount_usd' } });
    expect(own.events.map((event) => event.id)).toEqual(['ch_3']);
    const mapped = await collect(lines.split('\n').slice(0, 2).join('\n'));
    expect(mapped.events).toEqual([]);
    expect(mapped.rejected.map((row) => [row.line, row.reason])).toEqual([
      [
        1,
        expect.stringMatching(
          /^amount \(key "amount"\): this line is a Stripe charge as its API writes it, with amounts in the currency's smallest unit .* jq -c '\{id, customer, created, currency, amount: \(\.amount \/ 100\)\}'/,
        ),
      ],
      [2, expect.stringMatching(/^amount \(key "amount"\): this line is a Stripe charge/)],
    ]);
  });
});
