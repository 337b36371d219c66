import type pg from 'pg';
import { describe, expect, it } from 'vitest';
import { assign, setup } from 'xstate';
import { runCli } from '../../src/cli/runCli.js';
import {
  createPostgresLog,
  createProjectionWorker,
  migratePostgresLog,
  runProjectionWorkers,
} from '../../src/log/postgres/index.js';
import { defineLifecycle } from '../../src/machines/defineLifecycle.js';
import type { LifecycleEvent } from '../../src/machines/LifecycleEvent.js';
import { createLifecycle } from '../../src/projection/createLifecycle.js';
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

describe('a worker that loses its connection', () => {
  it('mid-write: rolls the batch back, says so with TENURE_WORKER_CONNECTION_LOST, and a new worker resumes to the replay', async () => {
    const { schema, pool, asOf } = await sampleSchema(db, 5);
    const victim = await createProjectionWorker({
      connectionString: db.url,
      schema,
      asOf,
      partitions: 2,
      workerId: 'victim',
    });
    const error = await roundKilledMidWrite(db, schema, victim, 'tenure victim');
    expect(error).toMatchObject({ ...LOST, cause: { code: '57P01' } });
    // Nothing of the batch is stored: no row, no checkpoint.
    const stored = await pool.query(
      `SELECT (SELECT count(*) FROM "${schema}".tenure_customer_states)::int AS rows,
              (SELECT count(*) FROM "${schema}".tenure_projection_checkpoints)::int AS checkpoints`,
    );
    expect(stored.rows[0]).toEqual({ rows: 0, checkpoints: 0 });
    // The worker is done for; a new one goes on from the checkpoints.
    await expect(victim.runOnce()).rejects.toMatchObject(LOST);
    const next = await createProjectionWorker({
      connectionString: db.url,
      schema,
      asOf,
      partitions: 2,
    });
    while (!(await next.runOnce()).caughtUp);
    await next.stop();
    await expectTableEqualsReplay(pool, schema, asOf, { partitions: 2 });
  });

  it('while idle: the next statement fails with TENURE_WORKER_CONNECTION_LOST, not the driver\'s "not queryable"', async () => {
    const { schema, asOf } = await sampleSchema(db, 5);
    const victim = await createProjectionWorker({
      connectionString: db.url,
      schema,
      asOf,
      partitions: 2,
      workerId: 'victim',
    });
    // The batch read waits for the states table; the leases' connection is idle meanwhile.
    const admin = await administrator(db, schema, 'tenure_customer_states', 'ACCESS EXCLUSIVE');
    const round = victim.runOnce().then(
      () => undefined,
      (error: unknown) => error,
    );
    await admin.waitFor('tenure victim (reads)', `wait_event_type = 'Lock'`);
    await admin.waitFor('tenure victim', `state = 'idle'`);
    await admin.terminate('tenure victim');
    await admin.release();
    expect(await round).toMatchObject(LOST);
  });
});

describe('tenure project --workers', () => {
  it('says a lost connection in one line (exit 1) and that running it again goes on', async () => {
    const { schema, pool } = await sampleSchema(db, 5);
    // Migrated for 2 partitions before the table is locked: the command's migration finds
    // nothing to do.
    await migratePostgresLog({ pool, schema, partitions: 2 });
    const admin = await administrator(db, schema, 'tenure_customer_states', 'ACCESS EXCLUSIVE');
    const stderr: string[] = [];
    const io = {
      stdout: { write: () => true },
      stderr: { write: (text: string) => stderr.push(text) > 0 },
    };
    const args = ['project', '--workers', '1', '--partitions', '2', '--database', db.url];
    const run = runCli([...args, '--schema', schema, '--as-of', '2030-01-01'], io);
    await admin.waitFor('tenure w0 (reads)', `wait_event_type = 'Lock'`);
    await admin.waitFor('tenure w0', `state = 'idle'`);
    await admin.terminate('tenure w0');
    await admin.release();
    expect(await run).toBe(1);
    expect(stderr.join('')).toMatch(
      /^tenure project: PostgreSQL: worker w0 lost its connection \(.+\); the batches written before are kept: run the command again to go on from there\.\n$/,
    );
    // And it does.
    expect(await runCli([...args, '--schema', schema, '--as-of', '2030-01-01'], io)).toBe(0);
  });
});

describe('runProjectionWorkers', () => {
  it("with follow: one worker's lost connection stops the others, then rejects with it", async () => {
    const { schema, asOf } = await sampleSchema(db, 5);
    // Locks nothing the workers use: a session to watch and terminate them.
    const admin = await administrator(db, schema, 'tenure_migrations', 'ACCESS SHARE');
    const controller = new AbortController();
    const running = runProjectionWorkers({
      connectionString: db.url,
      schema,
      asOf,
      workers: 2,
      partitions: 2,
      pollIntervalMs: 10,
      follow: true,
      signal: controller.signal,
    }).then(
      () => undefined,
      (error: unknown) => error,
    );
    try {
      await admin.waitFor('tenure w1', 'true');
      await admin.terminate('tenure w0');
      expect(await running).toMatchObject({ code: 'TENURE_WORKER_CONNECTION_LOST' });
      // Nothing of the run goes on after it: w1 was stopped, not left following the log, and
      // every connection of the run is closed by the time it rejects.
      expect(await admin.count('tenure %')).toBe(0);
    } finally {
      controller.abort();
      await running;
      await admin.release();
    }
  });

  it('the connection watching the checkpoints, lost while idle, is replaced: the run ends at the head', async () => {
    const { schema, pool, asOf } = await sampleSchema(db, 5);
    // The workers' batch reads wait for the states table: the watcher idles between questions.
    const admin = await administrator(db, schema, 'tenure_customer_states', 'ACCESS EXCLUSIVE');
    const running = runProjectionWorkers({ connectionString: db.url, schema, asOf, partitions: 2 });
    running.catch(() => undefined);
    try {
      await admin.waitFor('tenure w0 (reads)', `wait_event_type = 'Lock'`);
      await admin.waitFor('tenure runProjectionWorkers', `state = 'idle'`);
      await admin.terminate('tenure runProjectionWorkers');
    } finally {
      await admin.release();
    }
    const head = await pool.query(`SELECT position::int AS p FROM "${schema}".tenure_head`);
    await expect(running).resolves.toMatchObject({ position: head.rows[0]?.p });
  });
  it('the connection watching the checkpoints, lost mid-question, is asked again: the run ends at the head', async () => {
    const { schema, pool, running } = await checkpointsQuestionTerminated(1);
    const head = await pool.query(`SELECT position::int AS p FROM "${schema}".tenure_head`);
    await expect(running).resolves.toMatchObject({ position: head.rows[0]?.p });
  });

  it('the question on the checkpoints failing twice: rejects with TENURE_WORKER_PROGRESS_UNREADABLE, the driver error as its cause', async () => {
    const { schema, pool, running } = await checkpointsQuestionTerminated(2);
    const error = await running.then(
      () => undefined,
      (reason: unknown) => reason,
    );
    expect(error).toMatchObject({
      name: 'TenureError',
      code: 'TENURE_WORKER_PROGRESS_UNREADABLE',
      message: expect.stringMatching(
        new RegExp(
          `^runProjectionWorkers: could not read the checkpoints of projection "default" \\("${schema}"\\.tenure_projection_checkpoints\\): PostgreSQL failed twice \\(terminating connection due to administrator command, 57P01\\)\\. .*run it again: the workers go on from the checkpoints\\.$`,
        ),
      ),
      cause: { code: '57P01' },
    });
    expect(await backendsNamed(pool, 'tenure %')).toBe(0);
  });
});

/**
 * A run of one worker on a sample log whose watcher's question on the checkpoints waits for a
 * lock and is terminated there, `times` times in a row (each time on a new connection); then
 * the lock is released.
 */
async function checkpointsQuestionTerminated(times: number) {
  const { schema, pool, asOf } = await sampleSchema(db, 5);
  await migratePostgresLog({ pool, schema, partitions: 2 });
  const admin = await administrator(
    db,
    schema,
    'tenure_projection_checkpoints',
    'ACCESS EXCLUSIVE',
  );
  const running = runProjectionWorkers({ connectionString: db.url, schema, asOf, partitions: 2 });
  running.catch(() => undefined);
  try {
    let terminated: number | undefined;
    for (let time = 0; time < times; time++) {
      terminated = await lockWaiter(pool, 'tenure runProjectionWorkers', terminated);
      await pool.query('SELECT pg_terminate_backend($1)', [terminated]);
    }
  } finally {
    await admin.release();
  }
  return { schema, pool, running };
}

/**
 * The pid of the backend named `application` waiting for a lock (another than `other`): the
 * question under way on the watcher's connection.
 */
async function lockWaiter(pool: pg.Pool, application: string, other?: number): Promise<number> {
  for (let tries = 0; tries < 1_000; tries++) {
    const { rows } = await pool.query<{ pid: number }>(
      `SELECT pid FROM pg_stat_activity
       WHERE application_name = $1 AND wait_event_type = 'Lock' AND pid <> $2`,
      [application, other ?? 0],
    );
    if (rows[0] !== undefined) return rows[0].pid;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`no backend ${application} waiting for a lock`);
}

/** How many backends have a name LIKE `pattern`. */
async function backendsNamed(pool: pg.Pool, pattern: string): Promise<number> {
  const { rows } = await pool.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name LIKE $1',
    [pattern],
  );
  return rows[0]?.n ?? 0;
}

/** A user's lifecycle with a bug: its action throws on an order it cannot handle. */
const basket = setup({
  types: { context: {} as { orders: number }, events: {} as LifecycleEvent },
}).createMachine({
  id: 'basket',
  context: { orders: 0 },
  initial: 'empty',
  states: {
    empty: { on: { purchase: { target: 'filled' } } },
    filled: {
      on: {
        purchase: {
          actions: assign({
            orders: ({ context, event }) => {
              if ((event as { data: { orderId?: unknown } }).data.orderId === 'bad') {
                throw new TypeError('cannot handle order "bad"');
              }
              return context.orders + 1;
            },
          }),
        },
      },
    },
  },
});
const buggy = createLifecycle({
  definition: defineLifecycle({
    name: 'buggy',
    machines: { basket },
    stages: ['empty', 'filled'],
    stageOf: (state) => (state.machines.basket?.value === 'filled' ? 'filled' : 'empty'),
  }),
});

describe('a lifecycle that throws in the workers', () => {
  it('fails the run with TENURE_MACHINE_FAILED naming the event; voided, a rerun ends with the replay', async () => {
    const { schema, pool, asOf } = await sampleSchema(db, 5);
    const log = await createPostgresLog({ pool, schema, migrate: false });
    const buyer = (
      await pool.query(
        `SELECT customer_id FROM "${schema}".tenure_events WHERE type = 'purchase' LIMIT 1`,
      )
    ).rows[0]?.customer_id as string;
    await log.append([
      {
        id: 'bad-order',
        type: 'purchase',
        customerId: buyer,
        at: asOf - 86_400_000,
        data: { orderId: 'bad', amount: 10, currency: 'USD' },
      },
    ]);
    const run = () =>
      runProjectionWorkers({
        connectionString: db.url,
        schema,
        asOf,
        workers: 2,
        partitions: 4,
        lifecycle: buggy,
      });
    await expect(run()).rejects.toMatchObject({
      code: 'TENURE_MACHINE_FAILED',
      message: expect.stringContaining(`event "bad-order" (purchase at `),
    });
    // The batch holding the buyer was not written: no row for it.
    const rows = await pool.query(
      `SELECT count(*)::int AS n FROM "${schema}".tenure_customer_states WHERE customer_id = $1`,
      [buyer],
    );
    expect(rows.rows[0]?.n).toBe(0);
    await log.append([
      {
        id: 'bad-order-void',
        type: 'event.voided',
        customerId: buyer,
        at: asOf,
        data: { eventId: 'bad-order' },
      },
    ]);
    await run();
    await expectTableEqualsReplay(pool, schema, asOf, { lifecycle: buggy, partitions: 4 });
  });
});
