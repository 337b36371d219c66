import { expect, it } from 'vitest';
import type { EventInput } from '../../src/events/TenureEvent.js';
import { createPostgresLog } from '../../src/log/postgres/index.js';
import { usePostgres } from '../support/usePostgres.js';
import { collect, purchase } from './purchases.js';

const db = usePostgres();

it('a connection killed in the middle of a big append leaves the whole batch or none of it', async () => {
  const schema = db.schema();
  const pool = db.pool({ application_name: 'tenure-victim', max: 1 });
  const log = await createPostgresLog({ pool, schema });
  await log.append([purchase('before', 'c0', 0)]);
  const batch: EventInput[] = Array.from({ length: 20_000 }, (_, i) =>
    purchase(`big-${i}`, `c${i % 500}`, i),
  );
  const admin = db.pool({ max: 1 });
  const appending = log.append(batch).then(
    () => 'committed' as const,
    (error: unknown) => error,
  );
  // Wait until the append's transaction is inside the database, then kill its backend.
  let killed = false;
  while (!killed) {
    const result = await admin.query<{ killed: boolean }>(
      `SELECT pg_terminate_backend(pid) AS killed FROM pg_stat_activity
       WHERE application_name = 'tenure-victim' AND xact_start IS NOT NULL AND query LIKE 'COPY %'`,
    );
    killed = result.rows.some((row) => row.killed);
    if (!killed) await new Promise((resolve) => setTimeout(resolve, 5));
  }
  const outcome = await appending;
  expect(outcome).toBeInstanceOf(Error);
  // The server's "terminated by administrator" (57P01) when the client reads it first; the
  // socket's reset when the client is still writing the COPY data as the server hangs up.
  expect(['57P01', 'ECONNRESET', 'EPIPE']).toContain((outcome as { code?: string }).code);

  // Nothing of the batch is stored, and the log is consistent.
  expect(await log.position()).toBe(1);
  expect((await collect(log.read())).map((event) => event.id)).toEqual(['before']);
  expect(await log.verify()).toEqual({ ok: true, records: 1 });
  // The broken connection was dropped: the same log appends again, and the retry stores it all.
  const retry = await log.append(batch);
  expect(retry.position).toBe(20_001);
  expect(await log.verify()).toEqual({ ok: true, records: 20_001 });
  await log.close();
});
