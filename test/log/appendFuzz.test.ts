import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventValidationError } from '../../src/errors/EventValidationError.js';
import { isTenureError } from '../../src/errors/TenureError.js';
import type { EventInput } from '../../src/events/TenureEvent.js';
import { createMemoryLog } from '../../src/log/createMemoryLog.js';
import type { EventLog } from '../../src/log/EventLog.js';
import { createFileLog } from '../../src/log/file/createFileLog.js';
import {
  malformedEventArbitrary,
  validBatchArbitrary,
} from '../../src/testing/eventArbitraries.js';

let directory: string;
beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'tenure-fuzz-'));
});
afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

const seed = [
  {
    id: 'seed-1',
    type: 'purchase',
    customerId: 'c1',
    at: '2024-01-01',
    data: { orderId: 'o1', amount: 5, currency: 'EUR' },
  },
];

/** Every event's id, position and version, and (for the file log) the file's bytes. */
async function snapshot(log: EventLog, path?: string) {
  const events: string[] = [];
  for await (const event of log.read()) events.push(JSON.stringify(event));
  return { events, position: await log.position(), bytes: path ? await readFile(path) : undefined };
}

const adapters: [string, () => Promise<{ log: EventLog; path?: string }>][] = [
  ['memory log', async () => ({ log: createMemoryLog() })],
  [
    'file log',
    async () => {
      const path = join(directory, `fuzz-${Math.random().toString(36).slice(2)}.jsonl`);
      return { log: await createFileLog(path), path };
    },
  ],
];

describe.each(adapters)('%s at the append boundary', (_name, open) => {
  it('rejects garbage events with EventValidationError and never writes part of a batch', async () => {
    const { log, path } = await open();
    await log.append(seed);
    const before = await snapshot(log, path);
    await fc.assert(
      fc.asyncProperty(
        validBatchArbitrary({ maxLength: 4 }),
        fc.array(malformedEventArbitrary(), { minLength: 1, maxLength: 3 }),
        fc.nat(),
        async (good, bad, at) => {
          const batch: unknown[] = good.map((event, i) => ({ ...event, id: `fuzz-${at}-${i}` }));
          batch.splice(at % (batch.length + 1), 0, ...bad);
          const error = await log.append(batch as EventInput[]).catch((thrown: unknown) => thrown);
          expect(error).toBeInstanceOf(EventValidationError);
          expect((error as EventValidationError).issues.length).toBeGreaterThan(0);
          for (const issue of (error as EventValidationError).issues) {
            expect(issue.message).toContain(`event #${issue.index}`);
          }
        },
      ),
      { numRuns: 150 },
    );
    expect(await snapshot(log, path)).toEqual(before);
    expect(await log.verify()).toMatchObject({ ok: true, records: 1 });
    await log.close();
  });

  it('answers any batch shape or options with a typed error or a TypeError, never a crash', async () => {
    const { log, path } = await open();
    await log.append(seed);
    const before = await snapshot(log, path);
    await fc.assert(
      fc.asyncProperty(fc.anything(), fc.anything(), async (batch, options) => {
        const error = await log
          .append(batch as EventInput[], options as never)
          .then(() => undefined)
          .catch((thrown: unknown) => thrown);
        // An empty array is a valid (empty) batch; anything else must be refused.
        if (error === undefined) expect(batch).toEqual([]);
        else expect(isTenureError(error) || error instanceof TypeError).toBe(true);
      }),
      { numRuns: 150 },
    );
    expect(await snapshot(log, path)).toEqual(before);
    await log.close();
  });
});
