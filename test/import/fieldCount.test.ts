import { describe, expect, it } from 'vitest';
import type { ImportOptions } from '../../src/import/ImportOptions.js';
import { importEvents } from '../../src/import/importEvents.js';
import { importToLog } from '../../src/import/importToLog.js';
import { createMemoryLog } from '../../src/log/createMemoryLog.js';

async function collect(text: string, options: ImportOptions = { defaultCurrency: 'EUR' }) {
  const amounts: number[] = [];
  const rejected: { line: number; reason: string; text: string }[] = [];
  for await (const batch of importEvents(text, options)) {
    for (const event of batch.events) amounts.push((event.data as { amount: number }).amount);
    rejected.push(...batch.rejected);
  }
  return { amounts, rejected };
}

describe('CSV rows with another number of fields than the header', () => {
  it('rejects a row split by a decimal comma instead of storing part of its amount', async () => {
    const { amounts, rejected } = await collect(
      ['customer_id,date,amount', 'c1,2024-01-01,10', 'c2,2024-01-01,1.234,50'].join('\n'),
    );
    expect(amounts).toEqual([10]);
    expect(rejected).toEqual([
      {
        line: 3,
        text: 'c2,2024-01-01,1.234,50',
        reason:
          '4 fields, but the header has 3 (separator ","): quote a field that holds a ",", write amounts with a decimal point and no thousands separator (1234.50, not 1.234,50), or set the separator if the file uses another (CLI: --delimiter ";")',
      },
    ]);
  });

  it('rejects a row with fewer fields, naming the counts and the fix', async () => {
    const { amounts, rejected } = await collect(
      ['customer;date;amount;currency', 'c1;2024-01-01;10;EUR', 'c2;2024-01-01;10'].join('\n'),
    );
    expect(amounts).toEqual([10]);
    expect(rejected.map((row) => [row.line, row.reason])).toEqual([
      [
        3,
        '3 fields, but the header has 4 (separator ";"): write every column, an empty one as nothing between two separators, or set the separator if the file uses another (CLI: --delimiter ",")',
      ],
    ]);
  });

  it('still reads a quoted field that holds the separator, and empty fields', async () => {
    const { amounts, rejected } = await collect(
      [
        'customer_id,date,amount,note',
        '"Doe, Jane",2024-01-01,10,"a, b"',
        'c2,2024-01-01,"12.5",',
        'c3,2024-01-01,3,"multi',
        'line, with a comma"',
      ].join('\n'),
    );
    expect(rejected).toEqual([]);
    expect(amounts).toEqual([10, 12.5, 3]);
  });

  it('reads a row with separators after the last column (blank extra fields lose nothing)', async () => {
    const { amounts, rejected } = await collect(
      [
        'customer_id,date,amount',
        'c1,2024-01-01,10,',
        'c2,2024-01-02,12.5,, ',
        'c3,2024-01-03,1,5,',
      ].join('\n'),
    );
    expect(amounts).toEqual([10, 12.5]);
    expect(rejected.map((row) => [row.line, row.reason])).toEqual([
      [4, expect.stringMatching(/^5 fields, but the header has 3/)],
    ]);
    // The same ids as without the trailing separators: re-importing a cleaned export adds nothing.
    const log = createMemoryLog();
    await importToLog(log, 'customer_id,date,amount\nc1,2024-01-01,10,', {
      defaultCurrency: 'EUR',
    });
    const again = await importToLog(log, 'customer_id,date,amount\nc1,2024-01-01,10', {
      defaultCurrency: 'EUR',
    });
    expect(again).toMatchObject({ appended: 0, duplicates: 1 });
  });

  it('reads rows without the nameless columns a header ends with (a separator after its last name)', async () => {
    const { amounts, rejected } = await collect(
      [
        'customer_id;date;amount;;',
        'c1;2024-01-01;10',
        'c2;2024-01-02;12.5;',
        'c3;2024-01-03;7;;',
        'c4;2024-01-04',
      ].join('\n'),
    );
    expect(amounts).toEqual([10, 12.5, 7]);
    // A named column is still never left out.
    expect(rejected.map((row) => [row.line, row.reason])).toEqual([
      [5, expect.stringMatching(/^2 fields, but the header has 5 \(3 named\)/)],
    ]);
    // The same ids as a clean export of the same rows.
    const log = createMemoryLog();
    await importToLog(log, 'customer_id;date;amount;\nc1;2024-01-01;10', {
      defaultCurrency: 'EUR',
    });
    const again = await importToLog(log, 'customer_id;date;amount\nc1;2024-01-01;10', {
      defaultCurrency: 'EUR',
    });
    expect(again).toMatchObject({ appended: 0, duplicates: 1 });
  });

  it('without a header, holds every row to the first one', async () => {
    const { amounts, rejected } = await collect(
      ['c1,2024-01-01,10', 'c2,2024-01-02,1,5', 'c3,2024-01-03,7'].join('\n'),
      { columns: { customer: 1, date: 2, amount: 3 }, defaultCurrency: 'EUR' },
    );
    expect(amounts).toEqual([10, 7]);
    expect(rejected.map((row) => [row.line, row.reason])).toEqual([
      [2, expect.stringMatching(/^4 fields, but the first row \(line 1\) has 3 \(separator ","\)/)],
    ]);
  });

  it('in a whitespace-aligned file, rejects a row with a missing value', async () => {
    const { amounts, rejected } = await collect(
      [' 00001 19970101  1   29.33', ' 00002 19970102  2', ' 00003 19970103  1   5.00'].join('\n'),
      { columns: { customer: 1, date: 2, amount: 4 }, defaultCurrency: 'USD' },
    );
    expect(amounts).toEqual([29.33, 5]);
    expect(rejected.map((row) => [row.line, row.reason])).toEqual([
      [
        2,
        expect.stringMatching(
          /^3 fields, but the first row \(line 1\) has 4 \(columns separated by spaces\)/,
        ),
      ],
    ]);
  });

  it('goes through the rejection path of importToLog: onRejected, counted, strict stops', async () => {
    const file = ['customer_id,date,amount', 'c1,2024-01-01,10', 'c2,2024-01-01,1,2'].join('\n');
    const seen: number[] = [];
    const summary = await importToLog(createMemoryLog(), file, {
      defaultCurrency: 'EUR',
      onRejected: (row) => seen.push(row.line),
    });
    expect(summary).toMatchObject({ rowsRead: 2, appended: 1, rejected: 1 });
    expect(seen).toEqual([3]);
    const strict = await importToLog(createMemoryLog(), file, {
      defaultCurrency: 'EUR',
      strict: true,
    });
    expect(strict.stoppedAt).toMatchObject({ line: 3, reason: expect.stringMatching(/^4 fields/) });
    expect(strict.appended).toBe(0);
  });
});
