import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { EventInput } from '../../src/events/TenureEvent.js';
import {
  createPostgresLog,
  createProjectionWorker,
  type ProjectionWorker,
  runProjectionWorkers,
} from '../../src/log/postgres/index.js';
import { generateSampleBusiness } from '../../src/sample/index.js';
import { type JourneyEvent, lifecycleLogArbitrary } from '../../src/testing/index.js';
import { usePostgres } from '../support/usePostgres.js';
import { expectTableEqualsReplay } from './expectTableEqualsReplay.js';

const db = usePostgres();
const DAY = 86_400_000;

/** What a worker or the log does next: append events, run a round, or both at once. */
type Step =
  | { readonly kind: 'append'; readonly events: number }
  | { readonly kind: 'run'; readonly worker: number }
  | { readonly kind: 'append while running'; readonly events: number; readonly worker: number };

const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ kind: fc.constant('append' as const), events: fc.integer({ min: 1, max: 12 }) }),
  fc.record({ kind: fc.constant('run' as const), worker: fc.nat() }),
  fc.record({
    kind: fc.constant('append while running' as const),
    events: fc.integer({ min: 1, max: 12 }),
    worker: fc.nat(),
  }),
);

/**
 * A log appended out of time order (late events), with voids of some of its events (appended
 * before or after the event they void, dated after it), an asOf somewhere among the events,
 * and a schedule interleaving appends with the rounds of 1 to 4 workers.
 */
const scenario = lifecycleLogArbitrary({ minCustomers: 1, maxCustomers: 10 })
  .filter((events) => events.length > 0)
  .chain((events) =>
    fc.record({
      events: fc.constant(events),
      order: fc.shuffledSubarray(
        events.map((_, i) => i),
        { minLength: events.length, maxLength: events.length },
      ),
      voids: fc.uniqueArray(
        fc.record({
          target: fc.nat({ max: events.length - 1 }),
          days: fc.integer({ min: 0, max: 40 }),
          at: fc.nat(),
        }),
        { maxLength: 3, selector: (v) => v.target },
      ),
      // Every event of one customer voided: its row, once written, must go.
      voidCustomer: fc.option(fc.nat(), { nil: undefined }),
      asOf: fc.nat({ max: events.length - 1 }),
      workers: fc.integer({ min: 1, max: 4 }),
      partitions: fc.integer({ min: 1, max: 6 }),
      batchSize: fc.integer({ min: 1, max: 8 }),
      steps: fc.array(step, { maxLength: 16 }),
    }),
  );

type Scenario = typeof scenario extends fc.Arbitrary<infer T> ? T : never;

/** The events in append order: the journeys shuffled, voids slotted in. */
function appendOrder({ events, order, voids, voidCustomer }: Scenario): EventInput[] {
  const appended: EventInput[] = order.map((i) => events[i] as JourneyEvent);
  const customer =
    voidCustomer === undefined ? undefined : events[voidCustomer % events.length]?.customerId;
  const targets = [...voids];
  events.forEach((event, target) => {
    if (event.customerId === customer && !voids.some((entry) => entry.target === target)) {
      targets.push({ target, days: 1, at: appended.length + target });
    }
  });
  targets.forEach((entry, n) => {
    const target = events[entry.target] as JourneyEvent;
    const void_: EventInput = {
      id: `void-${n}`,
      type: 'event.voided',
      customerId: target.customerId,
      at: target.at + entry.days * DAY,
      data: { eventId: target.id },
    };
    appended.splice(entry.at % (appended.length + 1), 0, void_);
  });
  return appended;
}

/** Runs rounds of every worker until a sweep finds nothing left to project or value. */
async function settle(workers: readonly ProjectionWorker[], partitions: number): Promise<void> {
  for (let sweep = 0; sweep < 200; sweep++) {
    const rounds = [];
    for (const worker of workers) rounds.push(await worker.runOnce());
    const held = new Set(rounds.flatMap((round) => round.partitions));
    const idle = rounds.every(
      (round) => round.caughtUp && round.events === 0 && round.customers === 0,
    );
    if (idle && held.size === partitions) return;
  }
  throw new Error('the workers did not settle in 200 sweeps');
}

describe('projection workers, any number of them', () => {
  it('fill the table with what project(log, { asOf, churn, clv }) gives, customer by customer, whatever the late events, voids and appends during rounds', async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async (run) => {
        const schema = db.schema();
        const pool = db.pool({ max: run.workers + 3 });
        const log = await createPostgresLog({ pool, schema });
        const pending = appendOrder(run);
        const times = run.events.map((event) => event.at).sort((a, b) => a - b);
        const asOf = times[run.asOf] as number;
        const options = {
          pool,
          schema,
          asOf,
          partitions: run.partitions,
          batchSize: run.batchSize,
        };
        const workers: ProjectionWorker[] = [];
        try {
          for (let i = 0; i < run.workers; i++) {
            workers.push(await createProjectionWorker({ ...options, workerId: `w${i}` }));
          }
          const take = (count: number) => pending.splice(0, count);
          for (const next of run.steps) {
            const worker = workers[('worker' in next ? next.worker : 0) % workers.length];
            if (next.kind === 'append') {
              const events = take(next.events);
              if (events.length > 0) await log.append(events);
            } else if (next.kind === 'run') await worker?.runOnce();
            else {
              const events = take(next.events);
              await Promise.all([
                events.length > 0 ? log.append(events) : undefined,
                worker?.runOnce(),
              ]);
            }
          }
          if (pending.length > 0) await log.append(pending);
          await settle(workers, run.partitions);
        } finally {
          await Promise.all(workers.map((worker) => worker.stop()));
        }
        await expectTableEqualsReplay(pool, schema, asOf, { partitions: run.partitions });
        await pool.query(`DROP SCHEMA "${schema}" CASCADE`);
      }),
      // A failure found, shrinking (a database round trip per try) stops after 90 s.
      { numRuns: 25, interruptAfterTimeLimit: 90_000 },
    );
  }, 150_000);

  // Before the run, the batches value what they fold (valueStreams); during it, a refit values
  // every partition again from the database (valuePartition).
  for (const [workers, arrive] of [
    [1, 'before'],
    [2, 'before'],
    [4, 'before'],
    [1, 'during'],
    [2, 'during'],
    [4, 'during'],
  ] as const) {
    it(`${workers} value every customer as project does, late purchases, voids and new customers appended ${arrive} the run`, async () => {
      const schema = db.schema();
      const pool = db.pool({ max: 3 });
      const log = await createPostgresLog({ pool, schema });
      const inputs = [...generateSampleBusiness({ seed: 13, customers: 300, order: 'time' })];
      const times = inputs.map((input) => Number(new Date(input.at as never)));
      const asOf = Math.max(...times);
      const first = Math.floor(inputs.length * 0.7);
      await log.append(inputs.slice(0, first));
      // The corrections name events of this first part.
      const stored = inputs.slice(0, first);
      const purchases = stored.filter((input) => input.type === 'purchase');
      const gone = stored[0]?.customerId as string;
      // Late purchases (dated before the customer's first event), voided purchases, a customer
      // voided whole, and the rest of the log (new customers among it).
      const corrections: EventInput[] = [
        ...purchases.slice(0, 6).map((input, i) => ({
          id: `late-${i}`,
          type: 'purchase',
          customerId: input.customerId,
          at: (times[0] as number) - (i + 1) * DAY,
          data: { orderId: `late-${i}`, amount: 40 + i, currency: 'USD' },
        })),
        ...purchases.slice(10, 16).map((input, i) => ({
          id: `void-${i}`,
          type: 'event.voided',
          customerId: input.customerId,
          at: asOf - DAY,
          data: { eventId: input.id as string },
        })),
        ...stored
          .filter((input) => input.customerId === gone)
          .map((input, i) => ({
            id: `void-gone-${i}`,
            type: 'event.voided',
            customerId: gone,
            at: asOf,
            data: { eventId: input.id as string },
          })),
      ];
      const rest = [...inputs.slice(first), ...corrections];
      if (arrive === 'before') {
        await log.append(rest);
        await runProjectionWorkers({
          connectionString: db.url,
          schema,
          asOf,
          workers,
          partitions: 8,
          batchSize: 200,
        });
        const { valued } = await expectTableEqualsReplay(pool, schema, asOf, { valued: true });
        expect(valued).toBeGreaterThan(100);
        return;
      }
      const controller = new AbortController();
      const following = runProjectionWorkers({
        connectionString: db.url,
        schema,
        asOf,
        workers,
        partitions: 8,
        batchSize: 200,
        pollIntervalMs: 10,
        follow: true,
        signal: controller.signal,
      });
      try {
        for (let i = 0; i < rest.length; i += 500) await log.append(rest.slice(i, i + 500));
        // Done: every partition at the head, valued with models fitted on the whole log.
        const head = await log.position();
        for (;;) {
          const { rows } = await pool.query<{ n: number }>(
            `SELECT count(*)::int AS n FROM "${schema}".tenure_projection_checkpoints
             WHERE projection = 'default' AND position >= $1 AND valued_position >= $1`,
            [head],
          );
          if (rows[0]?.n === 8) break;
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
      } finally {
        controller.abort();
        await following;
      }
      const { customers, valued } = await expectTableEqualsReplay(pool, schema, asOf, {
        valued: true,
      });
      expect(customers).toBeGreaterThan(250);
      expect(valued).toBeGreaterThan(100);
    }, 60_000);
  }
});
