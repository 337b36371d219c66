import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { createMemoryLog } from '../../src/log/createMemoryLog.js';
import type { EventLog } from '../../src/log/EventLog.js';
import { createFileLog } from '../../src/log/file/createFileLog.js';
import { createLifecycle } from '../../src/projection/createLifecycle.js';
import { type CorrectedLog, correctedLogArbitrary } from '../../src/testing/index.js';

const lifecycle = createLifecycle();
const work = mkdtempSync(join(tmpdir(), 'tenure-corrected-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Appends the batches to `log`, and expects it to project as the log they must count as. */
async function expectCountsAsExpected(log: EventLog, corrected: CorrectedLog): Promise<void> {
  for (const batch of corrected.batches) await log.append(batch);
  const clean = createMemoryLog();
  await clean.append(corrected.expected);
  const { asOf } = corrected;
  expect(await lifecycle.project(log, { asOf })).toEqual(await lifecycle.project(clean, { asOf }));
}

/** Events of one customer delivered after an event of theirs that happened later. */
function lateDeliveries(corrected: CorrectedLog): number {
  const latest = new Map<string, number>();
  let late = 0;
  for (const event of corrected.batches.flat()) {
    if (event.type === 'event.voided') continue;
    const seen = latest.get(event.customerId) ?? Number.NEGATIVE_INFINITY;
    if (event.at < seen) late++;
    latest.set(event.customerId, Math.max(seen, event.at));
  }
  return late;
}

describe('correctedLogArbitrary', () => {
  it('draws logs whose projection equals the projection of the log they must count as', async () => {
    await fc.assert(
      fc.asyncProperty(correctedLogArbitrary({ maxCustomers: 5 }), (corrected) =>
        expectCountsAsExpected(createMemoryLog(), corrected),
      ),
      { numRuns: 150 },
    );
  });

  it('holds for a file log, whose reads stream the events as they were appended', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(correctedLogArbitrary({ maxCustomers: 4 }), async (corrected) => {
        const log = await createFileLog(join(work, `run-${run++}.jsonl`));
        try {
          await expectCountsAsExpected(log, corrected);
        } finally {
          await log.close();
        }
      }),
      { numRuns: 40 },
    );
  });

  it('draws every kind of correction, spread over several batches', () => {
    const samples = fc.sample(correctedLogArbitrary({ minCustomers: 2 }), {
      numRuns: 300,
      seed: 1,
    });
    const original = (corrected: CorrectedLog) => corrected.batches.slice(0, -1).flat();
    expect(samples.some((corrected) => lateDeliveries(corrected) > 0)).toBe(true);
    expect(samples.some((corrected) => corrected.voided.length > 0)).toBe(true);
    expect(samples.some((corrected) => corrected.batches.length >= 3)).toBe(true);
    // A resend is an event of an earlier batch, unchanged.
    const resends = samples.filter((corrected) => {
      const last = corrected.batches.at(-1) ?? [];
      return last.length > 0 && last.every((event) => original(corrected).includes(event));
    });
    expect(resends.length).toBeGreaterThan(0);
  });

  it('keeps what it draws consistent: ids once per batch, voids after their event, asOf last', () => {
    fc.assert(
      fc.property(correctedLogArbitrary(), (corrected) => {
        const delivered = corrected.batches.flat();
        for (const batch of corrected.batches) {
          expect(batch.length).toBeGreaterThan(0);
          expect(new Set(batch.map((event) => event.id)).size).toBe(batch.length);
        }
        for (const id of corrected.voided) {
          const voidAt = delivered.findIndex((event) => event.id === `void-${id}`);
          expect(delivered.findIndex((event) => event.id === id)).toBeLessThan(voidAt);
          expect(corrected.expected.some((event) => event.id === id)).toBe(false);
        }
        const times = corrected.expected.map((event) => event.at);
        expect(times).toEqual([...times].sort((a, b) => a - b));
        expect(delivered.every((event) => event.at <= corrected.asOf)).toBe(true);
      }),
    );
  });

  it('draws the same logs for the same seed', () => {
    const draw = () => fc.sample(correctedLogArbitrary(), { numRuns: 20, seed: 42 });
    expect(draw()).toEqual(draw());
  });

  it.each([
    [{ maxLate: -1 }, /^correctedLogArbitrary: maxLate must be an integer >= 0, received -1/],
    [{ maxVoided: 1.5 }, /^correctedLogArbitrary: maxVoided must be an integer >= 0, received 1.5/],
    [{ maxLates: 2 } as never, /^correctedLogArbitrary: .*maxLates/],
  ])('refuses constraints it cannot meet: %o', (constraints, message) => {
    expect(() => correctedLogArbitrary(constraints)).toThrow(message);
  });
});
