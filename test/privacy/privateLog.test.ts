import { createDecipheriv } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as v from 'valibot';
import { afterEach, describe, expect, it } from 'vitest';
import { isTenureError } from '../../src/errors/TenureError.js';
import { defineEventType } from '../../src/events/defineEventType.js';
import type { EventInput, StoredEvent } from '../../src/events/TenureEvent.js';
import { createMemoryLog } from '../../src/log/createMemoryLog.js';
import type { EventLog } from '../../src/log/EventLog.js';
import { createFileLog } from '../../src/log/file/createFileLog.js';
import { verifyFileLog } from '../../src/log/file/verifyFileLog.js';
import { createFileKeyStore } from '../../src/privacy/createFileKeyStore.js';
import { createMemoryKeyStore } from '../../src/privacy/createMemoryKeyStore.js';
import { createPrivateLog } from '../../src/privacy/createPrivateLog.js';
import type { KeyStore } from '../../src/privacy/KeyStore.js';
import { defaultPersonalFields, sealContext } from '../../src/privacy/personalFields.js';
import { ERASED } from '../../src/privacy/sealValue.js';
import { createLifecycle } from '../../src/projection/createLifecycle.js';

const SECRETS = [
  'Ada Lovelace',
  'ada@example.com',
  '+44 20 7946 0958',
  '12 St James Sq',
  'my neighbour Bob',
];

const events: EventInput[] = [
  {
    id: 'p1',
    type: 'customer.profile',
    customerId: 'c1',
    at: '2024-01-01',
    data: { name: SECRETS[0], email: SECRETS[1], phone: SECRETS[2], address: SECRETS[3] },
  },
  {
    id: 'o1',
    type: 'purchase',
    customerId: 'c1',
    at: '2024-01-02',
    data: { orderId: 'o1', amount: 30, currency: 'EUR' },
  },
  {
    id: 'o2',
    type: 'purchase',
    customerId: 'c1',
    at: '2024-02-02',
    data: { orderId: 'o2', amount: 50, currency: 'EUR' },
  },
  {
    id: 'r1',
    type: 'review',
    customerId: 'c1',
    at: '2024-02-03',
    data: { rating: 5, text: SECRETS[4] },
  },
  {
    id: 'p2',
    type: 'customer.profile',
    customerId: 'c2',
    at: '2024-01-05',
    data: { name: 'Grace Hopper' },
  },
  {
    id: 'o3',
    type: 'purchase',
    customerId: 'c2',
    at: '2024-01-06',
    data: { orderId: 'o3', amount: 20, currency: 'EUR' },
  },
];

async function readAll(log: EventLog): Promise<StoredEvent[]> {
  const out: StoredEvent[] = [];
  for await (const event of log.read()) out.push(event);
  return out;
}

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'tenure-privacy-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('createPrivateLog', () => {
  it('returns personal fields in clear text to readers, while storing them encrypted', async () => {
    const inner = createMemoryLog();
    const log = createPrivateLog(inner, { keyStore: createMemoryKeyStore() });
    const result = await log.append(events);
    expect(result.appended[0]?.data).toEqual(events[0]?.data);
    const read = await readAll(log);
    expect(read.map((event) => event.data)).toEqual(events.map((event) => event.data));
    const raw = JSON.stringify(await readAll(inner));
    for (const secret of SECRETS) expect(raw).not.toContain(secret);
    expect(raw).toContain('"amount":30');
  });

  it('never writes personal data to the log file, before or after forget; the hash chain still verifies', async () => {
    const dir = tempDir();
    const path = join(dir, 'events.log');
    const keyStore = createFileKeyStore(join(dir, 'keys.json'));
    const log = createPrivateLog(await createFileLog(path), { keyStore });
    await log.append(events);
    const before = readFileSync(path, 'utf8');
    for (const secret of SECRETS) expect(before).not.toContain(secret);
    const erased = await log.forget('c1', { at: '2024-03-01', reason: 'gdpr-request' });
    expect(erased.destroyed).toBe(true);
    expect(erased.event?.type).toBe('customer.forgotten');
    const after = readFileSync(path, 'utf8');
    for (const secret of SECRETS) expect(after).not.toContain(secret);
    expect(after.startsWith(before)).toBe(true);
    expect(await log.verify()).toMatchObject({ ok: true });
    await log.close();
    expect(await verifyFileLog(path)).toMatchObject({ ok: true });
    const keysFile = readFileSync(join(dir, 'keys.json'), 'utf8');
    expect(keysFile).toContain('"c2"');
    expect(keysFile).not.toContain('"c1"');
    expect(statSync(join(dir, 'keys.json')).mode & 0o077).toBe(0);
  });

  it('after forget, reads give the erased marker, never ciphertext, and other customers are untouched', async () => {
    const dir = tempDir();
    const path = join(dir, 'events.log');
    const keys = join(dir, 'keys.json');
    const first = createPrivateLog(await createFileLog(path), {
      keyStore: createFileKeyStore(keys),
    });
    await first.append(events);
    await first.forget('c1', { at: '2024-03-01' });
    await first.close();
    // A new process: a new log and key store instance over the same files.
    const log = createPrivateLog(await createFileLog(path), { keyStore: createFileKeyStore(keys) });
    const read = await readAll(log);
    const profile = read.find((event) => event.id === 'p1');
    expect(profile?.data).toEqual({ name: ERASED, email: ERASED, phone: ERASED, address: ERASED });
    expect(read.find((event) => event.id === 'r1')?.data).toEqual({ rating: 5, text: ERASED });
    expect(read.find((event) => event.id === 'p2')?.data).toEqual({ name: 'Grace Hopper' });
    expect(JSON.stringify(read)).not.toContain('tenure:sealed');
    await log.close();
  });

  it('keeps the forgotten customer’s anonymous behaviour in projections', async () => {
    const log = createPrivateLog(createMemoryLog(), { keyStore: createMemoryKeyStore() });
    await log.append(events);
    const lifecycle = createLifecycle();
    const before = await lifecycle.project(log, { asOf: '2024-04-01' });
    await log.forget('c1', { at: '2024-03-01' });
    const after = await lifecycle.project(log, { asOf: '2024-04-01' });
    expect(after.customers).toEqual(before.customers);
    expect(after.customers.find((state) => state.customerId === 'c1')?.facts.revenue).toBe(80);
  });

  it('skips a resent event, and a resent event whose data was erased stays erased', async () => {
    const inner = createMemoryLog();
    const log = createPrivateLog(inner, { keyStore: createMemoryKeyStore() });
    await log.append(events);
    expect((await log.append([events[0]!])).skipped).toEqual(['p1']);
    await log.forget('c1', { at: '2024-03-01' });
    const resent = await log.append(events);
    expect(resent.appended).toEqual([]);
    expect(resent.skipped).toHaveLength(events.length);
    const profile = (await readAll(log)).find((event) => event.id === 'p1');
    expect(profile?.data).toMatchObject({ name: ERASED });
    for (const secret of SECRETS)
      expect(JSON.stringify(await readAll(inner))).not.toContain(secret);
  });

  it('a returning customer gets a new key; old values stay erased', async () => {
    const log = createPrivateLog(createMemoryLog(), { keyStore: createMemoryKeyStore() });
    await log.append(events);
    await log.forget('c1', { at: '2024-03-01' });
    await log.append([
      {
        id: 'p9',
        type: 'customer.profile',
        customerId: 'c1',
        at: '2024-05-01',
        data: { email: 'new@example.com' },
      },
    ]);
    const read = await readAll(log);
    expect(read.find((event) => event.id === 'p9')?.data).toEqual({ email: 'new@example.com' });
    expect(read.find((event) => event.id === 'p1')?.data).toMatchObject({ email: ERASED });
  });

  it.each([
    ['memory', () => createMemoryKeyStore()],
    ['file', () => createFileKeyStore(join(tempDir(), 'keys.json'))],
  ])(
    'a read running while the customer is forgotten gives the erased marker, not a tampering error (%s key store)',
    async (_, keyStore) => {
      const log = createPrivateLog(createMemoryLog(), { keyStore: keyStore() });
      await log.append(events);
      const read: StoredEvent[] = [];
      for await (const event of log.read({ customerId: 'c1' })) {
        read.push(event);
        if (event.id === 'p1') await log.forget('c1', { at: '2024-03-01' });
      }
      expect(read.find((event) => event.id === 'p1')?.data).toMatchObject({ name: SECRETS[0] });
      expect(read.find((event) => event.id === 'r1')?.data).toEqual({ rating: 5, text: ERASED });
    },
  );

  it('records an erasure once when forget is repeated, and each erasure of a returning customer', async () => {
    const log = createPrivateLog(createMemoryLog(), { keyStore: createMemoryKeyStore() });
    await log.append(events);
    const forgotten = async () =>
      (await readAll(log)).filter((event) => event.type === 'customer.forgotten');
    expect((await log.forget('c1', { at: '2024-03-01' })).destroyed).toBe(true);
    const again = await log.forget('c1', { at: '2024-03-01' });
    expect(again).toEqual({ destroyed: false, event: undefined, unsealed: [] });
    expect(await forgotten()).toHaveLength(1);
    // The customer comes back the same day and asks again: a second erasure, recorded.
    await log.append([{ ...events[0]!, id: 'p-back', at: '2024-03-01' }]);
    const second = await log.forget('c1', { at: '2024-03-01' });
    expect(second.destroyed).toBe(true);
    expect(second.event?.type).toBe('customer.forgotten');
    expect(await forgotten()).toHaveLength(2);
    expect((await readAll(log)).find((event) => event.id === 'p-back')?.data).toMatchObject({
      name: ERASED,
    });
  });

  it('a forget the log could not record is recorded by calling it again', async () => {
    const dir = tempDir();
    const path = join(dir, 'events.log');
    const keys = join(dir, 'keys.json');
    const writer = createPrivateLog(await createFileLog(path), {
      keyStore: createFileKeyStore(keys),
    });
    await writer.append(events);
    await writer.close();
    const readOnly = createPrivateLog(await createFileLog(path, { readOnly: true }), {
      keyStore: createFileKeyStore(keys),
    });
    await expect(readOnly.forget('c1', { at: '2024-03-01' })).rejects.toMatchObject({
      code: 'TENURE_LOG_READ_ONLY',
    });
    await readOnly.close();
    const log = createPrivateLog(await createFileLog(path), { keyStore: createFileKeyStore(keys) });
    expect((await readAll(log)).find((event) => event.id === 'p1')?.data).toMatchObject({
      name: ERASED,
    });
    const retried = await log.forget('c1', { at: '2024-03-01' });
    expect(retried.destroyed).toBe(false);
    expect(retried.event?.type).toBe('customer.forgotten');
    await log.close();
  });

  it('names the events forget cannot erase: personal data stored in clear before the log was private', async () => {
    const existing = createMemoryLog();
    await existing.append(events.slice(0, 2));
    const log = createPrivateLog(existing, { keyStore: createMemoryKeyStore() });
    await log.append(events.slice(3, 4));
    const result = await log.forget('c1', { at: '2024-03-01' });
    expect(result.unsealed).toEqual(['p1']);
    expect((await log.forget('c2', { at: '2024-03-01' })).unsealed).toEqual([]);
  });

  it('a value sealed while its key is being destroyed is not sealed under the zeroed key', async () => {
    const keys = createMemoryKeyStore();
    // forget() landing between append's create() and its sealing: destroy zeroes the key.
    const racing: KeyStore = {
      get: (customerId) => keys.get(customerId),
      destroy: (customerId) => keys.destroy(customerId),
      async create(customerId) {
        const key = await keys.create(customerId);
        await keys.destroy(customerId);
        return key;
      },
    };
    const inner = createMemoryLog();
    const log = createPrivateLog(inner, { keyStore: racing });
    await log.append(events.slice(0, 1));
    const [stored] = await readAll(inner);
    const sealed = (stored!.data as Record<string, string>).name as string;
    // Decrypted by hand, as anyone holding the log could: openValue reads a zeroed key as erased.
    const [, , , , iv, ciphertext, tag] = sealed.split(':') as string[];
    const decipher = createDecipheriv(
      'aes-256-gcm',
      new Uint8Array(32),
      Buffer.from(iv!, 'base64url'),
    );
    decipher.setAAD(Buffer.from(sealContext('c1', 'p1', 'name')));
    decipher.setAuthTag(Buffer.from(tag!, 'base64url'));
    const opened = (() => {
      try {
        return Buffer.concat([
          decipher.update(Buffer.from(ciphertext!, 'base64url')),
          decipher.final(),
        ]).toString();
      } catch {
        return 'not opened';
      }
    })();
    expect(opened).toBe('not opened');
    expect((await readAll(log))[0]?.data).toMatchObject({ name: ERASED });
  });

  it('an append racing a forget is logged after its record, or reads erased: never readable before it', async () => {
    const inner = createMemoryLog();
    // A log slow to store the record (a remote database): forget has destroyed the key and
    // waits for the append of its record while the application appends a profile.
    const slow: EventLog = {
      ...inner,
      async append(batch, options) {
        if (batch.some((event) => event.type === 'customer.forgotten')) {
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
        return inner.append(batch, options);
      },
    };
    const keys = createMemoryKeyStore();
    let destroyed!: () => void;
    const keyDestroyed = new Promise<void>((resolve) => {
      destroyed = resolve;
    });
    const keyStore: KeyStore = {
      get: (customerId) => keys.get(customerId),
      create: (customerId) => keys.create(customerId),
      async destroy(customerId) {
        const done = await keys.destroy(customerId);
        destroyed();
        return done;
      },
    };
    const log = createPrivateLog(slow, { keyStore });
    await log.append(events.slice(0, 1));
    const forgetting = log.forget('c1', { at: '2024-06-01' });
    await keyDestroyed;
    const again = { ...events[0]!, id: 'p1-again', at: '2024-05-20' };
    await Promise.all([forgetting, log.append([again])]);
    const all = await readAll(log);
    const record = all.find((event) => event.type === 'customer.forgotten')!;
    for (const event of all.filter((each) => each.type === 'customer.profile')) {
      // Before the record: erased, as the live projection erases it. After: the customer is back.
      const name = event.position < record.position ? ERASED : 'Ada Lovelace';
      expect({ id: event.id, name: (event.data as { name: string }).name }).toEqual({
        id: event.id,
        name,
      });
    }
  });

  it('rejects a sealed value moved to another event with TENURE_TAMPERED_VALUE', async () => {
    const inner = createMemoryLog();
    const keyStore = createMemoryKeyStore();
    const log = createPrivateLog(inner, { keyStore });
    await log.append(events.slice(0, 1));
    const [stored] = await readAll(inner);
    const { id, type, customerId, at, data } = stored!;
    expect(id).toBe('p1');
    await inner.append([{ id: 'copy', type, customerId, at, data }]);
    const error = await readAll(log).catch((caught: unknown) => caught);
    expect(isTenureError(error, 'TENURE_TAMPERED_VALUE')).toBe(true);
    expect((error as Error).message).toMatch(/"copy"/);
  });

  it('rejects a sealed value whose key id was changed with TENURE_TAMPERED_VALUE', async () => {
    const keyStore = createMemoryKeyStore();
    const inner = createMemoryLog();
    await createPrivateLog(inner, { keyStore }).append(events.slice(0, 1));
    const [stored] = await readAll(inner);
    const { id, type, customerId, at, data } = stored!;
    // The key id names another key: an old one of the customer would read as erased.
    const forged = Object.fromEntries(
      Object.entries(data as Record<string, string>).map(([field, sealed]) => {
        const parts = sealed.split(':');
        parts[3] = 'AAAAAAAAAAAAAAAAAAAAAA';
        return [field, parts.join(':')];
      }),
    );
    const copy = createMemoryLog();
    await copy.append([{ id, type, customerId, at, data: forged }]);
    const error = await readAll(createPrivateLog(copy, { keyStore })).catch((caught) => caught);
    expect(isTenureError(error, 'TENURE_TAMPERED_VALUE')).toBe(true);
  });

  it('refuses a forget whose reason the log cannot store, before destroying the key', async () => {
    const keyStore = createMemoryKeyStore();
    const log = createPrivateLog(createMemoryLog(), { keyStore });
    await log.append(events.slice(0, 1));
    await expect(
      log.forget('c1', { at: '2024-03-01', reason: 'x'.repeat(300) }),
    ).rejects.toMatchObject({
      code: 'TENURE_INVALID_PRIVACY_OPTIONS',
      message: expect.stringMatching(/^privateLog\.forget: .*reason.*256/),
    });
    await expect(log.forget('c1', { at: '2024-03-01', reason: 42 as never })).rejects.toMatchObject(
      { code: 'TENURE_INVALID_PRIVACY_OPTIONS' },
    );
    expect(await keyStore.get('c1')).toBeDefined();
    expect((await readAll(log))[0]?.data).toMatchObject({ name: SECRETS[0] });
  });

  it('rejects invalid events before touching the key store, and a forget without a time', async () => {
    const keyStore = createMemoryKeyStore();
    const log = createPrivateLog(createMemoryLog(), { keyStore });
    const bad = { ...events[0]!, data: { name: 42 } } as EventInput;
    await expect(log.append([bad])).rejects.toMatchObject({ code: 'TENURE_INVALID_EVENT' });
    expect(await keyStore.get('c1')).toBeUndefined();
    await expect(log.forget('c1', { at: 'soon' })).rejects.toMatchObject({
      code: 'TENURE_INVALID_PRIVACY_OPTIONS',
    });
    expect(() => createPrivateLog(createMemoryLog(), {} as never)).toThrow(/keyStore/);
  });
});

describe('createPrivateLog refusing a batch', () => {
  it('does not show a personal value in the error (error messages end up in logs)', async () => {
    const log = createPrivateLog(createMemoryLog(), { keyStore: createMemoryKeyStore() });
    const phone = { ...events[0]!, data: { phone: 442079460958 } } as EventInput;
    const error = await log.append([phone]).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'TENURE_INVALID_EVENT' });
    expect((error as Error).message).toMatch(/data\.phone: expected a string, received a number/);
    expect(JSON.stringify(error)).not.toContain('442079460958');
    expect((error as Error).message).not.toContain('442079460958');
  });

  it('says the kind of an object given as a personal field, and nothing it holds', async () => {
    const log = createPrivateLog(createMemoryLog(), { keyStore: createMemoryKeyStore() });
    const asObject = { ...events[0]!, data: { name: { first: 'Ada' } } } as unknown as EventInput;
    const asArray = { ...events[0]!, data: { name: ['Ada'] } } as unknown as EventInput;
    const error = await log.append([asObject]).catch((caught: unknown) => caught);
    expect((error as Error).message).toMatch(/data\.name: expected a string, received an object$/);
    const error2 = await log.append([asArray]).catch((caught: unknown) => caught);
    expect((error2 as Error).message).toMatch(
      /data\.name: expected a string, received an array of 1$/,
    );
    expect(JSON.stringify([error, error2])).not.toContain('Ada');
  });

  it('does not show personal data passed as the whole data, or data an upcaster threw on', async () => {
    const ticket = defineEventType({
      type: 'acme.ticket',
      version: 2,
      schema: v.object({ body: v.string() }),
      // Version 1 stored the body as JSON; JSON.parse's error quotes the text it failed on.
      upcasters: { 1: (data: object) => ({ body: JSON.parse((data as { body: string }).body) }) },
    });
    const log = createPrivateLog(createMemoryLog({ eventTypes: [ticket] }), {
      keyStore: createMemoryKeyStore(),
      eventTypes: [ticket],
      personalFields: { ...defaultPersonalFields, 'acme.ticket': ['body'] },
    });
    const asData = { ...events[0]!, data: 'Ada Lovelace' } as unknown as EventInput;
    const old = {
      id: 't1',
      type: 'acme.ticket',
      customerId: 'c1',
      at: '2024-01-02',
      meta: { schemaVersion: 1 },
      data: { body: 'call Ada on 0207946' },
    };
    for (const event of [asData, old]) {
      const error = await log.append([event]).catch((caught: unknown) => caught);
      expect(error).toMatchObject({ code: 'TENURE_INVALID_EVENT' });
      expect((error as Error).message).toMatch(/data: expected .*, received an? \w+ .*not shown/);
      expect(JSON.stringify(error)).not.toMatch(/Lovelace|0207946/);
      expect((error as Error).message).not.toMatch(/Lovelace|0207946/);
    }
  });

  it('refuses a value too long to store sealed, saying so, before any key is made', async () => {
    const inner = createMemoryLog();
    const keyStore = createMemoryKeyStore();
    const log = createPrivateLog(inner, { keyStore });
    const long = { ...events[0]!, data: { name: 'x'.repeat(9000) } };
    const error = await log.append([events[1]!, long]).catch((caught: unknown) => caught);
    expect(error).toMatchObject({
      code: 'TENURE_INVALID_EVENT',
      issues: [{ index: 1, eventId: 'p1', path: 'data.name' }],
    });
    expect((error as Error).message).toMatch(/^privateLog\.append: /);
    expect((error as Error).message).toMatch(
      /data\.name: expected .*at most 10,000 characters.*received 9,000 characters, which seal to 12,0\d\d/,
    );
    expect(await keyStore.get('c1')).toBeUndefined();
    expect(await inner.position()).toBe(0);
  });
});

describe('createPrivateLog given something else than a log', () => {
  it('refuses a log not awaited, saying to await it', () => {
    const pending = Promise.resolve(createMemoryLog());
    expect(() => createPrivateLog(pending as never, { keyStore: createMemoryKeyStore() })).toThrow(
      expect.objectContaining({
        code: 'TENURE_INVALID_PRIVACY_OPTIONS',
        message: expect.stringMatching(/^createPrivateLog: .*a Promise.*await createFileLog/),
      }),
    );
  });

  it.each([undefined, {}, 'events.jsonl'])('refuses %j', (notALog) => {
    expect(() => createPrivateLog(notALog as never, { keyStore: createMemoryKeyStore() })).toThrow(
      expect.objectContaining({
        code: 'TENURE_INVALID_PRIVACY_OPTIONS',
        message: expect.stringMatching(/^createPrivateLog: the log to wrap must be an event log/),
      }),
    );
  });
});

describe('createPrivateLog personalFields', () => {
  const keyStore = createMemoryKeyStore();
  const ticket = defineEventType({
    type: 'acme.ticket',
    schema: v.strictObject({ body: v.string(), age: v.optional(v.number()) }),
  });

  it('refuses a misspelt field, which would leave the real one in clear text', () => {
    const personalFields = { ...defaultPersonalFields, 'customer.profile': ['nmae', 'email'] };
    expect(() => createPrivateLog(createMemoryLog(), { keyStore, personalFields })).toThrow(
      expect.objectContaining({
        code: 'TENURE_INVALID_PRIVACY_OPTIONS',
        message: expect.stringMatching(/"nmae".*name, email, phone, address/),
      }),
    );
  });

  it('refuses an event type the log does not know', () => {
    const personalFields = { 'acme.tikcet': ['body'] };
    expect(() =>
      createPrivateLog(createMemoryLog({ eventTypes: [ticket] }), {
        keyStore,
        personalFields,
        eventTypes: [ticket],
      }),
    ).toThrow(
      expect.objectContaining({
        code: 'TENURE_INVALID_PRIVACY_OPTIONS',
        message: expect.stringMatching(/"acme\.tikcet".*eventTypes/),
      }),
    );
  });

  it('refuses a field that cannot hold a sealed value (a string)', () => {
    expect(() =>
      createPrivateLog(createMemoryLog({ eventTypes: [ticket] }), {
        keyStore,
        personalFields: { 'acme.ticket': ['body', 'age'] },
        eventTypes: [ticket],
      }),
    ).toThrow(
      expect.objectContaining({
        code: 'TENURE_INVALID_PRIVACY_OPTIONS',
        message: expect.stringMatching(/"age".*string/),
      }),
    );
  });

  it('encrypts a field of a type of your own', async () => {
    const inner = createMemoryLog({ eventTypes: [ticket] });
    const log = createPrivateLog(inner, {
      keyStore,
      personalFields: { ...defaultPersonalFields, 'acme.ticket': ['body'] },
      eventTypes: [ticket],
    });
    const event = { id: 't1', type: 'acme.ticket', customerId: 'c1', at: '2024-01-01' };
    await log.append([{ ...event, data: { body: 'call Ada at home', age: 36 } }]);
    expect(JSON.stringify(await readAll(inner))).not.toContain('Ada');
    expect((await readAll(log))[0]?.data).toEqual({ body: 'call Ada at home', age: 36 });
  });
});

describe('createFileKeyStore', () => {
  it('keeps keys across instances and forgets destroyed ones', async () => {
    const path = join(tempDir(), 'keys.json');
    const store = createFileKeyStore(path);
    const key = await store.create('c1');
    expect(await store.create('c1')).toEqual(key);
    expect(key.key).toHaveLength(32);
    const reopened = createFileKeyStore(path);
    expect((await reopened.get('c1'))?.id).toBe(key.id);
    expect(await reopened.destroy('c1')).toBe(true);
    expect(await reopened.destroy('c1')).toBe(false);
    expect(await createFileKeyStore(path).get('c1')).toBeUndefined();
  });

  it('serialises concurrent creates without losing a key', async () => {
    const path = join(tempDir(), 'keys.json');
    const store = createFileKeyStore(path);
    const created = await Promise.all(['a', 'b', 'c', 'd'].map((id) => store.create(id)));
    const reopened = createFileKeyStore(path);
    for (const [index, id] of ['a', 'b', 'c', 'd'].entries()) {
      expect((await reopened.get(id))?.id).toBe(created[index]?.id);
    }
  });

  it('refuses a corrupt key file with TENURE_KEY_STORE', async () => {
    const path = join(tempDir(), 'keys.json');
    writeFileSync(path, '{"format":"other"}');
    await expect(createFileKeyStore(path).get('c1')).rejects.toMatchObject({
      code: 'TENURE_KEY_STORE',
      message: expect.stringMatching(/not a tenure key file/),
    });
  });
});
