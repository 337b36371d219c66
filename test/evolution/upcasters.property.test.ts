import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import * as v from 'valibot';
import { afterAll, describe, expect, it } from 'vitest';
import { createEventCatalog } from '../../src/events/createEventCatalog.js';
import { defineEventType } from '../../src/events/defineEventType.js';
import type { StoredEvent } from '../../src/events/TenureEvent.js';
import { validateEvents } from '../../src/events/validateEvents.js';
import { createFileLog } from '../../src/log/file/createFileLog.js';

/** v1 { total, note? }; v2 { amount, currency, note? }; v3 + { channel } (a default). */
const v1 = defineEventType({
  type: 'acme.order',
  schema: v.strictObject({ total: v.number(), note: v.optional(v.string()) }),
});
const v3 = defineEventType({
  type: 'acme.order',
  version: 3,
  schema: v.strictObject({
    amount: v.number(),
    currency: v.string(),
    note: v.optional(v.string()),
    channel: v.optional(v.string(), 'web'),
  }),
  upcasters: {
    1: (data: { total: number; note?: string }) => {
      const { total, ...rest } = data;
      return { ...rest, amount: total, currency: 'EUR' };
    },
    2: (data: object) => data,
  },
});

const order = fc.record(
  { total: fc.double({ noNaN: true, noDefaultInfinity: true }), note: fc.string() },
  { requiredKeys: ['total'] },
);

const dir = mkdtempSync(join(tmpdir(), 'tenure-upcast-property-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let runs = 0;

describe('upcasters (properties)', () => {
  it('a stored old event reads as an append of it at its old version stores it, and resending it is skipped', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(order, { minLength: 1, maxLength: 15 }), async (payloads) => {
        const path = join(dir, `run-${runs++}.jsonl`);
        const events = payloads.map((data, i) => ({
          id: `e${i}`,
          type: 'acme.order',
          customerId: `c${i % 3}`,
          at: i * 1000,
          data,
        }));
        const old = await createFileLog(path, { eventTypes: [v1] });
        await old.append(events);
        await old.close();

        const log = await createFileLog(path, { eventTypes: [v3] });
        const read: StoredEvent[] = [];
        for await (const event of log.read()) read.push(event);
        const asOld = events.map((event) => ({ ...event, meta: { schemaVersion: 1 } }));
        const appended = await validateEvents(asOld, createEventCatalog([v3]));
        expect(appended.ok).toBe(true);
        if (appended.ok) {
          // As JSON, which a file log stores: a total of -0 reads back as 0.
          expect(read.map(({ position: _p, version: _v, ...event }) => event)).toEqual(
            JSON.parse(JSON.stringify(appended.events)),
          );
        }
        const resent = await log.append(asOld);
        expect(resent.skipped).toEqual(events.map((event) => event.id));
        expect(await log.position()).toBe(events.length);
        await log.close();
      }),
      { numRuns: 25, examples: [[[{ total: -0 }]]] },
    );
  });
});
