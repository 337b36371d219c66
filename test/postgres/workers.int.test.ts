import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import type pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/runCli.js';
import {
  createPostgresLog,
  createProjectionWorker,
  customerPartition,
  runProjectionWorkers,
} from '../../src/log/postgres/index.js';
import { fiveStageLifecycle, threePartLifecycle } from '../../src/machines/index.js';
import { generateSampleBusiness } from '../../src/sample/index.js';
import { usePostgres } from '../support/usePostgres.js';
import { expectTableEqualsReplay } from './expectTableEqualsReplay.js';

const db = usePostgres();
const children: ChildProcess[] = [];
afterAll(() => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
});

/** A log of the sample business in `schema`; returns its stored events and their last time. */
async function sampleLog(pool: pg.Pool, schema: string, customers: number, append = true) {
  const log = await createPostgresLog({ pool, schema });
  const inputs = [...generateSampleBusiness({ seed: 7, customers, order: 'time' })];
  if (append)
    for (let i = 0; i < inputs.length; i += 2_000) await log.append(inputs.slice(i, i + 2_000));
  return { log, inputs };
}

describe('customer partitions', () => {
  it('are computed the same in JavaScript and in SQL', async () => {
    const schema = db.schema();
    const pool = db.pool({ max: 1 });
    await createPostgresLog({ pool, schema });
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 12 }), { maxLength: 50 }),
        fc.integer({ min: 1, max: 64 }),
        async (ids, partitions) => {
          const { rows } = await pool.query<{ p: number }>(
            `SELECT (('x' || substr(md5(id), 1, 8))::bit(32)::integer & 2147483647) % $2 AS p
             FROM unnest($1::text[]) WITH ORDINALITY AS u(id, n) ORDER BY n`,
            [ids, partitions],
          );
          expect(rows.map((row) => row.p)).toEqual(
            ids.map((id) => customerPartition(id, partitions)),
          );
        },
      ),
      { numRuns: 30 },
    );
  });
});

describe('leases', () => {
  it('are shared fairly between live workers and taken over when one stops', async () => {
    const schema = db.schema();
    const pool = db.pool({ max: 4 });
    const { inputs } = await sampleLog(pool, schema, 40);
    const asOf = Math.max(...inputs.map((input) => Number(new Date(input.at as never))));
    const options = { pool, schema, asOf, partitions: 8, batchSize: 50 } as const;
    const a = await createProjectionWorker({ ...options, workerId: 'a' });
    expect((await a.runOnce()).partitions).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    const b = await createProjectionWorker({ ...options, workerId: 'b' });
    // b finds every partition leased; a gives half back on its next round; b takes them.
    expect((await b.runOnce()).partitions).toEqual([]);
    expect((await a.runOnce()).partitions).toHaveLength(4);
    const bHolds = (await b.runOnce()).partitions;
    expect(bHolds).toHaveLength(4);
    expect([...a.partitions(), ...bHolds].sort()).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    await a.stop();
    let round = await b.runOnce();
    expect(round.partitions).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    while (!round.caughtUp) round = await b.runOnce();
    await b.stop();
    await expectTableEqualsReplay(pool, schema, asOf);
  });

  it('runProjectionWorkers catches up with several workers in one process, buyers and subscribers valued', async () => {
    const schema = db.schema();
    const pool = db.pool({ max: 2 });
    // 400 sample customers: enough subscriptions for the sBG fit.
    const { inputs } = await sampleLog(pool, schema, 400);
    const asOf = Math.max(...inputs.map((input) => Number(new Date(input.at as never))));
    const result = await runProjectionWorkers({
      connectionString: db.url,
      schema,
      asOf,
      workers: 3,
      partitions: 8,
      batchSize: 100,
    });
    expect(result.events).toBe(inputs.length);
    expect(result.position).toBe(inputs.length);
    await expectTableEqualsReplay(pool, schema, asOf, { valued: true });
    const models = await pool.query(
      `SELECT valuation_model, count(*)::int AS n FROM "${schema}".tenure_customer_states
       GROUP BY 1 ORDER BY 1`,
    );
    expect(models.rows).toEqual([
      { valuation_model: 'bg/nbd', n: expect.any(Number) },
      { valuation_model: 'sbg', n: expect.any(Number) },
      { valuation_model: null, n: expect.any(Number) },
    ]);
  });
});

describe('runProjectionWorkers on a log that leaves partitions empty', () => {
  it('returns once every partition is at the head, also after the log grew in one partition', async () => {
    const schema = db.schema();
    const pool = db.pool({ max: 2 });
    const log = await createPostgresLog({ pool, schema });
    const order = (id: string, day: string) => ({
      id,
      type: 'purchase',
      customerId: 'c1',
      at: `${day}T10:00:00Z`,
      data: { orderId: id, amount: 20, currency: 'EUR' },
    });
    await log.append([order('o1', '2024-05-01')]);
    const asOf = Date.parse('2024-12-31T23:59:59.999Z');
    const run = () =>
      runProjectionWorkers({ connectionString: db.url, schema, asOf, workers: 2, partitions: 16 });
    // One customer, so 15 of 16 partitions never hold an event: the run waited for their
    // checkpoints forever, polling every 20 ms.
    expect(await run()).toMatchObject({ events: 1, position: 1 });
    await log.append([order('o2', '2024-06-01')]);
    expect(await run()).toMatchObject({ events: 1, position: 2 });
    const checkpoints = await pool.query(
      `SELECT count(*)::int AS n FROM "${schema}".tenure_projection_checkpoints
       WHERE projection = 'default' AND partitions = 16 AND position = 2`,
    );
    expect(checkpoints.rows[0]?.n).toBe(16);
    await expectTableEqualsReplay(pool, schema, asOf, { partitions: 16 });
  }, 30_000);
});

describe('incremental projection', () => {
  /** A log of 200 sample customers and a worker whose table has caught up with it. */
  async function caughtUpWorker() {
    const schema = db.schema();
    const pool = db.pool({ max: 2 });
    const { log, inputs } = await sampleLog(pool, schema, 200);
    const asOf = Math.max(...inputs.map((input) => Number(new Date(input.at as never))));
    const worker = await createProjectionWorker({ pool, schema, asOf, partitions: 8 });
    expect((await worker.runOnce()).caughtUp).toBe(true);
    return { schema, pool, log, inputs, asOf, worker };
  }

  it('re-folds a customer whose late event arrives after the table caught up, and refits the models', async () => {
    const { schema, pool, log, inputs, asOf, worker } = await caughtUpWorker();
    const customer = inputs[0]?.customerId ?? '';
    const before = await pool.query(
      `SELECT facts FROM "${schema}".tenure_customer_states WHERE customer_id = $1`,
      [customer],
    );
    // A purchase dated before everything this customer did, appended last.
    await log.append([
      {
        id: 'late-1',
        type: 'purchase',
        customerId: customer,
        at: Number(new Date(inputs[0]?.at as never)) - 86_400_000,
        data: { orderId: 'late-order', amount: 123, currency: 'USD' },
      },
    ]);
    const round = await worker.runOnce();
    // The purchase is before asOf: the population is fitted again and every customer revalued.
    expect(round).toMatchObject({ events: 1, customers: 1, caughtUp: true });
    expect(round.valued).toBeGreaterThan(150);
    await worker.stop();
    const fit = await pool.query(
      `SELECT position FROM "${schema}".tenure_population_models WHERE projection = 'default'`,
    );
    expect(Number(fit.rows[0].position)).toBe(await log.position());
    const after = await pool.query(
      `SELECT facts, updated_at_position FROM "${schema}".tenure_customer_states
       WHERE customer_id = $1`,
      [customer],
    );
    expect(after.rows[0].facts.purchases).toBe(before.rows[0].facts.purchases + 1);
    expect(Number(after.rows[0].updated_at_position)).toBe(await log.position());
    await expectTableEqualsReplay(pool, schema, asOf, { valued: true });
  });

  it('values a customer written at the head with the current models, without refitting', async () => {
    const { schema, pool, log, inputs, asOf, worker } = await caughtUpWorker();
    const fitted = `SELECT position FROM "${schema}".tenure_population_models`;
    const before = Number((await pool.query(fitted)).rows[0].position);
    // A buyer logs in before asOf: no valuation event, so the models still describe the log.
    const buyer = inputs.find((input) => input.type === 'purchase')?.customerId ?? '';
    await log.append([
      { id: 'login-late', type: 'usage.login', customerId: buyer, at: asOf - 86_400_000, data: {} },
    ]);
    const round = await worker.runOnce();
    await worker.stop();
    expect(round).toMatchObject({ events: 1, customers: 1, valued: 1, caughtUp: true });
    expect(Number((await pool.query(fitted)).rows[0].position)).toBe(before);
    await expectTableEqualsReplay(pool, schema, asOf, { valued: true });
  });

  it('deletes the row of a customer folded to nothing, and writes none for one seen after asOf', async () => {
    const { schema, pool, log, asOf, worker } = await caughtUpWorker();
    const day = 86_400_000;
    await log.append([
      { id: 'gone-1', type: 'usage.login', customerId: 'gone', at: asOf - day, data: {} },
    ]);
    expect(await worker.runOnce()).toMatchObject({ events: 1, customers: 1, caughtUp: true });
    const rowOf = (customer: string) =>
      pool.query(`SELECT 1 FROM "${schema}".tenure_customer_states WHERE customer_id = $1`, [
        customer,
      ]);
    expect((await rowOf('gone')).rows).toHaveLength(1);
    // Its only event voided, and another customer's only event after asOf: no state for either.
    await log.append([
      {
        id: 'gone-2',
        type: 'event.voided',
        customerId: 'gone',
        at: asOf - day,
        data: { eventId: 'gone-1' },
      },
      { id: 'later-1', type: 'usage.login', customerId: 'later', at: asOf + day, data: {} },
    ]);
    expect(await worker.runOnce()).toMatchObject({ events: 2, customers: 2, caughtUp: true });
    await worker.stop();
    expect((await rowOf('gone')).rows).toHaveLength(0);
    expect((await rowOf('later')).rows).toHaveLength(0);
    await expectTableEqualsReplay(pool, schema, asOf, { valued: true });
  });

  it('folds each customer once while catching up in small batches, not once per batch', async () => {
    const schema = db.schema();
    const pool = db.pool({ max: 2 });
    // Time order interleaves the customers: every batch of 5 events meets several of them.
    const { inputs } = await sampleLog(pool, schema, 60);
    const asOf = Math.max(...inputs.map((input) => Number(new Date(input.at as never))));
    const worker = await createProjectionWorker({
      pool,
      schema,
      asOf,
      partitions: 8,
      batchSize: 5,
    });
    let events = 0;
    let written = 0;
    for (let round = 0; round < 1_000; round++) {
      const done = await worker.runOnce();
      events += done.events;
      written += done.customers;
      if (done.caughtUp) break;
    }
    await worker.stop();
    expect(events).toBe(inputs.length);
    expect(written).toBe(new Set(inputs.map((input) => input.customerId)).size);
    await expectTableEqualsReplay(pool, schema, asOf);
  });

  it('refuses a worker of a projection with another asOf, lifecycle or churn/clv than its first', async () => {
    const schema = db.schema();
    // Each worker holds a client of the pool while it runs; the refused ones give theirs back.
    const pool = db.pool({ max: 6 });
    const { inputs } = await sampleLog(pool, schema, 5);
    const asOf = Math.max(...inputs.map((input) => Number(new Date(input.at as never))));
    const base = { pool, schema, asOf, partitions: 4, churn: false, clv: false } as const;
    const first = await createProjectionWorker(base);
    const same = await createProjectionWorker(base);
    const refusals = [
      { ...base, asOf: asOf + 86_400_000 },
      { ...base, lifecycle: { definition: threePartLifecycle } },
      { ...base, churn: true },
    ];
    for (const options of refusals) {
      await expect(createProjectionWorker(options)).rejects.toMatchObject({
        code: 'TENURE_INVALID_OPTION',
        message:
          /^createProjectionWorker: projection "default" \(4 partitions\) is projected with (asOf|lifecycle|churn\/clv) .*\(this worker: .*or use another projection name/,
      });
    }
    // Another projection name is another projection.
    const other = await createProjectionWorker({ ...refusals[0]!, projection: 'tomorrow' });
    await Promise.all([first.stop(), same.stop(), other.stop()]);
  });

  it('refuses a worker of a projection with another partition count: both would write the same customer rows', async () => {
    const schema = db.schema();
    const pool = db.pool({ max: 6 });
    const { inputs } = await sampleLog(pool, schema, 5);
    const asOf = Math.max(...inputs.map((input) => Number(new Date(input.at as never))));
    const base = { pool, schema, asOf, churn: false, clv: false } as const;
    // Started at once, as two deploys might: one of them registers the projection.
    const started = await Promise.allSettled([
      createProjectionWorker({ ...base, partitions: 4 }),
      createProjectionWorker({ ...base, partitions: 8, asOf: asOf + 86_400_000 }),
    ]);
    const running = started.flatMap((result) =>
      result.status === 'fulfilled' ? [result.value] : [],
    );
    expect(running).toHaveLength(1);
    const refusal = started.find((result) => result.status === 'rejected')?.reason;
    expect(refusal).toMatchObject({
      code: 'TENURE_INVALID_OPTION',
      message:
        /^createProjectionWorker: projection "default" is projected with (4|8) partitions \(this worker: (4|8)\).*or use another projection name/,
    });
    await running[0]!.stop();
  });

  it('refuses a worker without asOf, naming the option', async () => {
    await expect(
      createProjectionWorker({ connectionString: db.url } as never),
    ).rejects.toMatchObject({ code: 'TENURE_INVALID_OPTION', message: /asOf is required/ });
  });
});

describe('worker processes', () => {
  const child = fileURLToPath(new URL('./fixtures/projectionWorkerChild.ts', import.meta.url));

  function startWorker(url: string, schema: string, asOf: number, id: string) {
    const process_ = spawn(
      process.execPath,
      ['--import', 'tsx', child, url, schema, String(asOf), id],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    children.push(process_);
    let output = '';
    const waiters: Array<() => void> = [];
    process_.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      for (const waiter of waiters.splice(0)) waiter();
    });
    const until = (pattern: RegExp) =>
      new Promise<void>((resolve) => {
        const check = () => (pattern.test(output) ? resolve() : waiters.push(check));
        check();
      });
    const exited = new Promise<void>((resolve) => process_.once('exit', () => resolve()));
    return { process: process_, until, exited, output: () => output };
  }

  it('share the partitions, survive a SIGKILL and end with the single-process projection', async () => {
    const schema = db.schema();
    const pool = db.pool({ max: 2 });
    const { log, inputs } = await sampleLog(pool, schema, 200, false);
    const half = Math.floor(inputs.length / 2);
    for (let i = 0; i < half; i += 2_000)
      await log.append(inputs.slice(i, Math.min(i + 2_000, half)));
    const asOf = Math.max(...inputs.map((input) => Number(new Date(input.at as never))));
    // The victim starts alone and is killed once it has committed a batch, holding leases with
    // work left; the two others have joined by then and must take its partitions over.
    const victim = startWorker(db.url, schema, asOf, 'p1');
    await victim.until(/round /);
    const survivors = ['p2', 'p3'].map((id) => startWorker(db.url, schema, asOf, id));
    await Promise.all(survivors.map((worker) => worker.until(/ready/)));
    victim.process.kill('SIGKILL');
    const workers = [victim, ...survivors];
    // The rest of the log arrives while the survivors work: they follow it incrementally.
    for (let i = half; i < inputs.length; i += 2_000) {
      await log.append(inputs.slice(i, Math.min(i + 2_000, inputs.length)));
    }
    const head = await log.position();
    // Done: every partition has projected the whole log and valued its customers with models
    // fitted on it (the victim fitted them on the first half).
    for (;;) {
      const { rows } = await pool.query<{ n: string }>(
        `SELECT count(*) AS n FROM "${schema}".tenure_projection_checkpoints
         WHERE projection = 'default' AND partitions = 8 AND position >= $1
           AND valued_position >= $1`,
        [head],
      );
      if (Number(rows[0]?.n) === 8) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    for (const worker of workers.slice(1)) worker.process.kill('SIGTERM');
    await Promise.all(workers.map((worker) => worker.exited));
    expect(workers[0]?.process.signalCode).toBe('SIGKILL');
    // Both survivors did work.
    expect(workers[1]?.output()).toMatch(/round /);
    expect(workers[2]?.output()).toMatch(/round /);
    const { customers } = await expectTableEqualsReplay(pool, schema, asOf, { valued: true });
    expect(customers).toBeGreaterThan(150);
  }, 60_000);
});

describe('tenure project --workers', () => {
  it('runs the workers from the command line and fills the table like a replay', async () => {
    const pool = db.pool();
    const schema = db.schema();
    const { inputs } = await sampleLog(pool, schema, 200);
    const asOf = Date.parse('2025-01-01T00:00:00Z');
    let stdout = '';
    const io = {
      stdout: { write: (text: string) => (stdout += text) },
      stderr: { write: () => true },
    };
    const args = [
      'project',
      '--workers',
      '2',
      '--partitions',
      '8',
      '--database',
      db.url,
      '--schema',
      schema,
    ];
    const code = await runCli([...args, '--as-of', '2025-01-01T00:00:00Z', '--json'], io);
    expect(code).toBe(0);
    const output = JSON.parse(stdout);
    expect(output).toMatchObject({
      events: inputs.length,
      table: `${schema}.tenure_customer_states`,
    });
    expect(output.valued).toBeGreaterThan(0);
    await expectTableEqualsReplay(pool, schema, asOf, { valued: true });
  });

  it('projects a preset under its own --projection name, beside the default one', async () => {
    const pool = db.pool();
    const schema = db.schema();
    await sampleLog(pool, schema, 200);
    const asOf = Date.parse('2025-01-01T00:00:00Z');
    const io = { stdout: { write: () => true }, stderr: { write: () => true } };
    const base = ['project', '--workers', '1', '--partitions', '8', '--database', db.url];
    const args = [...base, '--schema', schema, '--as-of', '2025-01-01T00:00:00Z'];
    expect(await runCli(args, io)).toBe(0);
    const preset = ['--lifecycle', 'five-stages', '--projection', 'five'];
    expect(await runCli([...args, ...preset], io)).toBe(0);
    await expectTableEqualsReplay(pool, schema, asOf, { valued: true });
    await expectTableEqualsReplay(pool, schema, asOf, {
      valued: true,
      projection: 'five',
      definition: fiveStageLifecycle,
    });
    // The default projection's name refuses the preset: its rows are the default lifecycle's.
    const stderr: string[] = [];
    const refused = await runCli(['project', ...args.slice(1), '--lifecycle', 'five-stages'], {
      stdout: { write: () => true },
      stderr: { write: (text: string) => stderr.push(text) > 0 },
    });
    expect(refused).toBe(2);
    expect(stderr.join('')).toMatch(
      /^tenure project: projection "default" \(8 partitions\) is projected with lifecycle default@2\(.*\(this worker: five-stages@2\(/,
    );
  });
});
