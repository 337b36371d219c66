import * as fc from 'fast-check';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { builtInEventTypes } from '../../src/events/catalog/builtInEventTypes.js';
import { createEventCatalog, defaultEventCatalog } from '../../src/events/createEventCatalog.js';
import { defineEventType } from '../../src/events/defineEventType.js';
import { validateEvents } from '../../src/events/validateEvents.js';

const purchase = {
  id: 'e1',
  type: 'purchase',
  customerId: 'c1',
  at: '2024-05-01T09:30:00Z',
  data: {
    orderId: 'o1',
    amount: 20,
    currency: 'EUR',
    items: [{ productId: 'p1', category: 'books' }],
  },
};

async function issuesOf(events: readonly unknown[]) {
  const result = await validateEvents(events, defaultEventCatalog);
  if (result.ok) throw new Error('expected the batch to be rejected');
  return result.issues;
}

describe('validateEvents', () => {
  it('normalises a valid event: time to epoch ms, schema version stamped', async () => {
    const result = await validateEvents([purchase], defaultEventCatalog);
    expect(result).toEqual({
      ok: true,
      events: [{ ...purchase, at: Date.UTC(2024, 4, 1, 9, 30), meta: { schemaVersion: 1 } }],
    });
  });

  it('keeps meta as given, extra keys included', async () => {
    const meta = { source: 'shop', correlationId: 'req-7', tenant: 'acme' };
    const result = await validateEvents([{ ...purchase, meta }], defaultEventCatalog);
    expect(result.ok && result.events[0]?.meta).toEqual({ ...meta, schemaVersion: 1 });
  });

  it('names the index, id, type, field path and expectation of every problem', async () => {
    const issues = await issuesOf([
      purchase,
      { ...purchase, id: 'e2', data: { ...purchase.data, amount: -5, currency: 'eur' } },
    ]);
    expect(issues).toMatchObject([
      {
        index: 1,
        eventId: 'e2',
        eventType: 'purchase',
        path: 'data.amount',
        expected: 'a number >= 0',
        received: '-5',
      },
      { index: 1, eventId: 'e2', path: 'data.currency', received: '"eur"' },
    ]);
    expect(issues[0]?.message).toBe(
      'event #1 (id "e2", type "purchase"): data.amount: expected a number >= 0, received -5',
    );
  });

  it('rejects amounts beyond 1e15, so that revenue and CLV sums stay finite', async () => {
    const issues = await issuesOf([
      { ...purchase, data: { ...purchase.data, amount: Number.MAX_VALUE } },
    ]);
    expect(issues).toMatchObject([{ path: 'data.amount', expected: 'a number <= 1e15' }]);
    const largest = { ...purchase, data: { ...purchase.data, amount: 1e15 } };
    expect((await validateEvents([largest], defaultEventCatalog)).ok).toBe(true);
  });

  it('says a refused amount once: a refund of -3 or 0 is one issue', async () => {
    const refund = { ...purchase, type: 'refund', data: { amount: -3, currency: 'EUR' } };
    for (const amount of [-3, 0]) {
      const issues = await issuesOf([{ ...refund, data: { amount, currency: 'EUR' } }]);
      expect(issues.map((issue) => issue.message)).toEqual([
        `event #0 (id "e1", type "refund"): data.amount: expected a number > 0, received ${amount}`,
      ]);
    }
  });

  it('says one thing per field: an infinite amount is not finite (not also too large)', async () => {
    for (const amount of [Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) {
      const issues = await issuesOf([{ ...purchase, data: { ...purchase.data, amount } }]);
      expect(issues.map((issue) => `${issue.path}: expected ${issue.expected}`)).toEqual([
        'data.amount: expected a finite number',
      ]);
    }
  });

  it('reports nested paths inside arrays', async () => {
    const items = [{ productId: 'p1' }, { productId: '', quantity: 0 }];
    const issues = await issuesOf([{ ...purchase, data: { ...purchase.data, items } }]);
    expect(issues.map((issue) => issue.path)).toEqual([
      'data.items.1.productId',
      'data.items.1.quantity',
    ]);
  });

  it('reports a missing required field as required', async () => {
    const issues = await issuesOf([{ ...purchase, data: { amount: 1, currency: 'EUR' } }]);
    expect(issues).toMatchObject([
      { path: 'data.orderId', expected: 'a value (the field is required)', received: 'nothing' },
    ]);
  });

  it('says a missing data field once, not once for the envelope and again for the type', async () => {
    const { data: _, ...withoutData } = purchase;
    const issues = await issuesOf([withoutData]);
    expect(issues.map((issue) => issue.message)).toEqual([
      'event #0 (id "e1", type "purchase"): data: expected a value (the field is required), received nothing',
    ]);
  });

  it('rejects unknown fields, so a misspelt field is not silently dropped', async () => {
    const issues = await issuesOf([{ ...purchase, data: { ...purchase.data, ammount: 3 } }]);
    expect(issues).toMatchObject([
      { path: 'data.ammount', expected: 'no such field (remove it, or check its spelling)' },
    ]);
  });

  it('rejects an unknown event type and says how to register one', async () => {
    const issues = await issuesOf([{ ...purchase, type: 'acme.trial' }]);
    expect(issues[0]?.message).toMatch(/type: expected a known event type .*defineEventType/);
  });

  it('names the known type nearest to a misspelt one', async () => {
    const cancelled = { subscriptionId: 's1' };
    const issues = await issuesOf([
      { ...purchase, type: 'purchse' },
      { ...purchase, id: 'e2', type: 'subscription.canceled', data: cancelled },
      { ...purchase, id: 'e3', type: 'Purchase' },
    ]);
    expect(issues.map((issue) => issue.expected)).toEqual(
      ['purchase', 'subscription.cancelled', 'purchase'].map(
        (near) =>
          `a known event type (did you mean "${near}"?; built-in, or defined with defineEventType and passed to the log as eventTypes)`,
      ),
    );
  });

  it('shows the value a length check refused, not the length valibot measured', async () => {
    const issues = await issuesOf([
      { ...purchase, id: '' },
      { ...purchase, id: 'e2', customerId: 'c'.repeat(300) },
      { ...purchase, id: 'e3', data: { ...purchase.data, orderId: '' } },
    ]);
    expect(issues.map((issue) => issue.message)).toEqual([
      'event #0: id: expected a non-empty string, received "" (an empty string)',
      'event #1 (id "e2", type "purchase"): customerId: expected a string of at most 256 characters, received a string of 300 characters',
      'event #2 (id "e3", type "purchase"): data.orderId: expected a non-empty string, received "" (an empty string)',
    ]);
  });

  it('says the expected type as a sentence, and calls only the envelope an event object', async () => {
    const issues = await issuesOf([
      'not an event',
      { ...purchase, id: 5 },
      { ...purchase, id: 'e2', data: { ...purchase.data, amount: '20' } },
      { ...purchase, id: 'e3', data: { ...purchase.data, items: ['p1'] } },
      { ...purchase, id: 'e4', meta: 'web' },
    ]);
    expect(issues.map((issue) => `${issue.path}: expected ${issue.expected}`)).toEqual([
      ': expected an event object { id, type, customerId, at, data, meta? }',
      'id: expected a string',
      'data.amount: expected a number',
      'data.items.0: expected an object',
      'meta: expected an object',
    ]);
  });

  it('says the kind of an object given where another type was expected, not its constructor', async () => {
    const issues = await issuesOf([
      { ...purchase, data: { ...purchase.data, items: { productId: 'p1' } } },
      { ...purchase, id: 'e2', data: { ...purchase.data, orderId: ['o1'] } },
      { ...purchase, id: 'e3', at: new Date(Number.NaN) },
    ]);
    expect(issues.map((issue) => `${issue.path}: received ${issue.received}`)).toEqual([
      'data.items: received an object',
      'data.orderId: received an array of 1',
      'at: received an invalid Date',
    ]);
  });

  it('rejects a local time without a zone', async () => {
    const issues = await issuesOf([{ ...purchase, at: '2024-05-01T09:30:00' }]);
    expect(issues).toMatchObject([{ path: 'at', received: '"2024-05-01T09:30:00"' }]);
  });

  it('says how to mend a time in fractional seconds or milliseconds, which it refuses', async () => {
    // Python's time.time(): epoch seconds with a fraction.
    const [seconds] = await issuesOf([{ ...purchase, at: 1714557600.25 }]);
    expect(seconds?.expected).toBe(
      'an ISO-8601 time with a zone (e.g. "2024-05-01T12:00:00Z"), a date ("2024-05-01"), integer epoch milliseconds (1714557600.25 looks like epoch seconds, 2024-05-01T10:00:00.250Z: multiply by 1000 and round) or a valid Date',
    );
    const [millis] = await issuesOf([{ ...purchase, at: 1714557600000.5 }]);
    expect(millis?.expected).toBe(
      'an ISO-8601 time with a zone (e.g. "2024-05-01T12:00:00Z"), a date ("2024-05-01"), integer epoch milliseconds (round 1714557600000.5 to a whole millisecond) or a valid Date',
    );
  });

  it('says how to mend a leap second, which epoch milliseconds cannot hold', async () => {
    const issues = await issuesOf([{ ...purchase, at: '2016-12-31T23:59:60Z' }]);
    expect(issues[0]?.expected).toMatch(
      /or a valid Date \(a leap second, :60, cannot be stored: write :59\.999 instead\)$/,
    );
  });

  it('reads an integer as epoch milliseconds, early 1970 included: epoch seconds are not guessed', async () => {
    // 20 days after the epoch, as tests write times; 1714557600 s would be read so too.
    const result = await validateEvents(
      [{ ...purchase, at: 20 * 86_400_000 }],
      defaultEventCatalog,
    );
    expect(result.ok && result.events[0]?.at).toBe(Date.UTC(1970, 0, 21));
  });

  it('rejects a schema version the catalogue does not know', async () => {
    const issues = await issuesOf([{ ...purchase, meta: { schemaVersion: 2 } }]);
    expect(issues).toMatchObject([{ path: 'meta.schemaVersion', received: '2' }]);
  });

  it('rejects prototype-pollution keys without polluting anything', async () => {
    const hostile = JSON.parse(
      '{"id":"e","type":"review","customerId":"c","at":1,"data":{"rating":5,"__proto__":{"polluted":true}},"__proto__":{"polluted":true}}',
    );
    const issues = await issuesOf([hostile]);
    expect(issues.map((issue) => issue.path).sort()).toEqual(['__proto__', 'data.__proto__']);
    expect(({} as { polluted?: boolean }).polluted).toBeUndefined();
  });

  it('rejects prototype keys in meta rather than dropping them silently', async () => {
    const hostile = JSON.parse('{"source":"shop","__proto__":{"polluted":true}}');
    const issues = await issuesOf([{ ...purchase, meta: hostile }]);
    expect(issues).toMatchObject([
      { path: 'meta', expected: 'meta without the keys __proto__, constructor or prototype' },
    ]);
  });

  it('validates user-defined types with any Standard Schema validator', async () => {
    const trialStarted = defineEventType({
      type: 'acme.trial-started',
      schema: v.object({ plan: v.picklist(['basic', 'pro']) }),
    });
    const catalog = createEventCatalog([trialStarted]);
    const event = {
      id: 't1',
      type: 'acme.trial-started',
      customerId: 'c1',
      at: 0,
      data: { plan: 'pro' },
    };
    expect((await validateEvents([event], catalog)).ok).toBe(true);
    const rejected = await validateEvents([{ ...event, data: { plan: 'gold' } }], catalog);
    expect(rejected.ok === false && rejected.issues[0]?.path).toBe('data.plan');
  });

  it('refuses data and meta a log cannot store as JSON, whatever the schema lets through', async () => {
    const note = defineEventType({ type: 'acme.note', schema: v.object({ value: v.any() }) });
    const visit = defineEventType({
      type: 'acme.visit',
      // A schema may make a Date of a string: a memory log would keep it, a file log a string.
      schema: v.object({
        when: v.pipe(
          v.string(),
          v.transform((text) => new Date(text)),
        ),
      }),
    });
    const catalog = createEventCatalog([note, visit]);
    const event = (value: unknown) => ({
      id: 'n1',
      type: 'acme.note',
      customerId: 'c1',
      at: 0,
      data: { value },
    });
    const refused: [unknown, string, string][] = [
      [Number.NaN, 'data.value', 'NaN'],
      [Number.POSITIVE_INFINITY, 'data.value', 'Infinity'],
      [10n, 'data.value', '10n (a bigint)'],
      [new Map([[1, 2]]), 'data.value', 'a Map'],
      [[1, undefined], 'data.value.1', 'undefined'],
      [{ deep: [() => 1] }, 'data.value.deep.0', 'a function'],
    ];
    for (const [value, path, received] of refused) {
      const result = await validateEvents([event(value)], catalog);
      expect(result).toMatchObject({ ok: false, issues: [{ path, received }] });
      if (!result.ok) {
        expect(result.issues[0]?.expected).toBe(
          'a JSON value: a string, a finite number, a boolean, null, an array or a plain object (logs store JSON; write a time as an ISO string or epoch ms)',
        );
      }
    }
    const date = await validateEvents(
      [{ ...event(0), id: 'v1', type: 'acme.visit', data: { when: '2024-05-01' } }],
      catalog,
    );
    expect(date).toMatchObject({
      ok: false,
      issues: [{ path: 'data.when', received: 'a Date (2024-05-01T00:00:00.000Z)' }],
    });
    const meta = await validateEvents([{ ...event(1), meta: { tenant: 7n } }], catalog);
    expect(meta).toMatchObject({
      ok: false,
      issues: [{ path: 'meta.tenant', received: '7n (a bigint)' }],
    });
    // An absent optional field written as undefined is what JSON leaves out: accepted.
    const stored = { nested: { a: 1, b: undefined }, list: [null, true, 'x', 1.5], none: null };
    expect(await validateEvents([event(stored)], catalog)).toMatchObject({ ok: true });
  });

  it('awaits asynchronous Standard Schema validators', async () => {
    const asyncType = defineEventType({
      type: 'acme.async',
      schema: {
        '~standard': {
          version: 1,
          vendor: 'test',
          validate: async (value: unknown) =>
            value === 'ok' ? { value } : { issues: [{ message: 'the string "ok"' }] },
        },
      },
    });
    const catalog = createEventCatalog([asyncType]);
    const base = { id: 'a', type: 'acme.async', customerId: 'c', at: 0 };
    expect((await validateEvents([{ ...base, data: 'ok' }], catalog)).ok).toBe(true);
    const rejected = await validateEvents([{ ...base, data: 'no' }], catalog);
    expect(rejected.ok === false && rejected.issues[0]?.message).toMatch(
      /data: expected the string "ok"/,
    );
  });

  it('refuses a custom type that clashes with a built-in', () => {
    const clash = defineEventType({ type: 'purchase', schema: v.unknown() });
    expect(() => createEventCatalog([clash])).toThrow(/"purchase" is defined twice/);
  });

  it('never throws on arbitrary input: every rejection is an issue naming its event', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.anything({ withNullPrototype: true, withObjectString: true }), {
          maxLength: 5,
        }),
        async (inputs) => {
          const result = await validateEvents(inputs, defaultEventCatalog);
          if (!result.ok) {
            for (const issue of result.issues) {
              expect(issue.index).toBeGreaterThanOrEqual(0);
              expect(issue.index).toBeLessThan(inputs.length);
              expect(issue.message).toMatch(/^event #\d+/);
            }
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('every built-in type has a description and version 1', () => {
    for (const type of builtInEventTypes) {
      expect(type.description.length).toBeGreaterThan(10);
      expect(type.version).toBe(1);
    }
  });
});
