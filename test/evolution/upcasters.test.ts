import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as v from 'valibot';
import { afterEach, describe, expect, it } from 'vitest';
import { isTenureError } from '../../src/errors/TenureError.js';
import { createEventCatalog } from '../../src/events/createEventCatalog.js';
import { defineEventType } from '../../src/events/defineEventType.js';
import type { StoredEvent } from '../../src/events/TenureEvent.js';
import { upcastEvent } from '../../src/events/upcastEvent.js';
import { validateEvents } from '../../src/events/validateEvents.js';
import type { EventLog } from '../../src/log/EventLog.js';
import { createFileLog } from '../../src/log/file/createFileLog.js';

/** Three versions of one custom type: v1 { total }, v2 { amount, currency }, v3 + { channel }. */
const v1 = defineEventType({ type: 'acme.order', schema: v.strictObject({ total: v.number() }) });
const v2 = defineEventType({
  type: 'acme.order',
  version: 2,
  schema: v.strictObject({ amount: v.number(), currency: v.string() }),
  upcasters: { 1: (data: { total: number }) => ({ amount: data.total, currency: 'EUR' }) },
});
const v3 = defineEventType({
  type: 'acme.order',
  version: 3,
  schema: v.strictObject({ amount: v.number(), currency: v.string(), channel: v.string() }),
  upcasters: {
    ...v2.upcasters,
    2: (data: { amount: number; currency: string }) => ({ ...data, channel: 'web' }),
  },
});

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
function logPath(): string {
  const dir = mkdtempSync(join(tmpdir(), 'tenure-upcast-'));
  dirs.push(dir);
  return join(dir, 'events.log');
}
async function readAll(log: EventLog): Promise<StoredEvent[]> {
  const out: StoredEvent[] = [];
  for await (const event of log.read()) out.push(event);
  return out;
}

describe('upcasters', () => {
  it('read old events in the current shape through the chain v1 -> v2 -> v3; the bytes never change', async () => {
    const path = logPath();
    const old = await createFileLog(path, { eventTypes: [v1] });
    await old.append([
      { id: 'e1', type: 'acme.order', customerId: 'c1', at: '2020-01-01', data: { total: 12 } },
    ]);
    await old.close();
    const bytes = readFileSync(path);
    const mtime = statSync(path).mtimeMs;

    const log = await createFileLog(path, { eventTypes: [v3] });
    await log.append([
      {
        id: 'e2',
        type: 'acme.order',
        customerId: 'c1',
        at: '2024-01-01',
        data: { amount: 5, currency: 'USD', channel: 'store' },
      },
    ]);
    const events = await readAll(log);
    expect(events.map((event) => [event.data, event.meta?.schemaVersion])).toEqual([
      [{ amount: 12, currency: 'EUR', channel: 'web' }, 3],
      [{ amount: 5, currency: 'USD', channel: 'store' }, 3],
    ]);
    const customer: StoredEvent[] = [];
    for await (const event of log.read({ customerId: 'c1' })) customer.push(event);
    expect(customer[0]?.data).toEqual(events[0]?.data);
    expect(await log.verify()).toMatchObject({ ok: true });
    await log.close();
    expect(readFileSync(path).subarray(0, bytes.length)).toEqual(bytes);
    expect(readFileSync(path).toString('utf8')).toContain('"total":12');
    expect(mtime).toBeLessThanOrEqual(statSync(path).mtimeMs);
  });

  it('let appends give an older schemaVersion: upcast, then validated as current', async () => {
    const catalog = createEventCatalog([v3]);
    const result = await validateEvents(
      [
        {
          id: 'e1',
          type: 'acme.order',
          customerId: 'c1',
          at: '2020-01-01',
          data: { total: 3 },
          meta: { schemaVersion: 1 },
        },
      ],
      catalog,
    );
    expect(result).toMatchObject({
      ok: true,
      events: [
        { data: { amount: 3, currency: 'EUR', channel: 'web' }, meta: { schemaVersion: 3 } },
      ],
    });
    const wrong = await validateEvents(
      [
        {
          id: 'e2',
          type: 'acme.order',
          customerId: 'c1',
          at: '2020-01-01',
          data: { total: 'three' },
          meta: { schemaVersion: 1 },
        },
      ],
      catalog,
    );
    expect(wrong.ok).toBe(false);
  });

  it('refuse an event of an unknown future version with a typed error naming the event and the fix', async () => {
    const path = logPath();
    const newer = await createFileLog(path, { eventTypes: [v3] });
    await newer.append([
      {
        id: 'e9',
        type: 'acme.order',
        customerId: 'c1',
        at: '2024-01-01',
        data: { amount: 1, currency: 'EUR', channel: 'web' },
      },
    ]);
    await newer.close();
    const older = await createFileLog(path, { eventTypes: [v1], readOnly: true });
    const error = await readAll(older).catch((caught: unknown) => caught);
    expect(isTenureError(error, 'TENURE_UNKNOWN_SCHEMA_VERSION')).toBe(true);
    expect((error as Error).message).toMatch(/"e9".*schema version 3.*versions 1 to 1.*upgrade/);
    await older.close();

    const result = await validateEvents(
      [
        {
          id: 'e1',
          type: 'acme.order',
          customerId: 'c1',
          at: '2020-01-01',
          data: {},
          meta: { schemaVersion: 7 },
        },
      ],
      createEventCatalog([v3]),
    );
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.issues[0]?.message).toMatch(
        /meta\.schemaVersion: expected version 3.*received 7/,
      );
    }
  });

  it('name the missing step when a chain has a gap, and a throwing upcaster', () => {
    const gap = defineEventType({
      type: 'acme.order',
      version: 3,
      schema: v3.schema,
      upcasters: { 2: (data: object) => ({ ...data, channel: 'web' }) },
    });
    const event = {
      id: 'e1',
      type: 'acme.order',
      customerId: 'c1',
      at: 0,
      data: { total: 1 },
      meta: { schemaVersion: 1 },
    };
    expect(() => upcastEvent(event, createEventCatalog([gap]))).toThrow(
      expect.objectContaining({
        code: 'TENURE_MISSING_UPCASTER',
        message: expect.stringMatching(/no upcaster from version 1 to 2/),
      }),
    );
    const throwing = defineEventType({
      type: 'acme.order',
      version: 2,
      schema: v2.schema,
      upcasters: {
        1: () => {
          throw new Error('no total');
        },
      },
    });
    expect(() => upcastEvent(event, createEventCatalog([throwing]))).toThrow(
      expect.objectContaining({
        code: 'TENURE_UPCAST_FAILED',
        message:
          'upcastEvent: event "e1" (type "acme.order"): the upcaster from version 1 to 2 threw: no total. Fix the upcaster so it accepts every stored version-1 payload.',
      }),
    );
    expect(upcastEvent({ ...event, meta: { schemaVersion: 3 } }, createEventCatalog([v3]))).toEqual(
      {
        ...event,
        meta: { schemaVersion: 3 },
      },
    );
  });

  it('refuse on read an upcast that the current schema does not accept, naming the event, the field and the fix', async () => {
    const path = logPath();
    const old = await createFileLog(path, { eventTypes: [v1] });
    await old.append([
      { id: 'e1', type: 'acme.order', customerId: 'c1', at: '2020-01-01', data: { total: 12 } },
    ]);
    await old.close();
    // A typo in the last step: the v3 data it makes has `chanel`, not `channel`.
    const typo = defineEventType({
      type: 'acme.order',
      version: 3,
      schema: v3.schema,
      upcasters: { ...v2.upcasters, 2: (data: object) => ({ ...data, chanel: 'web' }) },
    });
    const log = await createFileLog(path, { eventTypes: [typo], readOnly: true });
    const error = await readAll(log).catch((caught: unknown) => caught);
    await log.close();
    expect(isTenureError(error, 'TENURE_UPCAST_FAILED')).toBe(true);
    expect(error).toMatchObject({ eventId: 'e1', eventType: 'acme.order', schemaVersion: 1 });
    expect((error as Error).message).toBe(
      'log.read: event "e1" (type "acme.order"), written with version 1, does not match version 3 once upcast: data.channel: expected a value (the field is required), received nothing; data.chanel: expected no such field (remove it, or check its spelling), received "chanel". Fix the upcasters of "acme.order" so that they make valid version-3 data of every stored version-1 payload.',
    );
  });

  it('read old events as the current schema outputs them, as an append of the same old event stores it', async () => {
    const withDefault = defineEventType({
      type: 'acme.order',
      version: 2,
      schema: v.strictObject({
        amount: v.number(),
        currency: v.string(),
        channel: v.optional(v.string(), 'web'),
      }),
      upcasters: v2.upcasters,
    });
    const path = logPath();
    const old = await createFileLog(path, { eventTypes: [v1] });
    const event = {
      id: 'e1',
      type: 'acme.order',
      customerId: 'c1',
      at: '2020-01-01',
      data: { total: 12 },
    };
    await old.append([event]);
    await old.close();
    const log = await createFileLog(path, { eventTypes: [withDefault], readOnly: true });
    const [read] = await readAll(log);
    await log.close();
    const appended = await validateEvents(
      [{ ...event, meta: { schemaVersion: 1 } }],
      createEventCatalog([withDefault]),
    );
    expect(read?.data).toEqual({ amount: 12, currency: 'EUR', channel: 'web' });
    expect(appended).toMatchObject({ ok: true, events: [{ data: read?.data }] });
  });

  it('refuse an upcaster that returns a Promise: logs upcast as they read, synchronously', async () => {
    const asynchronous = defineEventType({
      type: 'acme.order',
      version: 2,
      schema: v2.schema,
      upcasters: {
        1: async (data: { total: number }) => ({ amount: data.total, currency: 'EUR' }),
      },
    });
    const event = {
      id: 'e1',
      type: 'acme.order',
      customerId: 'c1',
      at: 0,
      data: { total: 1 },
      meta: { schemaVersion: 1 },
    };
    expect(() => upcastEvent(event, createEventCatalog([asynchronous]))).toThrow(
      expect.objectContaining({
        code: 'TENURE_UPCAST_FAILED',
        message: expect.stringMatching(/returned a Promise.*synchronous/),
      }),
    );
    const result = await validateEvents([event], createEventCatalog([asynchronous]));
    expect(result).toMatchObject({
      ok: false,
      issues: [{ path: 'data', expected: expect.stringMatching(/returned a Promise/) }],
    });
  });

  it('say, when an append gives an old version, which step is missing or which upcaster failed', async () => {
    const event = {
      id: 'e1',
      type: 'acme.order',
      customerId: 'c1',
      at: '2020-01-01',
      data: { total: 1 },
      meta: { schemaVersion: 1 },
    };
    const gap = defineEventType({
      type: 'acme.order',
      version: 3,
      schema: v3.schema,
      upcasters: { 2: (data: object) => ({ ...data, channel: 'web' }) },
    });
    const missing = await validateEvents([event], createEventCatalog([gap]));
    expect(!missing.ok && missing.issues[0]?.message).toBe(
      'event #0 (id "e1", type "acme.order"): meta.schemaVersion: expected a version of "acme.order" this catalogue reads: 2 or 3 (it has no upcaster from version 1 to 2), received 1',
    );
    const throwing = defineEventType({
      type: 'acme.order',
      version: 2,
      schema: v2.schema,
      upcasters: {
        1: () => {
          throw new Error('no total');
        },
      },
    });
    const threw = await validateEvents([event], createEventCatalog([throwing]));
    expect(!threw.ok && threw.issues[0]?.message).toBe(
      'event #0 (id "e1", type "acme.order"): data: expected version-1 data that the upcaster of "acme.order" to version 2 accepts (it threw: no total), received {"total":1}',
    );
    const typo = defineEventType({
      type: 'acme.order',
      version: 2,
      schema: v2.schema,
      upcasters: { 1: (data: { total: number }) => ({ amount: data.total }) },
    });
    const invalid = await validateEvents([event], createEventCatalog([typo]));
    expect(!invalid.ok && invalid.issues[0]?.message).toBe(
      'event #0 (id "e1", type "acme.order"): data.currency: expected a value (the field is required) in version 2, which the upcasters made of the version-1 data given, received nothing',
    );
  });

  it('do not call a version below 1 newer', () => {
    const event = {
      id: 'e1',
      type: 'acme.order',
      customerId: 'c1',
      at: 0,
      data: {},
      meta: { schemaVersion: 0 },
    };
    expect(() => upcastEvent(event, createEventCatalog([v3]))).toThrow(
      expect.objectContaining({
        code: 'TENURE_UNKNOWN_SCHEMA_VERSION',
        message: expect.stringMatching(
          /schema version 0, which is not a version: versions are integers from 1/,
        ),
      }),
    );
  });

  it('skip a resend of a stored old-version event after the upgrade, as any resend', async () => {
    const path = logPath();
    const event = {
      id: 'e1',
      type: 'acme.order',
      customerId: 'c1',
      at: '2020-01-01',
      data: { total: 12 },
    };
    const old = await createFileLog(path, { eventTypes: [v1] });
    await old.append([event]);
    await old.close();
    const log = await createFileLog(path, { eventTypes: [v3] });
    // A producer not yet upgraded retries; another sends the event in the current shape.
    const resent = await log.append([{ ...event, meta: { schemaVersion: 1 } }]);
    const current = await log.append([
      { ...event, data: { amount: 12, currency: 'EUR', channel: 'web' } },
    ]);
    expect([resent.skipped, current.skipped]).toEqual([['e1'], ['e1']]);
    await expect(
      log.append([{ ...event, data: { total: 13 }, meta: { schemaVersion: 1 } }]),
    ).rejects.toMatchObject({ code: 'TENURE_DUPLICATE_EVENT_ID', eventId: 'e1' });
    expect(await log.position()).toBe(1);
    await log.close();
  });

  it("leave the caller's event as it was, even with an upcaster that edits its argument", async () => {
    const inPlace = defineEventType({
      type: 'acme.order',
      version: 2,
      schema: v2.schema,
      upcasters: {
        1: (data: { total?: number; amount?: number; currency?: string }) => {
          data.amount = data.total;
          data.currency = 'EUR';
          delete data.total;
          return data;
        },
      },
    });
    const catalog = createEventCatalog([inPlace]);
    const event = {
      id: 'e1',
      type: 'acme.order',
      customerId: 'c1',
      at: 0,
      data: { total: 4 },
      meta: { schemaVersion: 1 },
    };
    expect(await validateEvents([event], catalog)).toMatchObject({ ok: true });
    expect(upcastEvent(event, catalog).data).toEqual({ amount: 4, currency: 'EUR' });
    // A retry sends the same object: still version-1 data.
    expect(event.data).toEqual({ total: 4 });
    expect(await validateEvents([event], catalog)).toMatchObject({ ok: true });
  });

  it('refuse on read what an append refuses: upcast data that is not JSON', () => {
    const dated = defineEventType({
      type: 'acme.order',
      version: 2,
      schema: v.object({ amount: v.number(), currency: v.string(), on: v.any() }),
      upcasters: {
        1: (data: { total: number }) => ({ amount: data.total, currency: 'EUR', on: new Date(0) }),
      },
    });
    const event = {
      id: 'e1',
      type: 'acme.order',
      customerId: 'c1',
      at: 0,
      data: { total: 1 },
      meta: { schemaVersion: 1 },
    };
    expect(() => upcastEvent(event, createEventCatalog([dated]), 'log.read')).toThrow(
      expect.objectContaining({
        code: 'TENURE_UPCAST_FAILED',
        message: expect.stringMatching(
          /^log\.read: event "e1" \(type "acme\.order"\), written with version 1, does not match version 2 once upcast: data\.on: expected a JSON value.*received a Date/,
        ),
      }),
    );
  });

  it('report a schemaVersion that is not one alone, not the data against a version it may not be', async () => {
    const catalog = createEventCatalog([v3]);
    for (const schemaVersion of ['1', 0, 1.5]) {
      const result = await validateEvents(
        [
          {
            id: 'e1',
            type: 'acme.order',
            customerId: 'c1',
            at: 0,
            data: { total: 1 },
            meta: { schemaVersion },
          },
        ],
        catalog,
      );
      expect(result.ok === false && result.issues.map((issue) => issue.path)).toEqual([
        'meta.schemaVersion',
      ]);
    }
  });

  it('are checked when the type is defined', () => {
    expect(() =>
      defineEventType({
        type: 'acme.x',
        version: 2,
        schema: v.object({}),
        upcasters: { 2: (data: object) => data },
      }),
    ).toThrow(/versions 1 to 1/);
  });
});
