import fc from 'fast-check';
import * as v from 'valibot';
import { expect, it } from 'vitest';
import { defineEventType } from '../../src/events/defineEventType.js';
import type { EventInput, StoredEvent } from '../../src/events/TenureEvent.js';
import { createPostgresLog } from '../../src/log/postgres/index.js';
import { migrateWith } from '../../src/log/postgres/migratePostgresLog.js';
import { postgresMigrations } from '../../src/log/postgres/postgresMigrations.js';
import { EVENT_COLUMNS, rowToEvent } from '../../src/log/postgres/rowToEvent.js';
import { usePostgres } from '../support/usePostgres.js';
import { collect, purchase } from './purchases.js';

// Reads parse the `event_tuple` column the database generates from the row (migration 4), and
// appends write rows with COPY: both must give back exactly the events the columns hold, whatever
// characters the strings contain.
const db = usePostgres();

const anything = defineEventType({ type: 'test.anything', schema: v.unknown() });

/** Any string PostgreSQL can store: every code point but NUL (surrogates only in pairs). */
const text = fc.string({ unit: 'binary', maxLength: 12 }).filter((s) => !s.includes('\u0000'));
const awkward = fc.oneof(
  text,
  fc.constantFrom('a\tb', 'a\nb\r', 'back\\slash', '"quoted"', '"" : ', '\\N', '\u2028', '😀'),
);
const json = fc
  .jsonValue({ maxDepth: 3 })
  .filter((value) => !JSON.stringify(value).includes('\\u0000'));

/** What a JSON store gives back (-0 becomes 0: JSON and JSONB have no negative zero). */
function asJson<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

async function columns(schema: string): Promise<StoredEvent[]> {
  const rows = await db.pool({ max: 1 }).query({
    text: `SELECT ${EVENT_COLUMNS} FROM "${schema}".tenure_events ORDER BY position`,
    rowMode: 'array',
  });
  return (rows.rows as unknown[][]).map(rowToEvent);
}

it('property: events with any strings and payloads read back as appended, and as the columns hold them', async () => {
  const schema = db.schema();
  const log = await createPostgresLog({
    connectionString: db.url,
    schema,
    eventTypes: [anything],
    readBatchSize: 3,
  });
  let n = 0;
  const appended: StoredEvent[] = [];
  await fc.assert(
    fc.asyncProperty(
      fc.array(fc.record({ id: awkward, customerId: awkward, data: json }), {
        minLength: 1,
        maxLength: 6,
      }),
      async (drafts) => {
        // Ids must be unique in the log: the generated part follows a counter.
        const batch: EventInput[] = drafts.map((draft) => ({
          id: `${++n}:${draft.id}`,
          type: 'test.anything',
          customerId: `c:${draft.customerId}`,
          at: 1_700_000_000_000 + n,
          data: draft.data,
        }));
        const result = await log.append(batch);
        appended.push(...asJson(result.appended));
        const last = result.appended.at(-1) as StoredEvent;
        expect(await collect(log.read({ from: result.appended[0]?.position ?? 1 }))).toEqual(
          asJson(result.appended),
        );
        expect(await collect(log.read({ customerId: last.customerId }))).toEqual(
          appended.filter((event) => event.customerId === last.customerId),
        );
      },
    ),
    { numRuns: 40 },
  );
  expect(await collect(log.read())).toEqual(appended);
  expect(await columns(schema)).toEqual(appended);
  expect(await log.verify()).toEqual({ ok: true, records: appended.length });
  await log.close();
});

it('reads rows without meta, with a non-default meta and from a log migrated with rows in it', async () => {
  const schema = db.schema();
  const pool = db.pool({ max: 2 });
  // A log at version 3 (before event_tuple), with rows written then.
  await migrateWith(pool, schema, postgresMigrations.slice(0, 3));
  await pool.query(
    `INSERT INTO "${schema}".tenure_events (position, customer_id, version, event_id, type, at, data, meta, hash)
     VALUES (1, 'c"1', 1, 'old\\1', 'purchase', 5, '{"orderId": "o\\t1", "amount": 2.5, "currency": "EUR"}', NULL, 'x'),
            (2, 'c"1', 2, 'old\\2', 'purchase', 6, '{"orderId": "o2", "amount": 1e-7, "currency": "EUR"}', '{"schemaVersion": 1, "source": "crm"}', 'y'),
            (3, 'c2', 1, 'old3', 'purchase', 7, NULL, '{"schemaVersion": 1}', 'z')`,
  );
  await pool.query(`UPDATE "${schema}".tenure_head SET position = 3, hash = 'z'`);
  const log = await createPostgresLog({ pool, schema });
  await log.append([purchase('new1', 'c2', 8)]);
  const events = await collect(log.read());
  expect(events).toEqual(await columns(schema));
  expect(events.map((event) => event.meta)).toEqual([
    undefined,
    { schemaVersion: 1, source: 'crm' },
    { schemaVersion: 1 },
    { schemaVersion: 1 },
  ]);
  expect(events[0]).toEqual({
    id: 'old\\1',
    type: 'purchase',
    customerId: 'c"1',
    at: 5,
    data: { orderId: 'o\t1', amount: 2.5, currency: 'EUR' },
    position: 1,
    version: 1,
  });
  expect(events[1]?.data).toMatchObject({ amount: 1e-7 });
  expect(events[2]?.data).toBeNull();
  await log.close();
});
