import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { ConcurrencyError } from '../../src/errors/ConcurrencyError.js';
import { DuplicateEventError } from '../../src/errors/DuplicateEventError.js';
import { EventValidationError } from '../../src/errors/EventValidationError.js';
import { LogClosedError } from '../../src/errors/LogClosedError.js';
import { isTenureError } from '../../src/errors/TenureError.js';
import { defaultEventCatalog } from '../../src/events/createEventCatalog.js';
import { defineEventType } from '../../src/events/defineEventType.js';
import { validateEvents } from '../../src/events/validateEvents.js';
import { createPostgresLog } from '../../src/log/postgres/index.js';
import { usePostgres } from '../support/usePostgres.js';
import { collect, purchase } from './purchases.js';

const db = usePostgres();

async function openLog(options: { readBatchSize?: number } = {}) {
  return createPostgresLog({ connectionString: db.url, schema: db.schema(), ...options });
}

describe('createPostgresLog', () => {
  it('appends a batch and reads it back with 1-based positions and per-customer versions', async () => {
    const log = await openLog();
    const result = await log.append([
      purchase('e1', 'c1', '2024-01-01'),
      purchase('e2', 'c2', '2024-01-02'),
      purchase('e3', 'c1', '2024-01-03', 25.5),
    ]);
    expect(result.position).toBe(3);
    expect(result.skipped).toEqual([]);
    expect(result.appended.map((event) => [event.id, event.position, event.version])).toEqual([
      ['e1', 1, 1],
      ['e2', 2, 1],
      ['e3', 3, 2],
    ]);
    const events = await collect(log.read());
    expect(events).toEqual(result.appended);
    expect(events[2]).toMatchObject({
      at: Date.UTC(2024, 0, 3),
      data: { orderId: 'o-e3', amount: 25.5, currency: 'EUR' },
      meta: { schemaVersion: 1 },
    });
    expect(await log.version('c1')).toBe(2);
    expect(await log.version('nobody')).toBe(0);
    expect(await log.position()).toBe(3);
    await log.close();
  });

  it('reads one customer, from a position and until a time, across many pages', async () => {
    const log = await openLog({ readBatchSize: 7 });
    const events = Array.from({ length: 100 }, (_, i) =>
      purchase(`e${i}`, `c${i % 3}`, Date.UTC(2024, 0, 1 + i)),
    );
    await log.append(events.slice(0, 40));
    await log.append(events.slice(40));
    expect((await collect(log.read())).map((event) => event.position)).toEqual(
      Array.from({ length: 100 }, (_, i) => i + 1),
    );
    const c1 = await collect(log.read({ customerId: 'c1' }));
    expect(c1.map((event) => event.version)).toEqual(Array.from({ length: 33 }, (_, i) => i + 1));
    expect(c1.every((event) => event.customerId === 'c1')).toBe(true);
    const fromC1 = await collect(log.read({ customerId: 'c1', from: 50 }));
    expect(fromC1[0]?.position).toBe(50);
    expect(fromC1).toHaveLength(17);
    const from = await collect(log.read({ from: 95 }));
    expect(from.map((event) => event.id)).toEqual(['e94', 'e95', 'e96', 'e97', 'e98', 'e99']);
    const until = await collect(log.read({ until: '2024-01-10' }));
    expect(until.map((event) => event.id)).toEqual(Array.from({ length: 10 }, (_, i) => `e${i}`));
    const both = await collect(
      log.read({ customerId: 'c2', until: new Date(Date.UTC(2024, 0, 9)) }),
    );
    expect(both.map((event) => event.id)).toEqual(['e2', 'e5', 'e8']);
    await log.close();
  });

  it('skips identical events and rejects a reused id with different content, writing nothing', async () => {
    const log = await openLog();
    await log.append([purchase('e1', 'c1', '2024-01-01')]);
    const again = await log.append([
      purchase('e1', 'c1', '2024-01-01'),
      purchase('e2', 'c1', '2024-01-02'),
    ]);
    expect(again.skipped).toEqual(['e1']);
    expect(again.appended.map((event) => [event.id, event.position, event.version])).toEqual([
      ['e2', 2, 2],
    ]);
    const attempt = log.append([
      purchase('e3', 'c1', '2024-01-03'),
      purchase('e1', 'c1', '2024-01-01', 99),
    ]);
    await expect(attempt).rejects.toBeInstanceOf(DuplicateEventError);
    await expect(attempt).rejects.toMatchObject({ eventId: 'e1', index: 1 });
    expect(await log.position()).toBe(2);
    const inBatch = log.append([
      purchase('e4', 'c1', '2024-01-03'),
      purchase('e4', 'c2', '2024-01-03'),
    ]);
    await expect(inBatch).rejects.toMatchObject({ code: 'TENURE_DUPLICATE_EVENT_ID', index: 1 });
    expect(await log.position()).toBe(2);
    await log.close();
  });

  it('enforces expected versions per customer, naming expected and actual', async () => {
    const log = await openLog();
    await log.append([purchase('e1', 'c1', '2024-01-01')], {
      expectedVersions: { c1: 'no-stream' },
    });
    await log.append([purchase('e2', 'c1', '2024-01-02')], { expectedVersions: { c1: 1 } });
    await log.append([purchase('e3', 'c2', '2024-01-02')], {
      expectedVersions: { c1: 'stream-exists', c2: 'any' },
    });
    const stale = log.append(
      [purchase('e4', 'c1', '2024-01-03'), purchase('e5', 'c2', '2024-01-03')],
      {
        expectedVersions: { c2: 1, c1: 1 },
      },
    );
    await expect(stale).rejects.toBeInstanceOf(ConcurrencyError);
    await expect(stale).rejects.toMatchObject({ customerId: 'c1', expected: 1, actual: 2 });
    await expect(
      log.append([purchase('e6', 'c3', '2024-01-03')], {
        expectedVersions: { c3: 'stream-exists' },
      }),
    ).rejects.toMatchObject({
      code: 'TENURE_VERSION_CONFLICT',
      expected: 'stream-exists',
      actual: 0,
    });
    expect(await log.position()).toBe(3);
    expect(await log.version('c2')).toBe(1);
    await log.close();
  });

  it('rejects invalid events with the same issues as validateEvents, before touching the database', async () => {
    const log = await openLog();
    const batch = [
      purchase('e1', 'c1', '2024-01-01'),
      {
        id: 'e2',
        type: 'purchase',
        customerId: 'c1',
        at: '2024-13-01',
        data: { orderId: 'o', amount: -1, currency: 'EUR' },
      },
      { id: 'e3', type: 'no-such-type', customerId: 'c1', at: 0, data: {} },
    ];
    const expected = await validateEvents(batch, defaultEventCatalog);
    expect(expected.ok).toBe(false);
    const error = await log.append(batch).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(EventValidationError);
    expect((error as EventValidationError).issues).toEqual(expected.ok ? [] : expected.issues);
    expect(await log.position()).toBe(0);
    await log.close();
  });

  it('rejects strings PostgreSQL cannot store (NUL, unpaired surrogates) as validation issues', async () => {
    const log = await openLog();
    const error = await log
      .append([
        purchase('e1', 'c\u0000', '2024-01-01'),
        { ...purchase('e2', 'c2', 0), data: { orderId: 'x\ud800', amount: 1, currency: 'EUR' } },
      ])
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(EventValidationError);
    expect(
      (error as EventValidationError).issues.map((issue) => [issue.index, issue.path]),
    ).toEqual([
      [0, 'customerId'],
      [1, 'data.orderId'],
    ]);
    expect(await log.position()).toBe(0);
    await log.close();
  });

  it('ends a pool it created on close, but never a pool it was given', async () => {
    const pool = db.pool();
    const schema = db.schema();
    const log = await createPostgresLog({ pool, schema });
    await log.append([purchase('e1', 'c1', '2024-01-01')]);
    await log.close();
    expect((await pool.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
    await expect(log.position()).rejects.toSatisfy((error: unknown) =>
      isTenureError(error, 'TENURE_LOG_CLOSED'),
    );
    // The class errors.md names, as the memory and file logs throw it.
    await expect(log.append([purchase('e9', 'c1', 0)])).rejects.toThrow(LogClosedError);
    expect(() => log.read()).toThrow(/closed/);

    const own = await createPostgresLog({ connectionString: db.url, schema });
    expect(await own.position()).toBe(1);
    await own.close();
    await own.close();
    await expect(own.append([purchase('e2', 'c1', 0)])).rejects.toThrow(/closed/);
  });

  it('accepts only plain lower-case schema names', async () => {
    for (const schema of [
      'Tenure',
      'a-b',
      'x"; DROP TABLE y; --',
      '',
      'pg_catalog',
      'a'.repeat(64),
    ]) {
      await expect(createPostgresLog({ connectionString: db.url, schema })).rejects.toThrow(
        /is not a valid schema name/,
      );
    }
  });
});

describe('createPostgresLog verify()', () => {
  async function tampered(statement: string) {
    const schema = db.schema();
    const log = await createPostgresLog({ connectionString: db.url, schema, readBatchSize: 4 });
    await log.append(
      Array.from({ length: 10 }, (_, i) => purchase(`e${i}`, `c${i % 2}`, i * 1000)),
    );
    expect(await log.verify()).toEqual({ ok: true, records: 10 });
    await db.pool().query(statement.replaceAll('$schema', schema));
    const result = await log.verify();
    await log.close();
    return result;
  }

  it('finds a changed payload at its position', async () => {
    expect(
      await tampered(
        `UPDATE $schema.tenure_events SET data = jsonb_set(data, '{amount}', '11') WHERE position = 6`,
      ),
    ).toMatchObject({
      ok: false,
      records: 5,
      location: 'position 6',
      reason: expect.stringMatching(/hash chain/),
    });
  });

  it('finds a deleted row as a gap', async () => {
    expect(await tampered('DELETE FROM $schema.tenure_events WHERE position = 3')).toMatchObject({
      ok: false,
      records: 2,
      location: 'position 3',
      reason: expect.stringMatching(/missing/),
    });
  });

  it('finds rows cut from the end', async () => {
    expect(await tampered('DELETE FROM $schema.tenure_events WHERE position > 8')).toMatchObject({
      ok: false,
      records: 8,
      location: 'position 9',
    });
  });

  it('finds a changed customer or event time', async () => {
    expect(
      await tampered(`UPDATE $schema.tenure_events SET customer_id = 'c9' WHERE position = 10`),
    ).toMatchObject({ ok: false, location: 'position 10' });
    expect(
      await tampered('UPDATE $schema.tenure_events SET at = at + 1 WHERE position = 1'),
    ).toMatchObject({
      ok: false,
      location: 'position 1',
    });
  });
});

describe('createPostgresLog and other writers of its tables', () => {
  it('a row past tenure_head (the head restored from an older copy) fails verify, and appends refuse with CorruptLogError, writing nothing', async () => {
    const schema = db.schema();
    const log = await createPostgresLog({ connectionString: db.url, schema });
    await log.append([purchase('e1', 'c1', 0), purchase('e2', 'c2', 1), purchase('e3', 'c1', 2)]);
    // The head row as it was after the second event: consistent with rows 1-2, not with row 3.
    await db
      .pool({ max: 1 })
      .query(
        `UPDATE "${schema}".tenure_head SET position = 2, hash = (SELECT hash FROM "${schema}".tenure_events WHERE position = 2)`,
      );
    expect(await log.verify()).toEqual({
      ok: false,
      records: 2,
      location: 'position 3',
      reason: expect.stringMatching(/past tenure_head's position 2/),
    });
    const refusal = await log.append([purchase('e4', 'c3', 3)]).catch((error: unknown) => error);
    expect(isTenureError(refusal, 'TENURE_CORRUPT_LOG')).toBe(true);
    expect((refusal as Error).message).toMatch(
      /log\.append: the log is corrupt at position 3: .*past tenure_head's position 2.*nothing was written/,
    );
    const rows = await db.pool({ max: 1 }).query(`SELECT event_id FROM "${schema}".tenure_events`);
    expect(rows.rows.map((row) => row.event_id).sort()).toEqual(['e1', 'e2', 'e3']);
    await log.close();
  });

  it('reports a version taken by a concurrent foreign writer as a ConcurrencyError, writing nothing', async () => {
    const schema = db.schema();
    const log = await createPostgresLog({
      pool: db.pool({ application_name: 'tenure-writer', max: 1 }),
      schema,
    });
    const intruder = await db.pool({ max: 1 }).connect();
    try {
      // Another writer inserts c1's version 1 and keeps its transaction open...
      await intruder.query('BEGIN');
      await intruder.query(
        `INSERT INTO "${schema}".tenure_events (position, customer_id, version, event_id, type, at, data, meta, hash)
         VALUES (1000, 'c1', 1, 'foreign', 'purchase', 0, '{}', NULL, '')`,
      );
      // ...so tenure, which still sees version 0, waits on the unique index until it commits.
      const appending = log.append([purchase('e1', 'c1', 0)]).catch((error: unknown) => error);
      const admin = db.pool({ max: 1 });
      for (;;) {
        const waiting = await admin.query(
          `SELECT 1 FROM pg_stat_activity WHERE application_name = 'tenure-writer' AND wait_event_type = 'Lock'`,
        );
        if (waiting.rows.length > 0) break;
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      await intruder.query('COMMIT');
      const error = await appending;
      expect(error).toBeInstanceOf(ConcurrencyError);
      expect(error).toMatchObject({ customerId: 'c1', expected: 'any', actual: 1 });
      expect(await log.position()).toBe(0);
    } finally {
      intruder.release();
      await log.close();
    }
  });
});

describe('createPostgresLog without its tenure_head row', () => {
  it('fails verify and refuses appends with CorruptLogError, writing nothing', async () => {
    const schema = db.schema();
    const log = await createPostgresLog({ connectionString: db.url, schema });
    await log.append([purchase('e1', 'c1', 0), purchase('e2', 'c2', 1)]);
    await db.pool({ max: 1 }).query(`DELETE FROM "${schema}".tenure_head`);
    expect(await log.verify()).toMatchObject({
      ok: false,
      records: 0,
      location: 'position 1',
      reason: expect.stringMatching(/tenure_head has no row/),
    });
    const refusal = await log.append([purchase('e3', 'c3', 2)]).catch((error: unknown) => error);
    expect(isTenureError(refusal, 'TENURE_CORRUPT_LOG')).toBe(true);
    expect((refusal as Error).message).toMatch(/log\.append: the log is corrupt at tenure_head: /);
    const rows = await db
      .pool({ max: 1 })
      .query(`SELECT count(*)::int AS n FROM "${schema}".tenure_events`);
    expect(rows.rows[0].n).toBe(2);
    await log.close();
  });
});

describe('createPostgresLog and the stream versions it remembers between appends', () => {
  it('two logs on one schema (two processes) appending to the same customers in turn keep versions 1, 2, 3, ...', async () => {
    const schema = db.schema();
    const a = await createPostgresLog({ connectionString: db.url, schema });
    const b = await createPostgresLog({ connectionString: db.url, schema });
    const versions: number[] = [];
    for (let i = 0; i < 6; i++) {
      const writer = i % 3 === 0 ? b : a;
      // Each writer expects the version the other one left: a log must not trust what it
      // remembers from before the other's appends.
      const { appended } = await writer.append(
        [purchase(`e${i}`, 'c1', i), purchase(`f${i}`, `d${i}`, i)],
        { expectedVersions: { c1: i } },
      );
      versions.push(appended[0]?.version ?? 0);
    }
    expect(versions).toEqual([1, 2, 3, 4, 5, 6]);
    expect(await a.verify()).toEqual({ ok: true, records: 12 });
    await Promise.all([a.close(), b.close()]);
  });

  it('a row inserted by a writer that bypassed tenure is seen by the next append, as without the cache', async () => {
    const schema = db.schema();
    const log = await createPostgresLog({ connectionString: db.url, schema });
    await log.append([purchase('e1', 'c1', 0)]);
    // c1's version 2 appears without the head moving: the log's cache still says 1.
    await db.pool({ max: 1 }).query(
      `INSERT INTO "${schema}".tenure_events (position, customer_id, version, event_id, type, at, data, meta, hash)
       VALUES (1000, 'c1', 2, 'foreign', 'purchase', 0, '{}', NULL, '')`,
    );
    const { appended } = await log.append([purchase('e2', 'c1', 1)]);
    expect(appended.map((event) => [event.position, event.version])).toEqual([[2, 3]]);
    await expect(
      log.append([purchase('e3', 'c1', 2)], { expectedVersions: { c1: 2 } }),
    ).rejects.toMatchObject({ name: 'ConcurrencyError', customerId: 'c1', actual: 3 });
    await log.close();
  });
  it('a log whose last commits were lost (a failover to a replica that missed them) is not taken for the one the cache saw, though its head is back at the same position', async () => {
    const schema = db.schema();
    const a = await createPostgresLog({ connectionString: db.url, schema });
    for (let i = 1; i <= 3; i++) await a.append([purchase(`e${i}`, 'c1', i)]);
    // The new primary never got position 3 (c1's version 3): its head is at 2.
    const admin = db.pool({ max: 1 });
    await admin.query(
      `DELETE FROM "${schema}".tenure_events WHERE position = 3;
       UPDATE "${schema}".tenure_head SET position = 2,
         hash = (SELECT hash FROM "${schema}".tenure_events WHERE position = 2)`,
    );
    // Another process appends there: the head is at 3 again, with another event.
    const b = await createPostgresLog({ connectionString: db.url, schema });
    await b.append([purchase('other', 'c2', 4)]);
    // a remembers c1 at version 3 at position 3; the log holds c1 at version 2.
    const { appended } = await a.append([purchase('e4', 'c1', 5)]);
    expect(appended.map((event) => [event.position, event.version])).toEqual([[4, 3]]);
    expect(await a.verify()).toEqual({ ok: true, records: 4 });
    await Promise.all([a.close(), b.close()]);
  });
});

describe('createPostgresLog and event types with newer schema versions', () => {
  it('upcasts events written with an older version as they are read, whole log and one customer', async () => {
    const schema = db.schema();
    const v1 = defineEventType({ type: 'acme.order', schema: v.object({ total: v.number() }) });
    const v2 = defineEventType({
      type: 'acme.order',
      version: 2,
      schema: v.object({ amount: v.number(), currency: v.string() }),
      upcasters: { 1: (data: { total: number }) => ({ amount: data.total, currency: 'EUR' }) },
    });
    const old = await createPostgresLog({ connectionString: db.url, schema, eventTypes: [v1] });
    await old.append([
      { id: 'o1', type: 'acme.order', customerId: 'c1', at: 0, data: { total: 5 } },
      purchase('p1', 'c1', 1),
    ]);
    await old.close();
    const log = await createPostgresLog({ connectionString: db.url, schema, eventTypes: [v2] });
    const expected = {
      id: 'o1',
      data: { amount: 5, currency: 'EUR' },
      meta: { schemaVersion: 2 },
    };
    expect((await collect(log.read()))[0]).toMatchObject(expected);
    expect((await collect(log.read({ customerId: 'c1' })))[0]).toMatchObject(expected);
    expect((await collect(log.read()))[1]).toMatchObject({ id: 'p1', meta: { schemaVersion: 1 } });
    await log.close();
  });
});
