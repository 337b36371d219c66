import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFileLog } from '../../src/log/file/createFileLog.js';
import { generateSampleBusiness } from '../../src/sample/generateSampleBusiness.js';
import { tenure } from '../cli/tenureInProcess.js';

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tenure-report-cli-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('tenure report: the summary line', () => {
  it('says an empty log has no events, not that it is as of 1970', async () => {
    const log = join(dir, 'empty.jsonl');
    await (await createFileLog(log)).close();
    const result = await tenure('report', '--log', log, '--out', join(dir, 'empty.html'));
    expect(result.code).toBe(0);
    expect(result.stdout).not.toContain('1970');
    expect(result.stdout).toContain('0 people, no events yet');
    expect(result.stdout.match(/no events yet/g)).toHaveLength(1);
  });

  it('says why the customer equity is unknown rather than printing 0.00', async () => {
    const path = join(dir, 'two.jsonl');
    const log = await createFileLog(path);
    await log.append(
      ['ann', 'bea'].map((customerId) => ({
        id: `${customerId}-1`,
        type: 'purchase',
        customerId,
        at: '2024-01-05T10:00:00Z',
        data: { orderId: `${customerId}-1`, amount: 40, currency: 'USD' },
      })),
    );
    await log.close();
    const result = await tenure('report', '--log', path, '--out', join(dir, 'two.html'));
    expect(result.code).toBe(0);
    expect(result.stdout).not.toMatch(/customer equity[^,]*\) 0\.00/);
    expect(result.stdout).toMatch(/customer equity \(margin 1, USD\) not valued: too little data/);
  });
});

describe('tenure report --passes: a log too large to fold at once', () => {
  it('writes the same report whether it folds the customers in one pass or in three', async () => {
    const path = join(dir, 'sample.jsonl');
    const log = await createFileLog(path);
    await log.append([...generateSampleBusiness({ seed: 3, customers: 300 })]);
    await log.close();
    const once = join(dir, 'once.html');
    const thrice = join(dir, 'thrice.html');
    const one = await tenure('report', '--log', path, '--out', once, '--passes', '1');
    const three = await tenure('report', '--log', path, '--out', thrice, '--passes', '3');
    expect([one.code, three.code]).toEqual([0, 0]);
    expect(three.stdout.replace(thrice, once)).toBe(one.stdout);
    expect(await readFile(thrice, 'utf8')).toBe(await readFile(once, 'utf8'));
  });

  it('refuses a number of passes that is not a whole number >= 1', async () => {
    const result = await tenure('report', '--log', join(dir, 'any.jsonl'), '--passes', '0');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--passes must be a whole number >= 1, got "0"');
  });
});
