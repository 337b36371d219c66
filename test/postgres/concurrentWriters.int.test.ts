import { expect, it } from 'vitest';
import { ConcurrencyError } from '../../src/errors/ConcurrencyError.js';
import type { EventInput, StoredEvent } from '../../src/events/TenureEvent.js';
import type { EventLog } from '../../src/log/EventLog.js';
import { createPostgresLog } from '../../src/log/postgres/index.js';
import { usePostgres } from '../support/usePostgres.js';
import { purchase } from './purchases.js';

const db = usePostgres();

const WRITERS = 8;
const EVENTS_PER_WRITER = 10_000;
const BATCH = 500;
const CUSTOMERS = 64;

/**
 * One writer: batches over customers shared with every other writer. Every tenth batch expects
 * the version it read just before for the batch's first customer, so other writers' commits in
 * between make real conflicts; the writer then re-reads and retries. (Expecting on every batch
 * would make most attempts conflict, since appends are serialised.)
 */
async function write(log: EventLog, writer: number, acknowledged: StoredEvent[]) {
  let conflicts = 0;
  for (let start = 0; start < EVENTS_PER_WRITER; start += BATCH) {
    const batch: EventInput[] = [];
    for (let i = start; i < start + BATCH; i++) {
      batch.push(purchase(`w${writer}-${i}`, `c${(i * 7 + writer) % CUSTOMERS}`, i * 1000));
    }
    const first = batch[0]!.customerId;
    const checked = (start / BATCH) % 10 === 0;
    for (;;) {
      const expected = checked ? await log.version(first) : 'any';
      try {
        const result = await log.append(batch, { expectedVersions: { [first]: expected } });
        acknowledged.push(...result.appended);
        break;
      } catch (error) {
        // Any other error fails the test.
        if (!(error instanceof ConcurrencyError)) throw error;
        expect(error.customerId).toBe(first);
        expect(error.expected).toBe(expected);
        expect(error.actual).toBeGreaterThan(expected as number);
        conflicts++;
      }
    }
  }
  return conflicts;
}

it('8 concurrent writers on shared customers and a catch-up reader: every event once, in order, nothing lost', async () => {
  const schema = db.schema();
  const logs = await Promise.all(
    Array.from({ length: WRITERS + 1 }, () =>
      createPostgresLog({ pool: db.pool({ max: 2 }), schema, readBatchSize: 1_000 }),
    ),
  );
  const reader = logs[WRITERS]!;
  const acknowledged: StoredEvent[] = [];
  let writing = true;
  const seen: StoredEvent[] = [];
  const outOfOrder: string[] = [];
  const catchUp = (async () => {
    let last = 0;
    let passes = 0;
    for (;;) {
      const done = !writing;
      const before = last;
      for await (const event of reader.read({ from: last + 1 })) {
        // A reader continuing from its last position must see the next position, never a
        // later one (the sequence-gap problem) and never one it already had.
        if (event.position !== last + 1) outOfOrder.push(`${event.position} after ${last}`);
        seen.push(event);
        last = event.position;
      }
      passes++;
      if (done) return passes;
      // Caught up: let the writers work before polling again.
      if (last === before) await new Promise((resolve) => setTimeout(resolve, 20));
    }
  })();
  const conflicts = await Promise.all(
    logs.slice(0, WRITERS).map((log, writer) => write(log, writer, acknowledged)),
  ).finally(() => {
    writing = false;
  });
  const passes = await catchUp;

  const total = WRITERS * EVENTS_PER_WRITER;
  expect(outOfOrder).toEqual([]);
  expect(passes).toBeGreaterThan(2);
  expect(conflicts.reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
  expect(acknowledged).toHaveLength(total);
  expect(seen).toHaveLength(total);
  expect(new Set(seen.map((event) => event.id)).size).toBe(total);
  // Every acknowledged event is stored where its append said.
  const where = (event: StoredEvent) => `${event.id}@${event.position}/v${event.version}`;
  const stored = new Set(seen.map(where));
  const lost = acknowledged.filter((event) => !stored.has(where(event)));
  expect(lost).toEqual([]);
  // Per-customer versions run 1, 2, 3, ... in log order.
  const versions = new Map<string, number>();
  const badVersions: string[] = [];
  for (const event of seen) {
    const version = (versions.get(event.customerId) ?? 0) + 1;
    if (event.version !== version) badVersions.push(`${event.id}: ${event.version} != ${version}`);
    versions.set(event.customerId, version);
  }
  expect(badVersions).toEqual([]);
  expect(await reader.position()).toBe(total);
  expect(await reader.verify()).toEqual({ ok: true, records: total });
  await Promise.all(logs.map((log) => log.close()));
});
