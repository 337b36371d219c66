import type pg from 'pg';
import { describe, expect, it } from 'vitest';
import {
  createProjectionWorker,
  type ProjectionWorkerOptions,
  runProjectionWorkers,
} from '../../src/log/postgres/index.js';
import { usePostgres } from '../support/usePostgres.js';
import { administrator } from './administrator.js';
import { expectTableEqualsReplay } from './expectTableEqualsReplay.js';
import { freezeBackends, settledAfterRoundTrip } from './freezeBackends.js';
import { sampleSchema } from './sampleSchema.js';

const db = usePostgres();

/** The names of the server's client backends LIKE `pattern`, sorted: what is still open. */
async function backends(pool: pg.Pool, pattern: string): Promise<string[]> {
  const { rows } = await pool.query<{ name: string }>(
    `SELECT application_name AS name FROM pg_stat_activity
     WHERE application_name LIKE $1 ORDER BY 1`,
    [pattern],
  );
  return rows.map((row) => row.name);
}

/**
 * Waits until the backend named `application` matches `condition` (SQL on pg_stat_activity),
 * or with `gone`, until there is no backend of that name.
 */
async function waitForBackend(
  pool: pg.Pool,
  application: string,
  condition: string,
  { gone = false } = {},
) {
  for (let tries = 0; tries < 1_000; tries++) {
    const { rows } = await pool.query(
      `SELECT 1 FROM pg_stat_activity WHERE application_name = $1 AND (${gone} OR ${condition})`,
      [application],
    );
    if ((rows.length === 0) === gone) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`no backend ${application} with ${condition}`);
}

/**
 * A worker of two partitions, named `workerId`, with its own connections (`connectionString`)
 * on a sample schema of `seed`, with `options` beside.
 */
async function sampleWorker(
  seed: number,
  workerId: string,
  options: Partial<ProjectionWorkerOptions> = {},
) {
  const { schema, pool, asOf } = await sampleSchema(db, seed);
  const worker = await createProjectionWorker({
    connectionString: db.url,
    schema,
    asOf,
    partitions: 2,
    workerId,
    ...options,
  } as ProjectionWorkerOptions);
  return { schema, pool, asOf, worker };
}

describe("a worker's stop()", () => {
  it('with connectionString: resolves once both its connections are closed', async () => {
    const { pool, worker } = await sampleWorker(11, 'closing');
    await worker.runOnce();
    expect(await backends(pool, 'tenure closing%')).toEqual([
      'tenure closing',
      'tenure closing (reads)',
    ]);
    // Asked to close, the sessions stay until the server gets to them: stop() waits for that.
    const frozen = [
      await freezeBackends(pool, 'tenure closing'),
      await freezeBackends(pool, 'tenure closing (reads)'),
    ];
    try {
      const stopping = worker.stop();
      expect(await settledAfterRoundTrip(pool, stopping)).toBe(false);
      frozen[0]?.thaw();
      expect(await settledAfterRoundTrip(pool, stopping)).toBe(false);
      frozen[1]?.thaw();
      await stopping;
    } finally {
      for (const backend of frozen) backend.thaw();
    }
    expect(await backends(pool, 'tenure closing%')).toEqual([]);
  });

  it("with a pool: resolves once the client it held is closed, and leaves the user's pool open", async () => {
    const { schema, pool, asOf } = await sampleSchema(db, 12);
    const users = db.pool({ max: 3, application_name: 'app' });
    const worker = await createProjectionWorker({
      pool: users,
      schema,
      asOf,
      partitions: 2,
      workerId: 'pooled',
    });
    await worker.runOnce();
    const clients = users.totalCount;
    const frozen = await freezeBackends(pool, 'tenure pooled');
    try {
      const stopping = worker.stop();
      expect(await settledAfterRoundTrip(pool, stopping)).toBe(false);
      frozen.thaw();
      await stopping;
    } finally {
      frozen.thaw();
    }
    expect(await backends(pool, 'tenure pooled%')).toEqual([]);
    // Given back: the pool counts it no more (its other clients stay), and serves its user.
    expect(users.totalCount).toBe(clients - 1);
    expect((await users.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
  });

  it('called twice at once: both resolve once the connections are closed', async () => {
    const { pool, worker } = await sampleWorker(13, 'twice');
    const frozen = await freezeBackends(pool, 'tenure twice');
    try {
      const first = worker.stop();
      const second = worker.stop();
      expect(await settledAfterRoundTrip(pool, second)).toBe(false);
      frozen.thaw();
      await second;
      expect(await backends(pool, 'tenure twice%')).toEqual([]);
      await first;
    } finally {
      frozen.thaw();
    }
  });

  it('run({ signal }) with a signal that is not an AbortSignal: refused, the worker left as it was', async () => {
    const { pool, worker } = await sampleWorker(15, 'signalled');
    try {
      await expect(worker.run({ signal: new AbortController() as never })).rejects.toMatchObject({
        code: 'TENURE_INVALID_OPTION',
        message:
          'worker.run: signal must be an AbortSignal, such as the signal of an AbortController (controller.signal), got an object.',
      });
      await expect(worker.runOnce()).resolves.toMatchObject({ caughtUp: expect.any(Boolean) });
    } finally {
      await worker.stop();
    }
    expect(await backends(pool, 'tenure signalled%')).toEqual([]);
  });

  it('during a round: the round finishes (its batches written), then the connections close', async () => {
    const { schema, pool, asOf, worker } = await sampleWorker(14, 'busy');
    // The round's first read waits for the states table: stop() is called meanwhile.
    const admin = await administrator(db, schema, 'tenure_customer_states', 'ACCESS EXCLUSIVE');
    const round = worker.runOnce();
    await admin.waitFor('tenure busy (reads)', `wait_event_type = 'Lock'`);
    const stopping = worker.stop();
    const after = worker.runOnce();
    await admin.release();
    expect(await round).toMatchObject({ partitions: [0, 1], caughtUp: true });
    await expect(after).rejects.toMatchObject({ code: 'TENURE_WORKER_STOPPED' });
    await stopping;
    expect(await backends(pool, 'tenure busy%')).toEqual([]);
    await expectTableEqualsReplay(pool, schema, asOf, { partitions: 2 });
  });
});

describe("a worker's run() and stop()", () => {
  it('stop() while run() waits for new events: run() resolves, its connections closed', async () => {
    const { schema, pool, worker } = await sampleWorker(18, 'runner', {
      churn: false,
      clv: false,
      // Caught up after its first round, run() waits this long for new events.
      pollIntervalMs: 60_000,
    });
    const running = worker.run();
    await waitForCheckpoints(pool, schema, 2);
    await worker.stop();
    await running;
    expect(await backends(pool, 'tenure runner%')).toEqual([]);
  });

  it('stop() right after run(), before its first round began: run() resolves, nothing written', async () => {
    const { schema, pool, worker } = await sampleWorker(20, 'runner3');
    const running = worker.run();
    await worker.stop();
    await running;
    expect(await backends(pool, 'tenure runner3%')).toEqual([]);
    // A stopped worker's run() is refused, as its runOnce() is.
    await expect(worker.run()).rejects.toMatchObject({ code: 'TENURE_WORKER_STOPPED' });
    const { rows } = await pool.query(
      `SELECT count(*)::int AS n FROM "${schema}".tenure_projection_checkpoints`,
    );
    expect(rows[0]).toEqual({ n: 0 });
  });

  it('stop() during a round of run(): the round finishes, then run() resolves', async () => {
    const { schema, pool, asOf, worker } = await sampleWorker(19, 'runner2');
    const admin = await administrator(db, schema, 'tenure_customer_states', 'ACCESS EXCLUSIVE');
    const running = worker.run();
    running.catch(() => undefined);
    await admin.waitFor('tenure runner2 (reads)', `wait_event_type = 'Lock'`);
    const stopping = worker.stop();
    await admin.release();
    await running;
    await stopping;
    expect(await backends(pool, 'tenure runner2%')).toEqual([]);
    await expectTableEqualsReplay(pool, schema, asOf, { partitions: 2 });
  });
});

describe('createProjectionWorker refused', () => {
  it('leaves no connection open behind its rejection', async () => {
    const { schema, pool, asOf } = await sampleSchema(db, 15);
    const first = await createProjectionWorker({ pool, schema, asOf, partitions: 2 });
    // The registration waits for this lock while the worker's reading connection is frozen.
    const registering = `tenure:register:"${schema}":default`;
    const admin = db.pool({ max: 1 });
    await admin.query('SELECT pg_advisory_lock(hashtext($1))', [registering]);
    const refused = createProjectionWorker({
      connectionString: db.url,
      schema,
      asOf: asOf + 1,
      partitions: 2,
      workerId: 'refused',
    });
    refused.catch(() => undefined);
    await waitForBackend(pool, 'tenure refused', `wait_event_type = 'Lock'`);
    const frozen = await freezeBackends(pool, 'tenure refused (reads)');
    try {
      await admin.query('SELECT pg_advisory_unlock(hashtext($1))', [registering]);
      // Refused, the leases' connection is closed; the frozen one is not yet.
      await waitForBackend(pool, 'tenure refused', 'false', { gone: true });
      expect(await settledAfterRoundTrip(pool, refused)).toBe(false);
      frozen.thaw();
      await expect(refused).rejects.toMatchObject({ code: 'TENURE_INVALID_OPTION' });
    } finally {
      frozen.thaw();
    }
    expect(await backends(pool, 'tenure refused%')).toEqual([]);
    await first.stop();
  });

  it('by the migration (a schema of something else): leaves no connection open either', async () => {
    const schema = db.schema();
    const pool = db.pool({ max: 1 });
    await pool.query(`CREATE SCHEMA "${schema}"`);
    await pool.query(`CREATE TABLE "${schema}".tenure_events (x integer)`);
    await expect(
      createProjectionWorker({
        connectionString: db.url,
        schema,
        asOf: 0,
        workerId: 'foreign',
      }),
    ).rejects.toMatchObject({ code: 'TENURE_POSTGRES_SCHEMA' });
    expect(await backends(pool, 'tenure foreign%')).toEqual([]);
  });
});

describe('runProjectionWorkers', () => {
  it('resolves once every connection it opened is closed', async () => {
    const { schema, pool, asOf } = await sampleSchema(db, 16);
    await runProjectionWorkers({
      connectionString: db.url,
      schema,
      asOf,
      workers: 2,
      partitions: 4,
    });
    expect(await backends(pool, 'tenure %')).toEqual([]);
  });

  it('given a signal already aborted: opens no connection, does nothing, and resolves at once', async () => {
    // A schema that does not exist: a worker started would create it (migrate) and register.
    const schema = db.schema();
    const pool = db.pool({ max: 1 });
    for (const follow of [false, true]) {
      const result = await runProjectionWorkers({
        connectionString: db.url,
        schema,
        asOf: '2024-12-31',
        workers: 2,
        follow,
        signal: AbortSignal.abort(),
      });
      expect(result).toEqual({ events: 0, customers: 0, valued: 0, position: 0 });
    }
    const { rows } = await pool.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [schema]);
    expect(rows).toEqual([]);
  });

  it('given a signal already aborted, still refuses options that cannot work', async () => {
    const signal = AbortSignal.abort();
    await expect(
      runProjectionWorkers({ connectionString: db.url, signal } as never),
    ).rejects.toMatchObject({
      code: 'TENURE_INVALID_OPTION',
      message: expect.stringMatching(/^runProjectionWorkers: asOf is required/),
    });
  });

  it('refuses a signal that is not an AbortSignal before it opens a connection', async () => {
    const schema = db.schema();
    const pool = db.pool({ max: 1 });
    const controller = new AbortController();
    await expect(
      runProjectionWorkers({
        connectionString: db.url,
        schema,
        asOf: '2024-12-31',
        signal: controller as never,
      }),
    ).rejects.toMatchObject({
      code: 'TENURE_INVALID_OPTION',
      message: expect.stringContaining('runProjectionWorkers: signal must be an AbortSignal'),
    });
    const { rows } = await pool.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [schema]);
    expect(rows).toEqual([]);
    expect(await backends(pool, 'tenure %')).toEqual([]);
  });

  it('with follow, stopped by its signal: resolves once every connection it opened is closed', async () => {
    const { schema, pool, asOf } = await sampleSchema(db, 17);
    const controller = new AbortController();
    const following = runProjectionWorkers({
      connectionString: db.url,
      schema,
      asOf,
      partitions: 2,
      churn: false,
      clv: false,
      follow: true,
      // Caught up after its first round, the worker waits (its reading connection idle).
      pollIntervalMs: 60_000,
      signal: controller.signal,
    });
    following.catch(() => undefined);
    await waitForCheckpoints(pool, schema, 2);
    const frozen = await freezeBackends(pool, 'tenure w0 (reads)');
    try {
      controller.abort();
      // Stopped, the worker's leases connection is closed; the frozen one is not yet.
      await waitForBackend(pool, 'tenure w0', 'false', { gone: true });
      expect(await settledAfterRoundTrip(pool, following)).toBe(false);
      frozen.thaw();
      await following;
    } finally {
      frozen.thaw();
    }
    expect(await backends(pool, 'tenure %')).toEqual([]);
  });
});

/** Waits until the projection's `partitions` checkpoints have all reached the log's head. */
async function waitForCheckpoints(pool: pg.Pool, schema: string, partitions: number) {
  for (let tries = 0; tries < 1_000; tries++) {
    const { rows } = await pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM "${schema}".tenure_projection_checkpoints
       WHERE position >= (SELECT position FROM "${schema}".tenure_head)`,
    );
    if (rows[0]?.n === partitions) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`the ${partitions} checkpoints did not reach the head`);
}
