import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { StoredEvent } from '../../src/events/TenureEvent.js';
import { importToLog } from '../../src/import/importToLog.js';
import { createMemoryLog } from '../../src/log/createMemoryLog.js';
import { findNonFinite } from './findNonFinite.js';
import { plausibleLogArbitrary } from './plausibleLogArbitrary.js';

/** Ways a line of an exported log gets damaged on its way to an import. */
const damages: readonly ((line: string) => string)[] = [
  (line) => line.slice(0, Math.floor(line.length / 2)),
  (line) => line.replace(/"amount":[^,}]+/, '"amount":NaN'),
  (line) => line.replace(/"amount":[^,}]+/, '"amount":-5'),
  (line) => line.replace(/"at":"[^"]+"/, '"at":"yesterday"'),
  (line) => line.replace(/"type":"[^"]+"/, '"type":"no.such.type"'),
  (line) => line.replace(/"customerId":"[^"]+"/, '"customerId":""'),
  (line) => `${line},`,
  () => '',
  () => '[1,2,3]',
  () => 'null',
];

describe('fuzz: importing exported plausible logs, some lines damaged', () => {
  it('appends every intact line, rejects each damaged one with its line and a reason, and stays finite', async () => {
    await fc.assert(
      fc.asyncProperty(
        plausibleLogArbitrary(),
        fc.array(fc.tuple(fc.nat(3000), fc.nat(damages.length - 1)), { maxLength: 6 }),
        async (plausible, picks) => {
          const events = plausible.events.slice(0, 300).map((event) => ({
            ...event,
            at: new Date(Number(event.at)).toISOString(),
          }));
          const lines = events.map((event) => JSON.stringify(event));
          const damaged = new Map<number, string>();
          for (const [pick, damage] of picks) {
            if (lines.length === 0) break;
            const index = pick % lines.length;
            if (damaged.has(index)) continue;
            const line = (damages[damage] as (line: string) => string)(lines[index] as string);
            if (line !== lines[index]) damaged.set(index, line);
          }
          for (const [index, line] of damaged) lines[index] = line;

          const log = createMemoryLog();
          const summary = await importToLog(log, lines.join('\n'), { format: 'jsonl' });
          expect(findNonFinite(summary)).toEqual([]);
          for (const row of summary.rejections) {
            expect(row.line).toBeGreaterThanOrEqual(1);
            expect(row.reason.length).toBeGreaterThan(5);
          }
          const stored: StoredEvent[] = [];
          for await (const event of log.read()) stored.push(event);
          expect(findNonFinite(stored)).toEqual([]);
          const ids = new Set(stored.map((event) => event.id));
          for (const [index, event] of events.entries())
            if (!damaged.has(index)) expect(ids.has(event.id), event.id).toBe(true);
          expect(summary.appended).toBe(stored.length);
          expect(summary.rejected).toBeLessThanOrEqual(damaged.size);
        },
      ),
      { numRuns: 40 },
    );
  });
});
