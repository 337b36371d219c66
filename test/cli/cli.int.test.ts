import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const data = (name: string) =>
  fileURLToPath(new URL(`../../../shared/data/${name}`, import.meta.url));

/** Runs `tenure` as users do: a separate Node process, exit status and both streams. */
function tenure(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', join(root, 'src/cli/main.ts'), ...args],
      { cwd: root, timeout: 30_000 },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : -1;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tenure-cli-int-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('the tenure command, as a process', () => {
  it('imports cdnowElog.csv: 6,919 rows, then nothing new on the second run', async () => {
    const log = join(dir, 'elog.jsonl');
    const args = [
      'import',
      data('cdnowElog.csv'),
      '--log',
      log,
      '--customer',
      'sampleid',
      '--amount',
      'sales',
      '--date-format',
      'yyyymmdd',
      '--currency',
      'USD',
    ];
    const first = await tenure(...args);
    expect(first).toMatchObject({ code: 0, stderr: '' });
    expect(first.stdout).toMatch(
      /rows read\s+6,919\n\s+events appended\s+6,919\n\s+duplicates skipped\s+0\n\s+rows rejected\s+0/,
    );
    const second = await tenure(...args, '--json');
    expect(second.code).toBe(0);
    expect(JSON.parse(second.stdout)).toMatchObject({
      rowsRead: 6919,
      appended: 0,
      duplicates: 6919,
      rejected: 0,
    });
  });

  it('imports the whitespace-aligned CDNOW_sample.txt by column positions, and verifies it', async () => {
    const log = join(dir, 'sample.jsonl');
    const result = await tenure(
      'import',
      data('CDNOW_sample.txt'),
      '--log',
      log,
      '--customer',
      '2',
      '--date',
      '3',
      '--amount',
      '5',
      '--currency',
      'USD',
      '--json',
    );
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({
      rowsRead: 6919,
      appended: 6919,
      rejected: 0,
    });
    const customers = new Set(
      (await readFile(log, 'utf8'))
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line).t[2]), // record format 2: [id, type, customerId, ...]
    );
    expect(customers.size).toBe(2357);
    expect(await tenure('verify', '--log', log)).toMatchObject({
      code: 0,
      stdout: expect.stringMatching(/intact, 6,919 records/),
    });
  });

  it('fails verify with exit 1 at the first tampered record', async () => {
    const log = join(dir, 'sample.jsonl');
    const lines = (await readFile(log, 'utf8')).split('\n');
    // The customer id, third in the record's event tuple: [id, type, customerId, ...].
    lines[4_999] = lines[4_999]!.replace(/("t":\["[^"]*","[^"]*",")(\d+)"/, '$19$2"');
    expect(lines[4_999]).toMatch(/"t":\["[^"]*","[^"]*","9\d+"/);
    await writeFile(join(dir, 'tampered.jsonl'), lines.join('\n'));
    const result = await tenure('verify', '--log', join(dir, 'tampered.jsonl'));
    expect(result).toMatchObject({ code: 1, stdout: expect.stringMatching(/BROKEN at line 5000/) });
  });

  it('says verify found an unfinished append after the intact records, and exits 0: a crash left it, it was never acknowledged', async () => {
    const torn = join(dir, 'torn.jsonl');
    const text = await readFile(join(dir, 'sample.jsonl'), 'utf8');
    // The last record cut in the middle, as a crash during its append leaves it.
    await writeFile(torn, text.slice(0, text.length - 40));
    expect(await tenure('verify', '--log', torn)).toMatchObject({
      code: 0,
      stdout: expect.stringMatching(
        /intact, 6,918 records, hash chain verified; after them, an unfinished append at line 6919 \(the line is not terminated by a newline\): .*never acknowledged/,
      ),
    });
    const json = await tenure('verify', '--log', torn, '--json');
    expect(JSON.parse(json.stdout)).toEqual({
      log: torn,
      ok: true,
      records: 6918,
      unfinishedAppend: 'line 6919: the line is not terminated by a newline',
    });
  });

  it('exits 1 with --strict on a bad row, and 2 on a wrong command line', async () => {
    const file = join(dir, 'bad.csv');
    await writeFile(file, 'customer,date,amount\nc1,2024-05-01,3\nc2,2024-05-02,x\n');
    const strict = await tenure(
      'import',
      file,
      '--log',
      join(dir, 'bad.jsonl'),
      '--currency',
      'EUR',
      '--strict',
    );
    expect(strict).toMatchObject({ code: 1, stderr: expect.stringMatching(/^line 3: amount/) });
    const usage = await tenure('import', file);
    expect(usage).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/--log <path> is required/),
    });
  });

  it('runs the demo in a temporary log', async () => {
    const result = await tenure('demo', '--customers', '40');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/people reached\s+40\n/);
  });

  it('runs the demo again into its own log, and refuses a log of other events', async () => {
    const log = join(dir, 'demo.jsonl');
    const report = join(dir, 'demo.html');
    const demo = (seed: string) =>
      tenure('demo', '--seed', seed, '--customers', '20', '--log', log, '--report', report);
    expect((await demo('7')).code).toBe(0);
    const again = await demo('7');
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/people reached\s+20\n/);
    // Seed 3's cust-000001 is another person than seed 7's: the demo described one business
    // of 20 merged people as 'seed 3, 20 people', exit 0.
    const other = await demo('3');
    expect(other).toMatchObject({
      code: 1,
      stderr: `tenure demo: ${log} already holds events that are not the sample business of seed 3 (the first is "sample-7-cust-000001-0001"), and the demo's customers would merge with them; pass a new --log path, or the seed the log was made with.\n`,
    });
  });
});
