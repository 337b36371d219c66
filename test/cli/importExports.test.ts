import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TenureEvent } from '../../src/events/TenureEvent.js';
import { createFileLog } from '../../src/log/file/createFileLog.js';
import { tenure } from './tenureInProcess.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tenure-cli-exports-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function fixture(name: string, lines: readonly string[]): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, `${lines.join('\n')}\n`);
  return path;
}

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
  it('takes --currency in any case, as a currency column is read', async () => {
    const file = await fixture('orders.csv', ['customer_id,date,amount', 'c1,2024-03-05,10']);
    const log = join(dir, 'events.jsonl');
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
