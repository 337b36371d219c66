import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assign, setup } from 'xstate';
import { lifecyclePresets } from '../../src/cli/commands/lifecycleFlag.js';
import type { EventInput, StoredEvent } from '../../src/events/TenureEvent.js';
import { createMemoryLog } from '../../src/log/createMemoryLog.js';
import type { EventLog } from '../../src/log/EventLog.js';
import { createFileLog } from '../../src/log/file/createFileLog.js';
import {
  defineLifecycle,
  type LifecycleDefinition,
  type LifecycleEvent,
} from '../../src/machines/index.js';
import {
  type CustomerState,
  createLifecycle,
  findCustomer,
  type Lifecycle,
  type LiveProjection,
  type ProjectCustomersOptions,
  stageAt,
} from '../../src/projection/index.js';
import { type CorrectedLog, correctedLogArbitrary } from '../../src/testing/index.js';
import { countsAt, earlier, travelTimes } from './support/countsAt.js';
import { storeEvents } from './support/storeEvents.js';

/**
 * The core promise (a projection is a pure function of the log and `asOf`; every way of
 * computing it agrees) for every preset and a lifecycle of one's own, on logs as they really
 * arrive: in batches, with late, resent and voided events (`correctedLogArbitrary`).
 */

const DAY = 86_400_000;
const json = (value: unknown) => JSON.stringify(value);

/**
 * A lifecycle of one's own with a clock: a buyer lapses 60 days after their last purchase,
 * unless they buy again, so that wake-ups and time travel are exercised outside the presets.
 */
const lapsing = setup({
  types: {
    context: {} as { purchases: number; wakeAt: number | null },
    events: {} as LifecycleEvent,
  },
  guards: {
    due: ({ context, event }) => context.wakeAt !== null && event.at >= context.wakeAt,
  },
  actions: {
    bought: assign({
      purchases: ({ context }) => context.purchases + 1,
      wakeAt: ({ event }) => event.at + 60 * DAY,
    }),
    slept: assign({ wakeAt: null }),
  },
}).createMachine({
  id: 'lapsing',
  context: { purchases: 0, wakeAt: null },
  initial: 'prospect',
  states: {
    prospect: { on: { purchase: { target: 'buyer', actions: 'bought' } } },
    buyer: {
      on: {
        purchase: { target: 'buyer', actions: 'bought', reenter: true },
        clock: { guard: 'due', target: 'lapsed', actions: 'slept' },
      },
    },
    lapsed: { on: { purchase: { target: 'buyer', actions: 'bought' } } },
  },
});

const ownLifecycle = defineLifecycle({
  name: 'lapsing',
  machines: { lapsing },
  stages: ['prospect', 'buyer', 'lapsed'],
  stageOf: (state) => {
    const value = state.machines.lapsing?.value;
    return value === 'buyer' || value === 'lapsed' ? value : 'prospect';
  },
});

/** Every preset (the ones `--lifecycle` names, the default first), and one's own. */
const definitions: readonly LifecycleDefinition[] = [...lifecyclePresets, ownLifecycle];
/**
 * Each of them, and the default lifecycle with other retention inputs: factors whose deadlines
 * fall within a millisecond (a gap times 1.234567), and a rhythm of 10 days until a second purchase.
 */
const lifecycles: readonly Lifecycle[] = [
  ...definitions.map((definition) => createLifecycle({ definition })),
  createLifecycle({
    input: { retention: { expectedGapDays: 10, atRiskFactor: 1.234567, churnFactor: 3.210987 } },
  }),
];

/** A corrected log, with a time before its end to travel to (any day from its start on). */
const correctedArbitrary = fc.tuple(correctedLogArbitrary({ maxCustomers: 5 }), fc.nat());

/**
 * A corrected log whose reviews and surveys carry personal text, with more reviews, profiles and
 * `customer.forgotten` records of some customers put into the batches anywhere (before or after
 * their late events): what a projection fed from a private log sees. Its `batches` hold them
 * all (`countsAt` gives the log they count as: profiles and erasures do not fold).
 */
const withPrivacyArbitrary = correctedLogArbitrary({ maxCustomers: 4 }).chain((corrected) =>
  fc
    .array(
      fc.tuple(
        fc.nat(),
        fc.nat(),
        fc.nat(),
        fc.constantFrom('customer.forgotten', 'customer.profile', 'review'),
      ),
      { maxLength: 6 },
    )
    .map((inserts): CorrectedLog => {
      const batches = corrected.batches.map((batch) => batch.map(withPersonalText));
      const customers = [...new Set(corrected.expected.map((event) => event.customerId))];
      for (const [index, [batchPick, placePick, customerPick, type]] of inserts.entries()) {
        if (batches.length === 0 || customers.length === 0) break;
        const batch = batches[batchPick % batches.length]!;
        const customerId = customers[customerPick % customers.length]!;
        // An hour after an event of the log, so that it is seldom at the time of another.
        const at = corrected.expected[placePick % corrected.expected.length]!.at + 3_600_000;
        const id = `${type}-${index}`;
        const data = {
          'customer.forgotten': {},
          'customer.profile': { name: 'Ada' },
          review: { rating: 4, text: `written in ${id}` },
        }[type];
        const record = { id, type, customerId, at, data } as unknown as (typeof batch)[number];
        batch.splice(placePick % (batch.length + 1), 0, record);
      }
      return { ...corrected, batches };
    }),
);

/** The events of `batches` in an order drawn from `seed`, in batches of the same sizes. */
function reshuffled(batches: readonly StoredEvent[][], seed: number): StoredEvent[][] {
  const events = batches.flat();
  let state = seed;
  for (let index = events.length - 1; index > 0; index--) {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    const other = state % (index + 1);
    [events[index], events[other]] = [events[other]!, events[index]!];
  }
  let start = 0;
  return batches.map((batch) => {
    start += batch.length;
    return events.slice(start - batch.length, start);
  });
}

/** A review's or survey's event with personal text naming it. */
function withPersonalText<TEvent extends EventInput>(event: TEvent): TEvent {
  const field = { review: 'text', 'survey.answered': 'comment' }[event.type];
  if (field === undefined) return event;
  const data = { ...(event.data as object), [field]: `written in ${event.id}` };
  return { ...event, data };
}

/**
 * A time a customer changed stage (a clock falling due, most often) in the projection up to a
 * year past the end, and the instants just before and after it: where an off-by-one in a clock
 * shows. None when no customer has a stage.
 */
function stageChangeTimes(lifecycle: Lifecycle, corrected: CorrectedLog, pick: number): number[] {
  const end = corrected.asOf + 365 * DAY;
  const projection = lifecycle.projectEvents(countsAt(corrected, end), { asOf: end });
  const changes = projection.customers.flatMap((customer) => customer.history.map(({ at }) => at));
  if (changes.length === 0) return [];
  const at = changes[pick % changes.length]!;
  return [at - 1, at, at + 1];
}

/** The events of `events` at the indexes `picks` (modulo its length), none when it is empty. */
function pickFrom(events: readonly StoredEvent[], picks: readonly number[]): StoredEvent[] {
  return events.length === 0 ? [] : picks.map((pick) => events[pick % events.length]!);
}

/** Per batch, a time to move a live projection's clock to after it (`earlier`'s pick), or none. */
const advancesArbitrary = fc.array(fc.option(fc.nat(), { nil: undefined }), { maxLength: 5 });

/** Enough customers (30 to 40) for the purchase and spend models to be fitted on some logs. */
const valuedArbitrary = fc.tuple(
  correctedLogArbitrary({ minCustomers: 30, maxCustomers: 40 }),
  fc.nat(),
);

/** The expected log as a log storing it would: positions and versions in time order. */
const stored = (events: readonly EventInput[]): StoredEvent[] => storeEvents(events);

async function appendAll(log: EventLog, corrected: CorrectedLog): Promise<EventLog> {
  for (const batch of corrected.batches) await log.append(batch);
  return log;
}

async function collect(
  lifecycle: Lifecycle,
  source: EventLog,
  options: ProjectCustomersOptions,
): Promise<CustomerState[]> {
  const customers: CustomerState[] = [];
  for await (const customer of lifecycle.projectCustomers(source, options))
    customers.push(customer);
  return customers.sort((a, b) => (a.customerId < b.customerId ? -1 : 1));
}

/**
 * What a live projection is fed: each batch as a log stores it (resent events skipped), with
 * its positions.
 */
async function storedBatches(corrected: CorrectedLog): Promise<StoredEvent[][]> {
  const log = createMemoryLog();
  const batches: StoredEvent[][] = [];
  for (const batch of corrected.batches) batches.push([...(await log.append(batch)).appended]);
  return batches;
}

let directory = '';
let files = 0;
beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'tenure-lifecycles-properties-'));
});
afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

describe('every preset and a lifecycle of one’s own, on logs delivered late, resent and voided', () => {
  it('project and projectCustomers (1 to 4 passes) of a memory log equal the projection of the log it counts as, now and earlier', async () => {
    await fc.assert(
      fc.asyncProperty(correctedArbitrary, fc.nat(), async ([corrected, pick], passPick) => {
        const log = await appendAll(createMemoryLog(), corrected);
        const passes = 1 + (passPick % 4);
        for (const asOf of travelTimes(corrected, pick)) {
          const expected = countsAt(corrected, asOf);
          for (const lifecycle of lifecycles) {
            const want = lifecycle.projectEvents(expected, { asOf });
            expect(json(await lifecycle.project(log, { asOf }))).toBe(json(want));
            const streamed = await collect(lifecycle, log, { asOf, passes });
            expect(json(streamed)).toBe(json(want.customers));
          }
        }
      }),
      { numRuns: 40 },
    );
  });

  it('values customers (churn and clv) alike to the last bit: project, projectCustomers in 1 to 4 passes, and the log it counts as', async () => {
    await fc.assert(
      fc.asyncProperty(valuedArbitrary, fc.nat(), async ([corrected, pick], passPick) => {
        const log = await appendAll(createMemoryLog(), corrected);
        const passes = 1 + (passPick % 4);
        for (const asOf of travelTimes(corrected, pick)) {
          const options = { asOf, churn: true, clv: true } as const;
          const expected = countsAt(corrected, asOf);
          for (const lifecycle of [lifecycles[0]!, lifecycles.at(-1)!]) {
            const want = lifecycle.projectEvents(expected, options);
            expect(json(await lifecycle.project(log, options))).toBe(json(want));
            const reports: unknown[] = [];
            const onValuation = (report: unknown) => reports.push(report);
            const customers = await collect(lifecycle, log, { ...options, passes, onValuation });
            expect(json(customers)).toBe(json(want.customers));
            expect(json(reports)).toBe(json([want.valuation]));
          }
        }
      }),
      { numRuns: 10 },
    );
  });

  it('a live projection values customers (churn and clv) and answers customer(id) as project does, now and earlier', async () => {
    await fc.assert(
      fc.asyncProperty(valuedArbitrary, async ([corrected, pick]) => {
        const delivered = await storedBatches(corrected);
        for (const lifecycle of [lifecycles[0]!, lifecycles.at(-1)!]) {
          const live = lifecycle.createProjection();
          for (const batch of delivered) live.applyAll(batch);
          for (const asOf of travelTimes(corrected, pick).slice(0, 3)) {
            const options = { asOf, churn: true, clv: true } as const;
            const want = lifecycle.projectEvents(countsAt(corrected, asOf), options);
            expect(json(live.state(options))).toBe(json(want));
            const plain = lifecycle.projectEvents(countsAt(corrected, asOf), { asOf });
            for (const customer of plain.customers) {
              expect(json(live.customer(customer.customerId, { asOf }))).toBe(json(customer));
            }
          }
        }
      }),
      { numRuns: 10 },
    );
  });

  it('project and projectCustomers of a file log, as written and as read again from disk, equal those of the log it counts as', async () => {
    await fc.assert(
      fc.asyncProperty(correctedArbitrary, async ([corrected, pick]) => {
        const path = join(directory, `log-${++files}.jsonl`);
        const log = await createFileLog(path);
        await appendAll(log, corrected);
        // Another reader builds its index from the file alone.
        const reader = await createFileLog(path, { readOnly: true });
        try {
          for (const asOf of travelTimes(corrected, pick)) {
            const expected = countsAt(corrected, asOf);
            for (const lifecycle of lifecycles) {
              const want = lifecycle.projectEvents(expected, { asOf });
              for (const source of [log, reader]) {
                expect(json(await lifecycle.project(source, { asOf }))).toBe(json(want));
                const streamed = await collect(lifecycle, source, { asOf, passes: 2 });
                expect(json(streamed)).toBe(json(want.customers));
              }
            }
          }
        } finally {
          await Promise.all([log.close(), reader.close()]);
        }
      }),
      { numRuns: 12 },
    );
  });

  it('a live projection fed each batch as the log stores it, some events twice, saved and resumed at any batch, answers now and earlier as project does, byte for byte', async () => {
    await fc.assert(
      fc.asyncProperty(
        correctedArbitrary,
        fc.nat(),
        advancesArbitrary,
        fc.boolean(),
        fc.array(fc.nat(), { maxLength: 6 }),
        async ([corrected, pick], cutPick, advances, listen, again) => {
          const delivered = await storedBatches(corrected);
          const cut = cutPick % (delivered.length + 1);
          for (const lifecycle of lifecycles) {
            const times = [
              ...travelTimes(corrected, pick),
              ...stageChangeTimes(lifecycle, corrected, pick),
            ];
            // A daily job may move the clock on between batches (into the log, or up to 400 days past it).
            const feed = (live: LiveProjection, from: number, to: number) => {
              for (let index = from; index < to; index++) {
                live.applyAll(delivered[index]!);
                const advance = advances[index];
                if (advance !== undefined)
                  live.advanceTo(earlier(corrected, advance) + (advance % 2) * 400 * DAY);
              }
            };
            const full = lifecycle.createProjection();
            if (listen) full.onStageChange(() => undefined);
            feed(full, 0, delivered.length);
            const first = lifecycle.createProjection();
            feed(first, 0, cut);
            const resumed = lifecycle.resume(JSON.parse(json(first.snapshot())));
            if (listen) resumed.onStageChange(() => undefined);
            // Delivered at least once: a restarted reader applies again some of what it had.
            expect(resumed.applyAll(pickFrom(delivered.slice(0, cut).flat(), again))).toBe(0);
            feed(resumed, cut, delivered.length);
            expect(full.applyAll(pickFrom(delivered.flat(), again))).toBe(0);
            expect(json(resumed.snapshot())).toBe(json(full.snapshot()));
            for (const asOf of times) {
              const want = json(lifecycle.projectEvents(countsAt(corrected, asOf), { asOf }));
              expect(json(full.state({ asOf }))).toBe(want);
              expect(json(resumed.state({ asOf }))).toBe(want);
            }
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it('a live projection erases what a forgotten customer wrote before their record, in any order of delivery, resumes included, and folds as project does', async () => {
    await fc.assert(
      fc.asyncProperty(
        withPrivacyArbitrary,
        fc.nat(),
        fc.option(fc.nat()),
        async (corrected, cutPick, seed) => {
          const stored = await storedBatches(corrected);
          // In log order, or (with a seed) in any order: an event logged before a customer's
          // forgotten record may then be applied after it, and must be kept erased.
          const delivered = seed === null ? stored : reshuffled(stored, seed);
          const cut = cutPick % (delivered.length + 1);
          // Each forgotten customer's latest record, in log order.
          const forgottenAt = new Map<string, number>();
          for (const event of stored.flat()) {
            if (event.type === 'customer.forgotten')
              forgottenAt.set(event.customerId, event.position);
          }
          const expected = countsAt(corrected, corrected.asOf);
          for (const lifecycle of [lifecycles[0]!, lifecycles.at(-1)!]) {
            const full = lifecycle.createProjection();
            for (const batch of delivered) full.applyAll(batch);
            const first = lifecycle.createProjection();
            for (const batch of delivered.slice(0, cut)) first.applyAll(batch);
            const resumed = lifecycle.resume(JSON.parse(json(first.snapshot())));
            for (const batch of delivered.slice(cut)) resumed.applyAll(batch);
            const snapshot = full.snapshot();
            expect(json(resumed.snapshot())).toBe(json(snapshot));
            expect(snapshot.forgotten ?? {}).toEqual(Object.fromEntries(forgottenAt));
            const { asOf } = corrected;
            expect(json(full.state({ asOf }))).toBe(
              json(lifecycle.projectEvents(expected, { asOf })),
            );
            // Nothing written before a customer's forgotten record is kept in clear.
            for (const customer of snapshot.customers) {
              const record = forgottenAt.get(customer.customerId);
              for (const event of customer.events) {
                const data = event.data as { text?: string; comment?: string };
                const personal = data.text ?? data.comment;
                if (personal === undefined) continue;
                const erased = record !== undefined && event.position < record;
                expect(personal).toBe(erased ? '[erased]' : `written in ${event.id}`);
              }
            }
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it('keeps history monotonic in asOf: the history at an earlier time is a prefix of a later one', () => {
    fc.assert(
      fc.property(correctedArbitrary, fc.nat(), ([corrected, a], b) => {
        const expected = stored(corrected.expected);
        const [early, later] = [earlier(corrected, a), earlier(corrected, b) + 400 * DAY].sort(
          (x, y) => x - y,
        ) as [number, number];
        for (const lifecycle of lifecycles) {
          const before = lifecycle.projectEvents(expected, { asOf: early });
          const after = lifecycle.projectEvents(expected, { asOf: later });
          for (const customer of before.customers) {
            const future = findCustomer(after, customer.customerId)!;
            expect(future.history.slice(0, customer.history.length)).toEqual(customer.history);
            expect(stageAt(future, early)).toBe(customer.stage);
          }
        }
      }),
      { numRuns: 60 },
    );
  });
});
