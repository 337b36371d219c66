import pg from 'pg';
import type { TestPostgres } from '../support/usePostgres.js';

/**
 * An administrator's session holding `table` in `mode` (so that the workers' statements on it
 * wait), which can wait for a backend's state and terminate backends.
 */
export async function administrator(db: TestPostgres, schema: string, table: string, mode: string) {
  const admin = new pg.Client({ connectionString: db.url });
  admin.on('error', () => undefined); // the next query reports it
  await admin.connect();
  await admin.query('BEGIN');
  await admin.query(`LOCK TABLE "${schema}".${table} IN ${mode} MODE`);
  return {
    /** Waits until the backend named `application` matches `condition` (SQL on pg_stat_activity). */
    async waitFor(application: string, condition: string) {
      for (let tries = 0; tries < 1_000; tries++) {
        // Inside the lock's transaction the activity is a snapshot taken at its first look.
        await admin.query('SELECT pg_stat_clear_snapshot()');
        const { rows } = await admin.query(
          `SELECT 1 FROM pg_stat_activity WHERE application_name = $1 AND ${condition}`,
          [application],
        );
        if (rows.length > 0) return;
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      const { rows } = await admin.query(
        `SELECT application_name, state, wait_event_type, left(query, 60) AS query
         FROM pg_stat_activity WHERE backend_type = 'client backend'`,
      );
      throw new Error(`no backend ${application} with ${condition}: ${JSON.stringify(rows)}`);
    },
    /** How many backends have a name LIKE `pattern`. */
    async count(pattern: string): Promise<number> {
      await admin.query('SELECT pg_stat_clear_snapshot()');
      const { rows } = await admin.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name LIKE $1',
        [pattern],
      );
      return rows[0]?.n ?? 0;
    },
    async terminate(application: string) {
      await admin.query(
        'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1',
        [application],
      );
    },
    async release() {
      await admin.query('ROLLBACK');
      await admin.end();
    },
  };
}

/**
 * The error of a worker's round whose connection `application` is terminated mid-write: its
 * batch's rows are upserted, then its checkpoint waits for a lock, and the backend is killed
 * there (undefined when the round resolves).
 */
export async function roundKilledMidWrite(
  db: TestPostgres,
  schema: string,
  worker: { runOnce(): Promise<unknown> },
  application: string,
): Promise<unknown> {
  const admin = await administrator(db, schema, 'tenure_projection_checkpoints', 'EXCLUSIVE');
  const round = worker.runOnce().then(
    () => undefined,
    (error: unknown) => error,
  );
  await admin.waitFor(application, `wait_event_type = 'Lock'`);
  await admin.terminate(application);
  await admin.release();
  return round;
}
