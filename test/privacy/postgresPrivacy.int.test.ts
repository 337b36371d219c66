import { describe, expect, it } from 'vitest';
import type { EventInput, StoredEvent } from '../../src/events/TenureEvent.js';
import { createPostgresLog } from '../../src/log/postgres/index.js';
import { createPrivateLog } from '../../src/privacy/createPrivateLog.js';
import { createPostgresKeyStore } from '../../src/privacy/postgres/index.js';
import { ERASED } from '../../src/privacy/sealValue.js';
import { usePostgres } from '../support/usePostgres.js';

const db = usePostgres();
const SECRETS = ['Ada Lovelace', 'ada@example.com', 'call me at home'];

const events: EventInput[] = [
  {
    id: 'p1',
    type: 'customer.profile',
    customerId: 'c1',
    at: '2024-01-01',
    data: { name: SECRETS[0], email: SECRETS[1] },
  },
  {
    id: 's1',
    type: 'survey.answered',
    customerId: 'c1',
    at: '2024-01-03',
    data: { kind: 'nps', score: 9, comment: SECRETS[2] },
  },
  {
    id: 'o1',
    type: 'purchase',
    customerId: 'c1',
    at: '2024-01-02',
    data: { orderId: 'o1', amount: 30, currency: 'EUR' },
  },
];

describe('privacy on PostgreSQL', () => {
  it('stores no personal value in clear text in any row, before or after forget', async () => {
    const pool = db.pool({ max: 2 });
    const schema = db.schema();
    const keyStore = await createPostgresKeyStore({ pool, schema });
    const log = createPrivateLog(await createPostgresLog({ pool, schema }), { keyStore });
    await log.append(events);
    const rows = async () =>
      JSON.stringify((await pool.query(`SELECT * FROM ${schema}.tenure_events`)).rows);
    const before = await rows();
    expect(before).toContain('tenure:sealed:v1:');
    for (const secret of SECRETS) expect(before).not.toContain(secret);
    const read: StoredEvent[] = [];
    for await (const event of log.read()) read.push(event);
    expect(read.find((event) => event.id === 'p1')?.data).toEqual(events[0]?.data);

    expect((await log.forget('c1', { at: '2024-02-01' })).destroyed).toBe(true);
    const after = await rows();
    for (const secret of SECRETS) expect(after).not.toContain(secret);
    const keys = await pool.query(`SELECT * FROM ${schema}.tenure_customer_keys`);
    expect(keys.rowCount).toBe(0);
    expect(await log.verify()).toMatchObject({ ok: true });
    const erased: StoredEvent[] = [];
    for await (const event of log.read({ customerId: 'c1' })) erased.push(event);
    expect(erased.find((event) => event.id === 's1')?.data).toEqual({
      kind: 'nps',
      score: 9,
      comment: ERASED,
    });
    expect(erased.at(-1)?.type).toBe('customer.forgotten');
    await log.close();
  });

  it('lets several processes start on a new schema at once', async () => {
    const schema = db.schema();
    // One pool each, as separate processes have: each creates the schema and table.
    const stores = await Promise.allSettled(
      [1, 2, 3, 4, 5, 6].map(() => createPostgresKeyStore({ pool: db.pool({ max: 1 }), schema })),
    );
    expect(stores.filter((store) => store.status === 'rejected')).toEqual([]);
  });

  it('gives concurrent creators of one customer’s key the same key', async () => {
    const pool = db.pool({ max: 4 });
    const keyStore = await createPostgresKeyStore({ pool, schema: db.schema() });
    const keys = await Promise.all([1, 2, 3, 4].map(() => keyStore.create('c9')));
    expect(new Set(keys.map((key) => key.id)).size).toBe(1);
    expect(await keyStore.destroy('c9')).toBe(true);
    expect(await keyStore.get('c9')).toBeUndefined();
  });
});
