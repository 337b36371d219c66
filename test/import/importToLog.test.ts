import { describe, expect, it } from 'vitest';
import { importEvents } from '../../src/import/importEvents.js';
import { importToLog } from '../../src/import/importToLog.js';
import { createMemoryLog } from '../../src/log/createMemoryLog.js';
import type { EventLog } from '../../src/log/EventLog.js';

const rows = (count: number, bad: readonly number[] = []) =>
  [
    'customer,date,amount',
    ...Array.from({ length: count }, (_, index) =>
      bad.includes(index)
        ? `c${index},not-a-date,1`
        : `c${index % 7},2024-05-${String((index % 28) + 1).padStart(2, '0')},${index}`,
    ),
  ].join('\n');

describe('importToLog', () => {
  it('appends every valid row and reports the totals', async () => {
    const log = createMemoryLog();
    const summary = await importToLog(log, rows(25, [3, 17]), {
      defaultCurrency: 'EUR',
      batchSize: 10,
    });
    expect(summary).toMatchObject({ rowsRead: 25, appended: 23, duplicates: 0, rejected: 2 });
    expect(summary.rejections.map((row) => row.line)).toEqual([5, 19]);
    expect(await log.position()).toBe(23);
  });

  it('appends nothing the second time: re-importing a file is idempotent', async () => {
    const log = createMemoryLog();
    await importToLog(log, rows(25), { defaultCurrency: 'EUR', batchSize: 10 });
    const again = await importToLog(log, rows(25), { defaultCurrency: 'EUR', batchSize: 10 });
    expect(again).toMatchObject({ rowsRead: 25, appended: 0, duplicates: 25, rejected: 0 });
    expect(await log.position()).toBe(25);
  });

  it('skips rows of separators alone, as Excel writes emptied rows, like blank lines', async () => {
    const csv = 'customer_id;date;amount\r\nada;2024-01-01;5\r\n;;\r\n ; ; \r\n"";"";""\r\n';
    const summary = await importToLog(createMemoryLog(), csv, { defaultCurrency: 'EUR' });
    expect(summary).toMatchObject({ rowsRead: 1, appended: 1, rejected: 0 });
  });

  it('reports bad rows in file order, and strict stops at the first of them', async () => {
    // Line 3 reuses line 2's id with other content (found when the batch closes), line 4 has
    // a date that is no date (found as it is read).
    const csv = 'id,customer,date,amount\na,c1,2024-01-01,1\na,c1,2024-01-02,2\nb,c2,bad,3\n';
    const all = await importToLog(createMemoryLog(), csv, { defaultCurrency: 'EUR' });
    expect(all.rejections.map((row) => row.line)).toEqual([3, 4]);
    const strict = await importToLog(createMemoryLog(), csv, {
      defaultCurrency: 'EUR',
      strict: true,
    });
    expect(strict.stoppedAt?.line).toBe(3);
    expect(strict.stoppedAt?.reason).toMatch(/id "a" is already used by line 2/);
  });

  it('with strict, stops at the first bad row and writes nothing of its batch', async () => {
    const log = createMemoryLog();
    const seen: number[] = [];
    const summary = await importToLog(log, rows(25, [13, 17]), {
      defaultCurrency: 'EUR',
      batchSize: 10,
      strict: true,
      onRejected: (row) => seen.push(row.line),
    });
    expect(summary.stoppedAt?.line).toBe(15);
    expect(summary).toMatchObject({ appended: 10, rejected: 1 });
    expect(seen).toEqual([15]);
    expect(await log.position()).toBe(10);
  });

  it('with strict, counts as read the rows up to the one that stopped it, not its whole batch', async () => {
    const summary = await importToLog(createMemoryLog(), rows(25, [13, 17]), {
      defaultCurrency: 'EUR',
      batchSize: 10,
      strict: true,
    });
    // 10 rows of the first batch, then rows 11 to 14: the 14th (line 15) stopped it.
    expect(summary).toMatchObject({ rowsRead: 14, appended: 10, duplicates: 0, rejected: 1 });
    // A row repeated before the stop is a row read; rows after it are not read, repeated or not.
    const csv = [
      'customer,date,amount',
      'c1,2024-05-01,5',
      'c1,2024-05-01,5',
      'c2,bad,1',
      'c3,2024-05-03,2',
      'c3,2024-05-03,2',
    ].join('\n');
    const repeated = await importToLog(createMemoryLog(), csv, {
      defaultCurrency: 'EUR',
      strict: true,
    });
    expect(repeated).toMatchObject({ rowsRead: 3, appended: 0, rejected: 1 });
    // Stopped by the log (an id stored with other content): the rows after it are not counted.
    const log = createMemoryLog();
    await importToLog(log, 'id,customer,date,amount\no2,c1,2024-05-02,1', {
      defaultCurrency: 'EUR',
    });
    const refused = await importToLog(
      log,
      [
        'id,customer,date,amount',
        'o1,c1,2024-05-01,5',
        'o2,c1,2024-05-02,9',
        'o3,c1,2024-05-03,7',
      ].join('\n'),
      { defaultCurrency: 'EUR', strict: true },
    );
    expect(refused.stoppedAt?.line).toBe(3);
    expect(refused).toMatchObject({ rowsRead: 2, appended: 0, rejected: 1 });
  });

  it('skips a row whose id the log holds with other content, and appends the rest of its batch', async () => {
    const log = createMemoryLog();
    await log.append([
      {
        id: 'o2',
        type: 'purchase',
        customerId: 'c1',
        at: '2024-01-01',
        data: { orderId: 'o2', amount: 1, currency: 'EUR' },
      },
    ]);
    const csv = [
      'id,customer,date,amount',
      'o1,c1,2024-05-01,5',
      'o2,c1,2024-05-02,9',
      'o3,c1,2024-05-03,7',
    ].join('\n');
    const summary = await importToLog(log, csv, { defaultCurrency: 'EUR' });
    expect(summary).toMatchObject({ appended: 2, rejected: 1 });
    expect(summary.rejections[0]).toMatchObject({
      line: 3,
      reason: expect.stringMatching(/already in the log/),
    });
    expect(await log.position()).toBe(3);
    // Rows the log refuses and rows refused before it are reported together, in line order.
    const mixed = ['id,customer,date,amount', 'o2,c1,2024-05-02,8', 'o4,c1,not-a-date,1'];
    const lines: number[] = [];
    const again = await importToLog(log, mixed.join('\n'), {
      defaultCurrency: 'EUR',
      onRejected: (row) => lines.push(row.line),
    });
    expect(again.rejections.map((row) => row.line)).toEqual([2, 3]);
    expect(lines).toEqual([2, 3]);
  });

  it('finds many rows the log holds with other content without offering it the batch once per row', async () => {
    // Re-importing an export with an id column after its rows changed (here the currency):
    // every row reuses a stored id. The log refuses a batch at one such row at a time.
    const csv = (currency: string, count: number) =>
      [
        'id,customer,date,amount,currency',
        ...Array.from(
          { length: count },
          (_, index) => `o${index},c${index % 37},2024-05-01,${index + 1},${currency}`,
        ),
      ].join('\n');
    const log = createMemoryLog();
    await importToLog(log, csv('EUR', 1000), {});
    let offered = 0;
    let writes = 0;
    const counting: EventLog = {
      ...log,
      append: async (events, options) => {
        offered += events.length;
        const result = await log.append(events, options);
        if (result.appended.length > 0) writes += 1;
        return result;
      },
    };
    const again = await importToLog(counting, csv('USD', 1000), {});
    expect(again).toMatchObject({ rowsRead: 1000, appended: 0, rejected: 1000 });
    expect(again.rejections[0]?.reason).toMatch(/id "o0" is already in the log with different/);
    // One offer of the batch per refused row would be 1000 + 999 + ... = 500,500 events.
    expect(offered).toBeLessThan(25_000);
    // New rows between refused ones still go in as one append.
    const mixed = csv('USD', 1000)
      .split('\n')
      .map((line, index) => (index % 2 === 0 ? line.replace(/^o/, 'n') : line))
      .join('\n');
    offered = 0;
    const some = await importToLog(counting, mixed, {});
    expect(some).toMatchObject({ appended: 500, rejected: 500 });
    expect(writes).toBe(1);
    expect(offered).toBeLessThan(25_000);
    expect(await log.position()).toBe(1500);
  });

  it('reports progress after each batch', async () => {
    const progress: number[] = [];
    await importToLog(createMemoryLog(), rows(25), {
      defaultCurrency: 'EUR',
      batchSize: 10,
      onProgress: ({ rowsRead }) => progress.push(rowsRead),
    });
    expect(progress).toEqual([10, 20, 25]);
  });
});

describe('importToLog sources', () => {
  it('reads a whole file read as bytes (readFileSync), as its text', async () => {
    // A Buffer was taken for chunks and failed with 'bytes.subarray is not a function'.
    const text = rows(12);
    const fromText = await importToLog(createMemoryLog(), text, { defaultCurrency: 'EUR' });
    const bytesLog = createMemoryLog();
    const fromBytes = await importToLog(bytesLog, Buffer.from(text, 'utf8'), {
      defaultCurrency: 'EUR',
    });
    expect(fromBytes).toEqual(fromText);
    expect(fromBytes.appended).toBe(12);
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    expect(
      await importToLog(bytesLog, new Uint8Array(utf16), { defaultCurrency: 'EUR' }),
    ).toMatchObject({ rowsRead: 12, appended: 0, duplicates: 12 });
  });

  it.each([
    [
      'a file name',
      'orders.csv',
      'the source is the text "orders.csv", which is a file name: the importer reads the text itself; pass createReadStream("orders.csv") (from node:fs) or the file\'s text.',
    ],
    [
      'a Promise',
      Promise.resolve('customer,date,amount'),
      'the source is a Promise; await it first (e.g. await readFile(path)).',
    ],
    [
      'undefined',
      undefined,
      "the source must be the file's text or bytes, or chunks of them (createReadStream(path)), received undefined.",
    ],
  ])('refuses %s as the source, naming the fix', async (_, source, message) => {
    // They failed with "no customer column (the header has \"orders.csv\")", 'chunks is not
    // async iterable' and 'Cannot read properties of undefined'.
    const log = createMemoryLog();
    await expect(importToLog(log, source as never, { defaultCurrency: 'EUR' })).rejects.toThrow(
      `importToLog: ${message}`,
    );
    await expect(importEvents(source as never).next()).rejects.toThrow(`importEvents: ${message}`);
  });
});
