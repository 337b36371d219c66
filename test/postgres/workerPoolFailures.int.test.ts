import { describe, expect, it } from 'vitest';
import { createProjectionWorker } from '../../src/log/postgres/index.js';
import { usePostgres } from '../support/usePostgres.js';
import { administrator, roundKilledMidWrite } from './administrator.js';
import { expectTableEqualsReplay } from './expectTableEqualsReplay.js';
import { sampleSchema } from './sampleSchema.js';

const db = usePostgres();

const LOST = {
  code: 'TENURE_WORKER_CONNECTION_LOST',
  message: expect.stringMatching(
    /^createProjectionWorker: worker victim lost its connection to PostgreSQL \(.+\); the batch it was writing was rolled back .*Create a new worker/,
  ),
};

/** A sample schema and the user's pool a worker is given: its connections named `app`. */
async function poolWorker(seed: number) {
  const sample = await sampleSchema(db, seed);
  const users = db.pool({ max: 4, application_name: 'app' });
  const options = { pool: users, schema: sample.schema, asOf: sample.asOf, partitions: 2 };
  const victim = await createProjectionWorker({ ...options, workerId: 'victim' });
  return { ...sample, users, options, victim };
}

/** What the workers stored: rows and checkpoints. */
async function stored(pool: import('pg').Pool, schema: string) {
  const { rows } = await pool.query(
    `SELECT (SELECT count(*) FROM "${schema}".tenure_customer_states)::int AS rows,
            (SELECT count(*) FROM "${schema}".tenure_projection_checkpoints)::int AS checkpoints`,
  );
  return rows[0];
}

/** How many backends are named `application` now. */
async function backends(pool: import('pg').Pool, application: string): Promise<number> {
  const { rows } = await pool.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = $1',
    [application],
  );
  return rows[0]?.n ?? 0;
}

describe('a worker on a pool that loses one of its connections', () => {
  it('the client it holds, mid-write: TENURE_WORKER_CONNECTION_LOST, the batch rolled back, the pool still serves', async () => {
    const { schema, pool, asOf, users, options, victim } = await poolWorker(6);
    const error = await roundKilledMidWrite(db, schema, victim, 'tenure victim');
    expect(error).toMatchObject({ ...LOST, cause: { code: '57P01' } });
    expect(await stored(pool, schema)).toEqual({ rows: 0, checkpoints: 0 });
    await expect(victim.runOnce()).rejects.toMatchObject(LOST);
    // The user's pool is the user's: not ended, its broken client replaced.
    expect((await users.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
    const next = await createProjectionWorker(options);
    while (!(await next.runOnce()).caughtUp);
    await next.stop();
    await expectTableEqualsReplay(pool, schema, asOf, { partitions: 2 });
  });

  it('a client of the pool it reads through, mid-read: TENURE_WORKER_CONNECTION_LOST, not the driver error, its leases given back', async () => {
    const { schema, pool, asOf, users, options, victim } = await poolWorker(7);
    // The batch read waits for the states table, on one of the pool's other clients.
    const admin = await administrator(db, schema, 'tenure_customer_states', 'ACCESS EXCLUSIVE');
    const round = victim.runOnce().then(
      () => undefined,
      (error: unknown) => error,
    );
    await admin.waitFor('app', `wait_event_type = 'Lock'`);
    await admin.terminate('app');
    await admin.release();
    expect(await round).toMatchObject({ ...LOST, cause: { code: '57P01' } });
    expect(await stored(pool, schema)).toEqual({ rows: 0, checkpoints: 0 });
    await expect(victim.runOnce()).rejects.toMatchObject(LOST);
    // Stopped: the client holding its leases is gone, so another worker takes every partition.
    expect(await backends(pool, 'tenure victim')).toBe(0);
    expect((await users.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
    const next = await createProjectionWorker(options);
    let round2 = await next.runOnce();
    expect(round2.partitions).toEqual([0, 1]);
    while (!round2.caughtUp) round2 = await next.runOnce();
    await next.stop();
    await expectTableEqualsReplay(pool, schema, asOf, { partitions: 2 });
  });
});

describe('workers on a pool whose every client they hold', () => {
  it('read on their own clients rather than wait for a free one that never comes', async () => {
    const { schema, pool, asOf } = await sampleSchema(db, 8);
    const users = db.pool({ max: 2 });
    const options = { pool: users, schema, asOf, partitions: 4, batchSize: 50 };
    const a = await createProjectionWorker({ ...options, workerId: 'a' });
    const b = await createProjectionWorker({ ...options, workerId: 'b' });
    let caughtUp = false;
    while (!caughtUp) {
      const rounds = await Promise.all([a.runOnce(), b.runOnce()]);
      caughtUp = rounds.every((round) => round.caughtUp);
    }
    await Promise.all([a.stop(), b.stop()]);
    await expectTableEqualsReplay(pool, schema, asOf, { partitions: 4 });
  });
});
