import { readFile, writeFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { createProgressBar } from '../../src/cli/createProgressBar.js';
import { createFileLog } from '../../src/log/file/createFileLog.js';
import { useTempFiles } from './tempFiles.js';
import { tenure } from './tenureInProcess.js';

const files = useTempFiles('tenure-cli');
const { fixture } = files;

async function logCount(path: string): Promise<number> {
  const log = await createFileLog(path, { readOnly: true });
  try {
    return await log.position();
  } finally {
    await log.close();
  }
}

const orders = [
  'client;day;total',
  'c1;2024-05-01;12.50',
  'c2;2024-05-02;abc',
  'c1;2024-05-03;7',
  'c3;2024-13-01;5',
  'c2;2024-05-04;3',
];
const mapping = ['--customer', 'client', '--date', 'day', '--amount', 'total', '--currency', 'EUR'];

describe('tenure (in process)', () => {
  it('lists its commands, and every command has help with an example', async () => {
    const overview = await tenure('--help');
    expect(overview.code).toBe(0);
    expect(overview.stdout).toMatch(
      /import .*\n.*verify .*\n.*project .*\n.*fit .*\n.*report .*\n.*demo /,
    );
    for (const command of ['import', 'verify', 'project', 'fit', 'report', 'demo']) {
      const help = await tenure(command, '--help');
      expect(help.code).toBe(0);
      expect(help.stdout).toMatch(
        new RegExp(`Usage: tenure ${command}[\\s\\S]*Example[\\s\\S]*tenure ${command} `),
      );
    }
  });

  it('exits 2 with a pointer to help on a wrong command line', async () => {
    // No command at all: the overview goes to stderr, so that `tenure && next` stops.
    const bare = await tenure();
    expect(bare).toMatchObject({ code: 2, stdout: '' });
    expect(bare.stderr).toMatch(/^tenure: no command given\.\n\nUsage: tenure <command>/);
    expect(await tenure('frobnicate')).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/unknown command "frobnicate"/),
    });
    expect(await tenure('import', 'x.csv')).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/--log <path> is required[\s\S]*tenure import --help/),
    });
    expect(await tenure('import', 'x.csv', '--log', 'l', '--bogus')).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/--bogus/),
    });
    expect(await tenure('import', 'x.csv', '--log', 'l', '--date-format', 'dd/mm')).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/--date-format "dd\/mm".*yyyymmdd/),
    });
  });

  it('imports the good rows, reports each bad one by line, and exits 1 when rows were rejected', async () => {
    const file = await fixture('orders.csv', orders);
    const log = files.path('events.jsonl');
    const result = await tenure('import', file, '--log', log, ...mapping);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /^line 3: amount \(column "total"\): expected a number.*"abc"\nline 5: date \(column "day"\): .*"2024-13-01"/m,
    );
    expect(result.stdout).toMatch(
      /rows read\s+5\n\s+events appended\s+3\n\s+duplicates skipped\s+0\n\s+rows rejected\s+2/,
    );
    expect(await logCount(log)).toBe(3);
  });

  it('reads an Excel export (BOM, CRLF, ";" and decimal commas) with --decimal-comma', async () => {
    const path = files.path('woo.csv');
    await writeFile(
      path,
      '\ufeffOrder Number;Order Date;Customer User ID;Order Total;\r\n1001;2024-03-05;17;49,90;\r\n1002;2024-03-06;18;1.234,50;\r\n\r\n',
    );
    const log = files.path('events.jsonl');
    const columns = [
      '--id',
      'Order Number',
      '--date',
      'Order Date',
      '--customer',
      'Customer User ID',
    ];
    const args = [...columns, '--amount', 'Order Total', '--currency', 'EUR'];
    const before = await tenure('import', path, '--log', log, ...args);
    expect(before.code).toBe(1);
    expect(before.stderr).toMatch(/^line 2: .*"49,90".*--decimal-comma/);
    const result = await tenure('import', path, '--log', log, ...args, '--decimal-comma', '--json');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ rowsRead: 2, appended: 2, rejected: 0 });
    const text = await readFile(log, 'utf8');
    expect(text).toContain('"amount":1234.5');
    expect(text).toContain('"amount":49.9');
  });

  it('refuses a Windows-1252 file as not UTF-8 and reads it with --encoding windows-1252', async () => {
    const path = files.path('latin.csv');
    const text = 'customer,date,amount\nJos\u00e9,2024-05-01,3\nJos\u00e8,2024-05-01,4\n';
    await writeFile(path, Buffer.from(text, 'latin1'));
    const log = files.path('events.jsonl');
    const refused = await tenure('import', path, '--log', log, '--currency', 'EUR');
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/line 2 is not UTF-8.*--encoding windows-1252/);
    await expect(readFile(log)).rejects.toMatchObject({ code: 'ENOENT' });
    const result = await tenure(
      'import',
      path,
      '--log',
      log,
      '--currency',
      'EUR',
      '--encoding',
      'windows-1252',
      '--json',
    );
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ appended: 2 });
    const written = await readFile(log, 'utf8');
    expect(written).toContain('"Josè"');
    expect(written).toContain('"José"');
  });

  it('says a --log that is no log may be the file to import, and leaves it as it was', async () => {
    // The file and the log swapped: the export is opened as the log.
    const file = await fixture('orders.csv', orders);
    const log = files.path('events.jsonl');
    await tenure('import', file, '--log', log, ...mapping);
    const swapped = await tenure('import', log, '--log', file);
    expect(swapped.code).toBe(1);
    expect(swapped.stderr).toContain(
      `If ${file} is a file to import, not a log that tenure wrote, put it before --log: tenure import ${file} --log events.jsonl`,
    );
    expect(await readFile(file, 'utf8')).toBe(`${orders.join('\n')}\n`);
  });

  it('leaves no new log behind when the import fails before appending anything', async () => {
    // The mapping is checked against the header, read after the log is opened.
    const file = await fixture('charges.csv', [
      'id,customer,booked,amount',
      'ch_1,c1,1709648530,5',
    ]);
    const log = files.path('events.jsonl');
    const failed = await tenure('import', file, '--log', log, '--currency', 'EUR');
    expect(failed.code).toBe(2);
    expect(failed.stderr).toMatch(/no date column/);
    await expect(readFile(log)).rejects.toMatchObject({ code: 'ENOENT' });
    // An existing log, even an empty one, stays.
    await writeFile(log, '');
    expect((await tenure('import', file, '--log', log, '--currency', 'EUR')).code).toBe(2);
    expect(await readFile(log, 'utf8')).toBe('');
    const fixed = await tenure(
      'import',
      file,
      '--log',
      log,
      '--currency',
      'EUR',
      '--date',
      'booked',
    );
    expect(fixed.code).toBe(0);
    expect(await logCount(log)).toBe(1);
  });

  it('says how many events went in before a line that is not UTF-8 stopped the import', async () => {
    // Past the first chunk a file stream reads: rows before it go in batches of --batch-size.
    const rows = Array.from({ length: 4000 }, (_, index) => `c${index},2024-05-01,${index}`);
    rows[3500] = 'Jos\u00e9,2024-05-01,3';
    const path = files.path('latin.csv');
    await writeFile(path, Buffer.from(`customer,date,amount\n${rows.join('\n')}\n`, 'latin1'));
    const log = files.path('events.jsonl');
    const args = ['import', path, '--log', log, '--currency', 'EUR', '--batch-size', '100'];
    const refused = await tenure(...args);
    expect(refused.code).toBe(2);
    const appended = await logCount(log);
    expect(appended).toBeGreaterThan(0);
    expect(refused.stderr).toMatch(/line 3502 is not UTF-8/);
    expect(refused.stderr).toContain(
      `${appended.toLocaleString('en-US')} events were appended before it stopped`,
    );
    const rest = await tenure(...args, '--encoding', 'windows-1252', '--json');
    expect(JSON.parse(rest.stdout)).toMatchObject({ appended: 4000 - appended });
  });

  it('re-imports the same file without appending anything', async () => {
    const file = await fixture(
      'orders.csv',
      orders.filter((_, index) => index !== 2 && index !== 4),
    );
    const log = files.path('events.jsonl');
    expect((await tenure('import', file, '--log', log, ...mapping)).code).toBe(0);
    const again = await tenure('import', file, '--log', log, ...mapping, '--json');
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({
      rowsRead: 3,
      appended: 0,
      duplicates: 3,
      rejected: 0,
    });
    expect(await logCount(log)).toBe(3);
  });

  it('with --strict stops at the first bad row, keeping only whole batches before it', async () => {
    const file = await fixture('orders.csv', orders);
    const log = files.path('events.jsonl');
    const result = await tenure(
      'import',
      file,
      '--log',
      log,
      ...mapping,
      '--strict',
      '--batch-size',
      '1',
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      'line 3: amount (column "total"): expected a number such as 12.50, received "abc"\n',
    );
    expect(result.stdout).toMatch(/Stopped at line 3 \(--strict\)/);
    expect(await logCount(log)).toBe(1);
  });

  it('says what to do on the command line when another writer holds the log', async () => {
    const file = await fixture('orders.csv', orders);
    const log = files.path('events.jsonl');
    const writer = await createFileLog(log);
    try {
      const result = await tenure('import', file, '--log', log, ...mapping);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(
        /^tenure import: .*events\.jsonl is already open for writing \(/,
      );
      expect(result.stderr).toMatch(
        /wait for it to finish \(another tenure import, or a program of yours\), then run this command again/,
      );
      expect(result.stderr).toMatch(/tenure verify, project, fit and report only read a log/);
      // The library's advice names an option of its API, not of the command line.
      expect(result.stderr).not.toMatch(/readOnly/);
      expect(await writer.position()).toBe(0);
    } finally {
      await writer.close();
    }
  });

  it('says which columns exist when a mapped one does not (exit 2)', async () => {
    const file = await fixture('orders.csv', orders);
    const result = await tenure(
      'import',
      file,
      '--log',
      files.path('events.jsonl'),
      '--customer',
      'customer_no',
      '--currency',
      'EUR',
    );
    expect(result).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/"customer_no".*"client", "day", "total"/),
    });
  });

  it('exits 1 when the file cannot be read', async () => {
    const result = await tenure(
      'import',
      files.path('missing.csv'),
      '--log',
      files.path('events.jsonl'),
    );
    expect(result).toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/cannot read .*missing.csv \(no such file\)/),
    });
  });

  it('verifies an intact log, and names the first edited line of a tampered one', async () => {
    const file = await fixture('orders.csv', [
      'customer,date,amount',
      ...Array.from({ length: 8 }, (_, i) => `c${i},2024-05-0${i + 1},${i + 1}`),
    ]);
    const log = files.path('events.jsonl');
    await tenure('import', file, '--log', log, '--currency', 'USD');
    expect(await tenure('verify', '--log', log)).toMatchObject({
      code: 0,
      stdout: expect.stringMatching(/intact, 8 records/),
    });
    const lines = (await readFile(log, 'utf8')).split('\n');
    lines[5] = lines[5]!.replace('"amount":6', '"amount":600');
    await writeFile(log, lines.join('\n'));
    const broken = await tenure('verify', '--log', log);
    expect(broken).toMatchObject({
      code: 1,
      stdout: expect.stringMatching(/BROKEN at line 6: .*\nThe 5 records before it are intact/),
    });
    expect(await tenure('verify', '--log', files.path('nope.jsonl'))).toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/no log file/),
    });
  });

  it('runs the demo into a kept log that verifies', async () => {
    const log = files.path('sample.jsonl');
    const report = files.path('report.html');
    const demo = await tenure(
      'demo',
      '--customers',
      '60',
      '--seed',
      '3',
      '--log',
      log,
      '--report',
      report,
    );
    expect(demo.code).toBe(0);
    expect(demo.stdout).toMatch(/Customers per stage\n\s+prospect\s+\d+/);
    expect(demo.stdout).toMatch(
      /Highest lifetime value[^\n]*\n\s+customer\s+stage\s+CLV \(margin 1, USD\)/,
    );
    // Purchases and refunds apart, as the facts keep them (revenue is gross purchases).
    expect(demo.stdout).toMatch(/purchases, before refunds \(USD\)\s+[\d,]+\.\d\d\n/);
    expect(demo.stdout).toMatch(/refunds \(USD\)\s+[\d,]+\.\d\d\n/);
    expect(demo.stdout).not.toMatch(/net of refunds/);
    expect(demo.stdout).toMatch(/Most at risk[^\n]*\n\s+customer\s+stage/);
    expect(demo.stdout).toContain(`Report: ${report}`);
    expect(await readFile(report, 'utf8')).toMatch(/^<!doctype html>/);
    expect(demo.stdout).toMatch(/people reached\s+60\n/);
    expect(demo.stdout).toMatch(/Events per type\n\s+touchpoint\s+\d+/);
    const count = Number(/events\s+([\d,]+)/.exec(demo.stdout)?.[1]?.replaceAll(',', ''));
    expect(await logCount(log)).toBe(count);
    expect((await tenure('verify', '--log', log)).code).toBe(0);
  });
});

describe('createProgressBar', () => {
  it('draws on a terminal and stays silent elsewhere', () => {
    let drawn = '';
    const bar = createProgressBar({ isTTY: true, write: (text: string) => (drawn += text) });
    bar.update(50, 100, '12 rows');
    bar.stop();
    expect(drawn).toContain(`[${'#'.repeat(15)}${'-'.repeat(15)}]  50%  12 rows`);
    let piped = '';
    const silent = createProgressBar({ write: (text: string) => (piped += text) });
    silent.update(1, 2, 'x');
    silent.stop();
    expect(piped).toBe('');
  });
});
