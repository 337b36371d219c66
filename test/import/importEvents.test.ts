import { createReadStream } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { ImportOptions } from '../../src/import/ImportOptions.js';
import { ImportOptionsError } from '../../src/import/ImportOptionsError.js';
import { collectImport as collect } from './collectImport.js';

const data = (name: string) =>
  fileURLToPath(new URL(`../../../shared/data/${name}`, import.meta.url));

describe('importEvents on the CDNOW sample', () => {
  it('reads cdnowElog.csv (header, YYYYMMDD) into 6,919 purchases of 2,357 customers', async () => {
    const { events, rejected, batches } = await collect(createReadStream(data('cdnowElog.csv')), {
      columns: { customer: 'sampleid', date: 'date', amount: 'sales' },
      dateFormat: 'yyyymmdd',
      defaultCurrency: 'USD',
    });
    expect(rejected).toEqual([]);
    expect(events).toHaveLength(6919);
    expect(new Set(events.map((event) => event.customerId)).size).toBe(2357);
    expect(batches.length).toBe(7);
    expect(events[0]).toMatchObject({
      type: 'purchase',
      customerId: '1',
      at: Date.UTC(1997, 0, 1),
      data: { amount: 29.33, currency: 'USD' },
    });
    const total = events.reduce((sum, event) => sum + (event.data as { amount: number }).amount, 0);
    // The sum of the sales column (awk -F, 'NR>1{s+=$5}' cdnowElog.csv).
    expect(total).toBeCloseTo(244_091.94, 2);
  });

  it('reads CDNOW_sample.txt (whitespace-aligned, CRLF, no header) with columns by position', async () => {
    const { events, rejected } = await collect(createReadStream(data('CDNOW_sample.txt')), {
      columns: { customer: 2, date: 3, amount: 5 },
      defaultCurrency: 'USD',
    });
    expect(rejected).toEqual([]);
    expect(events).toHaveLength(6919);
    expect(new Set(events.map((event) => event.customerId)).size).toBe(2357);
    expect(events[0]).toMatchObject({ customerId: '0001', at: Date.UTC(1997, 0, 1) });
    expect((events[0]!.data as { amount: number }).amount).toBe(29.33);
  });

  it('derives the same ids on every run, so re-importing is idempotent', async () => {
    const options: ImportOptions = {
      columns: { customer: 2, date: 3, amount: 5 },
      defaultCurrency: 'USD',
    };
    const first = await collect(createReadStream(data('CDNOW_sample.txt')), options);
    const second = await collect(createReadStream(data('CDNOW_sample.txt')), options);
    expect(second.events.map((event) => event.id)).toEqual(first.events.map((event) => event.id));
    expect(new Set(first.events.map((event) => event.id)).size).toBe(6919);
  });
});

describe('importEvents on small files', () => {
  const orders = [
    'customer;date;total;currency',
    'c1;2024-05-01;12.50;EUR',
    'c2;2024-05-02;abc;EUR',
    '',
    'c3;20240230;5;EUR',
    ';2024-05-03;5;EUR',
    'c4;2024-05-04;-3;EUR',
    'c1;2024-05-05;7;',
  ].join('\n');

  it('auto-detects the separator and finds usual column names', async () => {
    const { events } = await collect(orders, { defaultCurrency: 'USD' });
    expect(
      events.map((event) => [event.customerId, (event.data as { amount: number }).amount]),
    ).toEqual([
      ['c1', 12.5],
      ['c1', 7],
    ]);
    expect((events[1]!.data as { currency: string }).currency).toBe('USD');
  });

  it('reports each bad row with its line number and reason, and keeps going', async () => {
    const { rejected } = await collect(orders, { defaultCurrency: 'USD' });
    expect(rejected.map((row) => row.line)).toEqual([3, 5, 6, 7]);
    expect(rejected[0]?.reason).toMatch(/amount \(column "total"\): expected a number.*"abc"/);
    expect(rejected[1]?.reason).toMatch(/not a calendar date/);
    expect(rejected[2]?.reason).toMatch(/customer .* is empty/);
    // The column, and what to do: a negative amount is a refund, its own event type.
    expect(rejected[3]?.reason).toMatch(
      /^amount \(column "total"\): expected a number >= 0, received -3; .*refund.*--type/,
    );
    expect(rejected[0]?.text).toBe('c2;2024-05-02;abc;EUR');
  });

  it('reads JSON lines: full events pass through, flat records are mapped', async () => {
    const lines = [
      JSON.stringify({
        id: 'e1',
        type: 'support.opened',
        customerId: 'c1',
        at: '2024-05-01T10:00:00Z',
        data: { caseId: 'k1' },
      }),
      JSON.stringify({ customer_id: 'c2', timestamp: 1714557600, amount: 30, currency: 'GBP' }),
      '{not json',
      JSON.stringify({ id: 'e3', type: 'no.such-type', customerId: 'c3', at: '2024-05-01' }),
    ].join('\n');
    const { events, rejected } = await collect(lines, {});
    expect(events).toMatchObject([
      { id: 'e1', type: 'support.opened', data: { caseId: 'k1' } },
      {
        type: 'purchase',
        customerId: 'c2',
        at: 1714557600_000,
        data: { amount: 30, currency: 'GBP' },
      },
    ]);
    expect(rejected.map((row) => [row.line, row.reason])).toEqual([
      [3, expect.stringMatching(/not valid JSON/)],
      [4, expect.stringMatching(/type: expected a known event type/)],
    ]);
  });

  it('says how to keep a CSV column named "type" that holds no event types from being read as one', async () => {
    // A sales channel, or PayPal's "Type" (Express Checkout Payment): found by its name.
    const csv = 'customer_id,date,amount,type\nada,2024-03-01,10,online';
    const { rejected } = await collect(csv, { defaultCurrency: 'EUR' });
    expect(rejected.map((row) => row.reason)).toEqual([
      expect.stringMatching(
        /^type: expected a known event type .*received "online"; column "type" is read as the event type because of its name: if it holds something else, name the columns otherwise with columnNames \(CLI: --columns customer_id,date,amount,kind\)$/,
      ),
    ]);
    const renamed = await collect(csv, {
      defaultCurrency: 'EUR',
      columnNames: ['customer_id', 'date', 'amount', 'kind'],
    });
    expect(renamed.rejected).toEqual([]);
    expect(renamed.events.map((event) => event.type)).toEqual(['purchase']);
    // Mapped on purpose, the column is the event type: no such advice.
    const mapped = await collect(csv, { defaultCurrency: 'EUR', columns: { type: 'type' } });
    expect(mapped.rejected[0]?.reason).not.toMatch(/because of its name/);
  });

  it('reads a currency column in lower case (Stripe writes "usd") as its ISO 4217 code', async () => {
    const stripe = [
      'id,Created (UTC),Amount,Currency,Customer ID',
      'ch_1,2024-03-05 13:22,25.00,usd,cus_A',
      'ch_2,2024-03-07 10:15,9.99,Eur,cus_A',
      'ch_3,2024-03-07 10:16,9.99,us$,cus_B',
    ].join('\n');
    const { events, rejected } = await collect(stripe, {
      columns: { customer: 'Customer ID', date: 'Created (UTC)' },
      assumeUtc: true,
    });
    expect(
      events.map((event) => [event.id, (event.data as { currency: string }).currency]),
    ).toEqual([
      ['ch_1', 'USD'],
      ['ch_2', 'EUR'],
    ]);
    // Anything but three letters is not guessed at.
    expect(rejected.map((row) => [row.line, row.reason])).toEqual([
      [4, expect.stringMatching(/currency \(column "Currency"\): expected an ISO 4217 .*"us\$"/)],
    ]);
  });

  it('takes defaultCurrency in any case, as a currency column is read, and refuses what is no code', async () => {
    const csv = 'customer_id,date,amount,currency\nc1,2024-03-05,10,\nc2,2024-03-06,5,usd';
    const { events, rejected } = await collect(csv, { defaultCurrency: 'eur' });
    expect(rejected).toEqual([]);
    expect(events.map((event) => (event.data as { currency: string }).currency)).toEqual([
      'EUR',
      'USD',
    ]);
    // The same rows with the code in capitals: the same events, so the same ids.
    const upper = await collect(csv, { defaultCurrency: 'EUR' });
    expect(upper.events.map((event) => event.id)).toEqual(events.map((event) => event.id));
    for (const code of ['euro', 'us$', ' EUR', '']) {
      await expect(collect(csv, { defaultCurrency: code })).rejects.toThrow(
        `importEvents: defaultCurrency ${JSON.stringify(code)} is not an ISO 4217 code; use its three letters, such as "USD" or "eur".`,
      );
    }
  });

  it("reads a currency code in the row's own data in any case, as a column's", async () => {
    const lines = [
      '{"customerId": "c1", "at": "2024-03-05", "amount": 10, "data": {"currency": "eur"}}',
      '{"customerId": "c2", "at": "2024-03-06", "data": {"amount": 5, "currency": "gbp"}}',
    ].join('\n');
    const { events, rejected } = await collect(lines, { format: 'jsonl' });
    expect(rejected).toEqual([]);
    expect(events.map((event) => (event.data as { currency: string }).currency)).toEqual([
      'EUR',
      'GBP',
    ]);
  });

  it('rejects a JSON id written as a number too large to be exact, rather than merge customers', async () => {
    // JSON.parse reads both as 76561198012345680000: two customers would become one.
    const lines = [
      '{"customer_id": 76561198012345678901, "at": "2024-03-05", "amount": 12.5, "currency": "USD"}',
      '{"customer_id": 76561198012345678902, "at": "2024-03-06", "amount": 7, "currency": "USD"}',
      '{"customer_id": 9007199254740991, "at": "2024-03-06", "amount": 7, "currency": "USD"}',
      '{"customer_id": "c4", "id": 12345678901234567890, "at": "2024-03-06", "amount": 7, "currency": "USD"}',
    ].join('\n');
    const { events, rejected } = await collect(lines, {});
    expect(events.map((event) => event.customerId)).toEqual(['9007199254740991']);
    expect(rejected.map((row) => [row.line, row.reason])).toEqual([
      [
        1,
        expect.stringMatching(/customer \(key "customer_id"\): .*too large.*write it as a string/),
      ],
      [2, expect.stringMatching(/customer \(key "customer_id"\): /)],
      [4, expect.stringMatching(/id \(key "id"\): .*too large.*write it as a string/)],
    ]);
  });

  it('names the column of a value the event schema refuses, and how to fix a negative refund', async () => {
    const rows = [
      'Kunde,Datum,Betrag,Art',
      'c1,2024-05-01,-5,refund',
      'c1,2024-05-02,1e21,purchase',
    ].join('\n');
    const { rejected } = await collect(rows, {
      columns: { customer: 'Kunde', date: 'Datum', amount: 'Betrag', type: 'Art' },
      defaultCurrency: 'EUR',
    });
    expect(rejected.map((row) => [row.line, row.reason])).toEqual([
      [
        2,
        expect.stringMatching(
          /^amount \(column "Betrag"\): expected a number > 0, received -5; .*without the minus/,
        ),
      ],
      [
        3,
        expect.stringMatching(
          /^amount \(column "Betrag"\): expected a number <= 1e15, received 1e\+21$/,
        ),
      ],
    ]);
  });

  it('reads decimal commas only when told (decimalComma), and never an ambiguous grouping', async () => {
    // A WooCommerce/Excel export of a European shop: ";" separators, decimal commas.
    const woo = [
      'customer_id;date;amount',
      'c1;2024-03-05;49,90',
      'c2;2024-03-06;1.234,50',
      'c3;2024-03-07;12',
      'c4;2024-03-08;1.234',
      'c5;2024-03-09;12.5',
      'c6;2024-03-10;-3,5',
    ].join('\n');
    const plain = await collect(woo, { defaultCurrency: 'EUR' });
    expect(plain.events.map((event) => event.customerId)).toEqual(['c3', 'c4', 'c5']);
    expect(plain.rejected[0]?.reason).toMatch(
      /amount \(column "amount"\): expected a number such as 12.50, received "49,90"; .*decimalComma \(CLI: --decimal-comma\)/,
    );
    const { events, rejected } = await collect(woo, { defaultCurrency: 'EUR', decimalComma: true });
    expect(
      events.map((event) => [event.customerId, (event.data as { amount: number }).amount]),
    ).toEqual([
      ['c1', 49.9],
      ['c2', 1234.5],
      ['c3', 12],
    ]);
    // "1.234" is 1234 or 1.234, "12.5" a decimal point in a decimal-comma file: neither is guessed.
    expect(rejected.map((row) => [row.line, row.reason])).toEqual([
      [5, expect.stringMatching(/amount \(column "amount"\): .*decimal comma.*"1.234"/)],
      [6, expect.stringMatching(/amount \(column "amount"\): .*decimal comma.*"12.5"/)],
      [
        7,
        expect.stringMatching(/amount \(column "amount"\): expected a number >= 0, received -3.5/),
      ],
    ]);
    // The same purchase written 49.90 or 49,90 is one event: a re-export in the other style adds nothing.
    const dotted = await collect('customer_id;date;amount\nc1;2024-03-05;49.90', {
      defaultCurrency: 'EUR',
    });
    expect(dotted.events[0]?.id).toBe(events[0]?.id);
  });

  it("names the JSON key each row used in the schema's reasons too", async () => {
    // A negative amount passes the mapper and fails the event schema, a batch later.
    const lines = [
      '{"customerId": "c1", "at": "2024-03-05", "total": -5, "currency": "USD"}',
      '{"customerId": "c2", "at": "2024-03-05", "amount": -3, "currency": "USD"}',
      '{"customerId": "c3", "at": "2024-03-05", "amount": 3, "currency": "USD"}',
    ].join('\n');
    const { rejected } = await collect(lines, {});
    expect(rejected.map((row) => [row.line, row.reason])).toEqual([
      [1, expect.stringMatching(/^amount \(key "total"\): expected a number >= 0, received -5;/)],
      [2, expect.stringMatching(/^amount \(key "amount"\): expected a number >= 0, received -3;/)],
    ]);
  });

  it('finds a mapped JSON key in any case, as a mapped CSV column', async () => {
    const line = '{"Customer_ID": "c1", "At": "2024-03-05", "Amount": 3, "currency": "USD"}';
    const { events, rejected } = await collect(line, {
      columns: { customer: 'customer_id', date: 'at', amount: 'amount' },
    });
    expect(rejected).toEqual([]);
    expect(events.map((event) => [event.customerId, event.data])).toEqual([
      ['c1', expect.objectContaining({ amount: 3 })],
    ]);
  });

  it('says a JSON row lacks the key looked for, naming its keys, rather than that it is empty', async () => {
    const lines = [
      '{"Customer": "c1", "when": "2024-03-05", "total": 1, "currency": "USD"}',
      '{"client": "c2", "timestamp": "2024-03-05", "amount": 1, "currency": "USD"}',
      '{"client": "", "timestamp": "2024-03-05", "amount": 1, "currency": "USD"}',
      '{"client": "c4", "timestamp": "2024-03-05", "cost": 1, "currency": "USD"}',
    ].join('\n');
    const mapped = await collect(lines.split('\n').slice(0, 1).join(''), {
      columns: { customer: 'client', date: 'when' },
    });
    expect(mapped.rejected.map((row) => row.reason)).toEqual([
      'customer (key "client"): the row has no such key (its keys: "Customer", "when", "total", "currency"); map the key it uses with columns.customer (CLI: --customer <key>)',
    ]);
    const { rejected } = await collect(lines.split('\n').slice(1).join('\n'), {
      columns: { customer: 'client' },
    });
    expect(rejected.map((row) => [row.line, row.reason])).toEqual([
      [2, 'customer (key "client") is empty'],
      [
        3,
        expect.stringMatching(
          /^amount \(key amount\/total\/.*\): the row has none of these keys \(its keys: "client", "timestamp", "cost", "currency"\); map the key it uses with columns\.amount \(CLI: --amount <key>\)$/,
        ),
      ],
    ]);
  });

  it('says a JSON customer that is an object is no id, and how to take its id', async () => {
    // Shopify's and Stripe's expanded JSON nest the customer: {"customer": {"id": ...}}.
    const line =
      '{"customer": {"id": 7, "email": "a@x.com"}, "at": "2024-03-05", "amount": 1, "currency": "USD"}';
    const { rejected } = await collect(line, {});
    expect(rejected.map((row) => row.reason)).toEqual([
      `customer (key "customer"): expected text or a number, received an object; put the id itself in the line, e.g. jq -c '.customer = .customer.id' orders.jsonl`,
    ]);
  });

  it('names the JSON key a row used, or the keys looked for, in its reasons', async () => {
    const lines = [
      '{"user_id": "c1", "timestamp": "2024-03-05", "total": "abc", "currency": "USD"}',
      '{"Customer_ID": "c2", "timestamp": "yesterday", "amount": 1, "currency": "USD"}',
      '{"client": "c3", "timestamp": "2024-03-05", "amount": 1, "currency": "USD"}',
    ].join('\n');
    const { rejected } = await collect(lines, {});
    expect(rejected.map((row) => [row.line, row.reason])).toEqual([
      [1, expect.stringMatching(/^amount \(key "total"\): expected a number/)],
      [2, expect.stringMatching(/^date \(key "timestamp"\): expected an ISO-8601 date/)],
      [
        3,
        expect.stringMatching(
          /^customer \(key customerId\/customer_id\/customer\/.*user_id.*\): the row has none of these keys \(its keys: "client", /,
        ),
      ],
    ]);
  });

  it('says a JSON array is not JSON lines, instead of reading it as a CSV header', async () => {
    const one = '[{"customer_id":"c1","at":"2024-01-01","amount":1,"currency":"USD"}]';
    const pretty = '[\n  {"customer_id":"c1","at":"2024-01-01","amount":1,"currency":"USD"}\n]';
    for (const text of [one, pretty]) {
      await expect(collect(text, {})).rejects.toThrow(
        /importEvents: the file is a JSON array.*one object a line.*jq -c/,
      );
    }
    // Told it is JSON lines, the array line is rejected with the same advice.
    const { rejected } = await collect(one, { format: 'jsonl' });
    expect(rejected[0]?.reason).toMatch(/a JSON array.*jq -c/);
  });

  it('maps a type column and a JSON data column in CSV', async () => {
    const csv = [
      'id,customer,date,type,data',
      'e1,c1,2024-05-01,touchpoint,"{""channel"":""email""}"',
      'e2,c1,2024-05-02,lead.captured,',
    ].join('\n');
    const { events, rejected } = await collect(csv, {});
    expect(rejected).toEqual([]);
    expect(events).toMatchObject([
      { id: 'e1', type: 'touchpoint', data: { channel: 'email' } },
      { id: 'e2', type: 'lead.captured', data: {} },
    ]);
  });

  it('collapses identical rows within a batch and rejects an id reused for other content', async () => {
    const csv = [
      'id,customer,date,amount',
      'o1,c1,2024-05-01,5',
      'o1,c1,2024-05-01,5',
      'o1,c1,2024-05-01,6',
    ].join('\n');
    const { batches, rejected } = await collect(csv, { defaultCurrency: 'EUR' });
    expect(batches[0]?.duplicates).toBe(1);
    expect(batches[0]?.events).toHaveLength(1);
    expect(rejected).toEqual([
      expect.objectContaining({ line: 4, reason: expect.stringMatching(/already used by line 2/) }),
    ]);
  });

  it('numbers a multi-line quoted record by its first line', async () => {
    const csv =
      'customer,date,amount,note\nc1,2024-05-01,"x\ny",a\nc2,2024-05-02,1,"b\nc"\nc3,bad,1,d';
    const { rejected, events } = await collect(csv, {
      defaultCurrency: 'EUR',
      columns: { amount: 'amount' },
    });
    expect(events).toHaveLength(1);
    expect(rejected.map((row) => row.line)).toEqual([2, 6]);
  });

  it('rejects the rows a stray quote swallowed, naming their lines, rather than read them as one', async () => {
    const rows = (n: number) =>
      Array.from({ length: n }, (_, index) => `c${index + 3},2024-01-03,5,x`);
    // The quote opened on line 3 is closed by the opening quote of line 7's note.
    const closedLater = [
      'customer_id,date,amount,note',
      'c1,2024-01-01,10,ok',
      'c2,2024-01-02,5,"12 inch vinyl',
      ...rows(3),
      'c9,2024-01-04,5,"gift"',
      'c10,2024-01-05,5,x',
    ].join('\n');
    const later = await collect(closedLater, { defaultCurrency: 'USD' });
    expect(later.events.map((event) => event.customerId)).toEqual(['c1', 'c10']);
    expect(later.rejected.map((row) => [row.line, row.reason])).toEqual([
      [3, expect.stringMatching(/quoted field opened on line 3 .* line 7.*lines 3 to 7.*"/)],
    ]);
    // Never closed: the reason says how many lines went with it.
    const never = [
      'customer_id,date,amount,note',
      'c1,2024-01-01,10,ok',
      'c2,2024-01-02,5,"12 inch vinyl',
      ...rows(3),
    ].join('\n');
    const open = await collect(never, { defaultCurrency: 'USD' });
    expect(open.rejected.map((row) => [row.line, row.reason])).toEqual([
      [3, expect.stringMatching(/quoted field opened on line 3 is never closed.*lines 3 to 6/)],
    ]);
    // A note over several lines, closed before a separator, is still one field.
    const note = await collect('customer_id,date,amount,note\nc1,2024-01-01,10,"a\n""b"", c"\n', {
      defaultCurrency: 'USD',
    });
    expect(note.rejected).toEqual([]);
    expect(note.events).toHaveLength(1);
  });

  it('decodes UTF-8 split across byte chunks and drops a byte-order mark', async () => {
    const bytes = new TextEncoder().encode(
      '\uFEFFcustomer,date,amount\nJosé Müller,2024-05-01,3\n',
    );
    const chunks = Array.from(bytes, (byte) => Uint8Array.of(byte));
    const { events } = await collect(chunks, { defaultCurrency: 'EUR' });
    expect(events.map((event) => event.customerId)).toEqual(['José Müller']);
  });

  it('decodes UTF-16 with a byte-order mark, as Excel saves "Unicode text"', async () => {
    const text = '\uFEFFcustomer_id\tdate\tamount\r\nJosé Müller\t2024-05-01\t3\r\n';
    const little = new Uint8Array(text.length * 2);
    const big = new Uint8Array(text.length * 2);
    for (let index = 0; index < text.length; index++) {
      const code = text.charCodeAt(index);
      little[2 * index] = code & 0xff;
      little[2 * index + 1] = code >> 8;
      big[2 * index] = code >> 8;
      big[2 * index + 1] = code & 0xff;
    }
    for (const bytes of [little, big]) {
      const chunks = Array.from(bytes, (byte) => Uint8Array.of(byte));
      const { events, rejected } = await collect(chunks, { defaultCurrency: 'EUR' });
      expect(rejected).toEqual([]);
      expect(events.map((event) => event.customerId)).toEqual(['José Müller']);
    }
  });

  it('refuses bytes that are not UTF-8 (a Windows-1252 export) instead of replacing them', async () => {
    // "José" and "Josè" in Windows-1252: decoded leniently both became "Jos\uFFFD", one customer.
    const latin = Uint8Array.from(
      Array.from(
        'customer,date,amount\nc1,2024-05-01,1\nJos\u00e9,2024-05-01,3\nJos\u00e8,2024-05-01,4\n',
        (char) => char.charCodeAt(0),
      ),
    );
    await expect(collect([latin], { defaultCurrency: 'EUR' })).rejects.toThrow(
      /importEvents: line 3 is not UTF-8.*encoding: 'windows-1252'.*iconv -f windows-1252 -t utf-8/,
    );
    // Byte by byte (a character split across chunks), the line is still the one at fault.
    const chunks = Array.from(latin, (byte) => Uint8Array.of(byte));
    await expect(collect(chunks, { defaultCurrency: 'EUR' })).rejects.toMatchObject({
      code: 'TENURE_IMPORT_OPTIONS',
      option: 'encoding',
      message: expect.stringMatching(/line 3 is not UTF-8/),
    });
    const { events } = await collect([latin], { defaultCurrency: 'EUR', encoding: 'windows-1252' });
    expect(events.map((event) => event.customerId)).toEqual(['c1', 'José', 'Josè']);
  });

  it('names the line of a bad byte that comes chunks after the first', async () => {
    const good = new TextEncoder().encode(
      'customer,date,amount\nZoë,2024-05-01,1\nc2,2024-05-01,2\n',
    );
    const truncated = Uint8Array.of(...new TextEncoder().encode('Zo'), 0xc3); // "ë" cut short
    await expect(
      collect([good.subarray(0, 24), good.subarray(24), truncated], { defaultCurrency: 'EUR' }),
    ).rejects.toThrow(/line 4 is not UTF-8/);
  });

  it('refuses an encoding the runtime cannot decode, before reading', async () => {
    await expect(
      collect(['customer,date,amount\n'], { defaultCurrency: 'EUR', encoding: 'latin-9000' }),
    ).rejects.toMatchObject({
      code: 'TENURE_IMPORT_OPTIONS',
      option: 'encoding',
      message: expect.stringContaining('encoding "latin-9000" is not an encoding'),
    });
  });

  it('streams in batches of batchSize rows', async () => {
    const rows = Array.from({ length: 25 }, (_, index) => `c${index % 4},2024-05-01,${index}`);
    const { batches } = await collect(['customer,date,amount\n', rows.join('\n')], {
      defaultCurrency: 'EUR',
      batchSize: 10,
    });
    expect(batches.map((batch) => batch.rows)).toEqual([10, 10, 5]);
  });

  it('says how to write an amount with a currency sign or thousands separators, and reads neither', async () => {
    const rows = [
      'customer_id,date,amount',
      'c1,2024-03-05,$12.50',
      'c2,2024-03-05,"1,250.00"',
      'c3,2024-03-05,"1,234"',
      'c4,2024-03-05,EUR 5',
      'c5,2024-03-05,"1,234.50"',
    ].join('\n');
    const { events, rejected } = await collect(rows, { defaultCurrency: 'USD' });
    expect(events).toEqual([]);
    expect(rejected.map((row) => [row.line, row.reason])).toEqual([
      [2, expect.stringMatching(/"\$12.50"; write the number alone, without the currency sign/)],
      [3, expect.stringMatching(/"1,250.00"; write it without thousands separators \(1250.00\)/)],
      [
        4,
        expect.stringMatching(
          /"1,234"; if the file writes decimal commas.*or write it without thousands separators/,
        ),
      ],
      [5, expect.stringMatching(/"EUR 5"; write the number alone/)],
      // The fix shows this row's number as it should be written.
      [6, expect.stringMatching(/"1,234.50"; write it without thousands separators \(1234.50\)/)],
    ]);
  });

  it('says to drop the currency sign with decimalComma too, not to move a "."', async () => {
    // A European shop's export: the sign before or after a decimal-comma amount.
    const rows = ['customer_id;date;amount', 'c1;2024-03-05;€12,50', 'c2;2024-03-05;12,50 €'];
    const { events, rejected } = await collect(rows.join('\n'), {
      defaultCurrency: 'EUR',
      decimalComma: true,
    });
    expect(events).toEqual([]);
    expect(rejected.map((row) => [row.line, row.reason])).toEqual([
      [2, expect.stringMatching(/"€12,50"; write the number alone, without the currency sign/)],
      [3, expect.stringMatching(/"12,50 €"; write the number alone, without the currency sign/)],
    ]);
    expect(rejected[0]?.reason).not.toMatch(/thousands mark/);
  });

  it('does not find by name a column mapped to another field (an id column mapped as the customer)', async () => {
    // A table whose "id" is the customer's: each row is an order, not the event "17".
    const csv = [
      'id,email,created_at,total',
      '17,ada@x.com,2024-03-05T10:00:00Z,10',
      '17,ada@x.com,2024-03-06T10:00:00Z,12',
    ].join('\n');
    const fromCsv = await collect(csv, { columns: { customer: 'id' }, defaultCurrency: 'USD' });
    expect(fromCsv.rejected).toEqual([]);
    expect(
      fromCsv.events.map((event) => [event.customerId, event.id.startsWith('import-')]),
    ).toEqual([
      ['17', true],
      ['17', true],
    ]);
    const jsonl = [
      '{"id": "17", "created_at": "2024-03-05T10:00:00Z", "total": 10, "currency": "USD"}',
      '{"id": "17", "created_at": "2024-03-06T10:00:00Z", "total": 12, "currency": "USD"}',
    ].join('\n');
    const fromJson = await collect(jsonl, { columns: { customer: 'id' } });
    expect(fromJson.rejected).toEqual([]);
    expect(fromJson.events.map((event) => event.id.startsWith('import-'))).toEqual([true, true]);
  });

  it('does not take a unit price for the amount when the file has a quantity column', async () => {
    // 3 mugs at 10: the purchase is 30, and "price" alone would have stored 10.
    const lines = ['order_id,customer_id,date,product,quantity,price', 'o1,c1,2024-03-05,mug,3,10'];
    await expect(collect(lines.join('\n'), { defaultCurrency: 'EUR' })).rejects.toThrow(
      /columns.amount.*"price".*"quantity".*--amount/,
    );
    // Mapped by name, or without a quantity column, price is read as before.
    const mapped = await collect(lines.join('\n'), {
      columns: { amount: 'price' },
      defaultCurrency: 'EUR',
    });
    expect((mapped.events[0]!.data as { amount: number }).amount).toBe(10);
    // JSON lines: the row is rejected, and one without a quantity key is read.
    const jsonl = [
      '{"customer_id": "c1", "at": "2024-03-05", "quantity": 3, "price": 10, "currency": "EUR"}',
      '{"customer_id": "c2", "at": "2024-03-05", "price": 10, "currency": "EUR"}',
    ].join('\n');
    const json = await collect(jsonl, {});
    expect(json.events.map((event) => event.customerId)).toEqual(['c2']);
    expect(json.rejected[0]?.reason).toMatch(/^amount \(key "price"\): .*"quantity".*per unit/);
    const single = await collect('customer_id,date,price\nc1,2024-03-05,10', {
      defaultCurrency: 'EUR',
    });
    expect(single.events).toHaveLength(1);
  });

  it('throws ImportOptionsError naming the columns when the mapping cannot work', async () => {
    await expect(
      collect(orders, { columns: { customer: 'client' }, defaultCurrency: 'EUR' }),
    ).rejects.toThrow(
      /columns.customer is "client".*the header has "customer", "date", "total", "currency"/,
    );
    await expect(collect('a,b\n1,2', { defaultCurrency: 'EUR' })).rejects.toThrow(
      ImportOptionsError,
    );
    await expect(collect('customer,date,amount\nc1,2024-01-01,1', {})).rejects.toThrow(
      /no currency column.*--currency USD/,
    );
    await expect(collect('', { defaultType: 'nope' })).rejects.toThrow(/defaultType "nope"/);
  });
});
