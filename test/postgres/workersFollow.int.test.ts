import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type pg from 'pg';
import { describe, expect, it } from 'vitest';
import type { EventLog } from '../../src/log/EventLog.js';
import { createPostgresLog, runProjectionWorkers } from '../../src/log/postgres/index.js';
import { generateSampleBusiness } from '../../src/sample/index.js';
import { usePostgres } from '../support/usePostgres.js';

const db = usePostgres();
const main = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));

/** A log of 100 sample customers, its first 80 % appended; returns the rest too. */
async function sampleSchema() {
  const schema = db.schema();
  const pool = db.pool({ max: 2 });
  const log = await createPostgresLog({ pool, schema });
  const inputs = [...generateSampleBusiness({ seed: 9, customers: 100, order: 'time' })];
  const first = Math.floor(inputs.length * 0.8);
  await log.append(inputs.slice(0, first));
  const asOf = Math.max(...inputs.map((input) => Number(new Date(input.at as never))));
  return { schema, pool, log, asOf, total: inputs.length, rest: inputs.slice(first) };
}

/** Waits until every one of the 4 partitions' checkpoints has reached the log's head. */
async function caughtUp(pool: pg.Pool, schema: string, log: EventLog) {
  const head = await log.position();
  for (let tries = 0; tries < 1_500; tries++) {
    const { rows } = await pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM "${schema}".tenure_projection_checkpoints
       WHERE projection = 'default' AND partitions = 4 AND position >= $1`,
      [head],
    );
    if (rows[0]?.n === 4) return head;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`the table did not reach position ${head}`);
}

describe('following the log', () => {
  it('runProjectionWorkers with follow says, once stopped, what it projected and where the table is', async () => {
    const { schema, pool, log, asOf, total, rest } = await sampleSchema();
    const controller = new AbortController();
    const following = runProjectionWorkers({
      connectionString: db.url,
      schema,
      asOf,
      workers: 2,
      partitions: 4,
      pollIntervalMs: 10,
      follow: true,
      signal: controller.signal,
    });
    try {
      await caughtUp(pool, schema, log);
      await log.append(rest);
      await caughtUp(pool, schema, log);
    } finally {
      controller.abort();
    }
    const result = await following;
    expect(result).toMatchObject({ events: total, position: total });
    expect(result.valued).toBeGreaterThan(0);
  });

  it('tenure project --workers --follow reports the same when stopped with Ctrl-C (SIGINT)', async () => {
    const { schema, pool, log, total, rest } = await sampleSchema();
    const args = ['project', '--workers', '2', '--partitions', '4', '--database', db.url];
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        main,
        ...args,
        '--schema',
        schema,
        '--as-of',
        '2030-01-01',
        '--follow',
        '--json',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    try {
      await caughtUp(pool, schema, log);
      await log.append(rest);
      await caughtUp(pool, schema, log);
    } finally {
      child.kill('SIGINT');
    }
    expect(await exited).toBe(0);
    expect(stderr).toBe('');
    expect(JSON.parse(stdout)).toMatchObject({ events: total, position: total });
  }, 60_000);
});
