import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../src/events/canonicalJson.js';
import type { TenureEvent } from '../../src/events/TenureEvent.js';
import { contentJson, deriveEventId } from '../../src/import/deriveEventId.js';
import { importEvents } from '../../src/import/importEvents.js';

async function ids(text: string) {
  const events: TenureEvent[] = [];
  for await (const batch of importEvents(text, { defaultCurrency: 'EUR', source: 'crm' })) {
    events.push(...batch.events);
  }
  return events.map((event) => event.id);
}

describe('deriveEventId', () => {
  it('writes the content as canonicalJson does, on the fast path for data mapped from columns too', () => {
    const text = fc.string({ maxLength: 6 });
    fc.assert(
      fc.property(
        fc.record(
          {
            type: text,
            customerId: text,
            at: fc.integer({ min: -1e13, max: 1e13 }),
            amount: fc.double({ noNaN: true, noDefaultInfinity: true }),
            currency: text,
            orderId: text,
            meta: fc.dictionary(text, fc.jsonValue({ maxDepth: 2 })),
          },
          { requiredKeys: ['type', 'customerId', 'at'] },
        ),
        fc.dictionary(text, fc.jsonValue({ maxDepth: 2 })),
        ({ type, customerId, at, amount, currency, orderId, meta }, other) => {
          const data: Record<string, unknown> = {};
          if (amount !== undefined) data.amount = amount;
          if (currency !== undefined) data.currency = currency;
          if (orderId !== undefined) data.orderId = orderId;
          const flat = { type, customerId, at, data, ...(meta === undefined ? {} : { meta }) };
          expect(contentJson(flat, true)).toBe(canonicalJson(flat));
          const nested = { ...flat, data: { ...other, ...data } };
          expect(contentJson(nested, false)).toBe(canonicalJson(nested));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('gives the importer’s ids: a JSON line’s data keys in any order, and the source, count', async () => {
    const line = (data: string, meta = '') =>
      `{"customerId":"c1","at":"2024-01-05T00:00:00Z","type":"touchpoint","data":${data}${meta}}`;
    const [first, reordered, withMeta] = await ids(
      [
        line('{"channel":"email","campaignId":"x"}'),
        line('{"campaignId":"x","channel":"email"}'),
        line('{"channel":"email","campaignId":"x"}', ',"meta":{"by":"ann"}'),
      ].join('\n'),
    );
    const content = {
      type: 'touchpoint',
      customerId: 'c1',
      at: Date.UTC(2024, 0, 5),
      data: { campaignId: 'x', channel: 'email' },
    };
    expect(first).toBe(deriveEventId({ ...content, meta: { source: 'crm' } }));
    expect(reordered).toBe(deriveEventId({ ...content, meta: { source: 'crm' } }, 2));
    expect(withMeta).toBe(deriveEventId({ ...content, meta: { by: 'ann', source: 'crm' } }));
  });
});
