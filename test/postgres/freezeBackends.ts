import type pg from 'pg';

/**
 * Pauses the server processes of the backends named `application` (SIGSTOP: the test setup's
 * server runs as this user, or as `postgres` when the tests run as root), as a slow server or
 * network would: a session they are asked to close stays in `pg_stat_activity` until `thaw()`.
 * So a test can tell a `stop()` that waits for its connections to close from one that only
 * asks, without timing either. Call `thaw()` in a `finally`.
 */
export async function freezeBackends(pool: pg.Pool, application: string) {
  const { rows } = await pool.query<{ pid: number }>(
    'SELECT pid FROM pg_stat_activity WHERE application_name = $1',
    [application],
  );
  if (rows.length === 0) throw new Error(`freezeBackends: no backend named ${application}`);
  for (const { pid } of rows) process.kill(pid, 'SIGSTOP');
  let frozen = true;
  return {
    thaw() {
      if (!frozen) return;
      frozen = false;
      for (const { pid } of rows) process.kill(pid, 'SIGCONT');
    },
  };
}

/** Whether `promise` has settled by the time a query on `pool` has made a round trip. */
export async function settledAfterRoundTrip(pool: pg.Pool, promise: Promise<unknown>) {
  let settled = false;
  promise.then(
    () => {
      settled = true;
    },
    () => {
      settled = true;
    },
  );
  await pool.query('SELECT 1');
  return settled;
}
