import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { StoredEvent } from '../../src/events/TenureEvent.js';
import { defineLifecycle } from '../../src/machines/defineLifecycle.js';
import {
  createLifecycle,
  type LiveProjection,
  type StageChange,
} from '../../src/projection/index.js';
import { type Step, stepsArbitrary } from './support/liveStepsArbitrary.js';
import { event, purchase } from './support/storeEvents.js';
import { DAY, toyLifecycle, toyWakesEarlyLifecycle } from './support/toyLifecycle.js';

const json = (value: unknown) => JSON.stringify(value);

const lifecycles = [
  ['default', createLifecycle()],
  ['toy', createLifecycle({ definition: toyLifecycle })],
  ['toy woken early', createLifecycle({ definition: toyWakesEarlyLifecycle })],
] as const;

interface Outcome {
  readonly counts: number[];
  readonly changes: StageChange[];
  readonly live: LiveProjection;
}

function run(
  lifecycle: (typeof lifecycles)[number][1],
  steps: readonly Step[],
  applyBatch: (live: LiveProjection, batch: readonly StoredEvent[]) => number,
  listen: boolean,
): Outcome {
  const live = lifecycle.createProjection();
  const changes: StageChange[] = [];
  if (listen) live.onStageChange((change) => changes.push(change));
  const counts = steps.map((step) => {
    if ('advanceTo' in step) {
      live.advanceTo(step.advanceTo);
      return -1;
    }
    return applyBatch(live, step.batch);
  });
  return { counts, changes, live };
}

const byEvent = (live: LiveProjection, batch: readonly StoredEvent[]) =>
  batch.filter((event) => live.apply(event)).length;
/** `applyAll` from a one-shot iterator, read once. */
const byBatch = (live: LiveProjection, batch: readonly StoredEvent[]) =>
  live.applyAll(batch.values());

/** Everything a caller can observe, as JSON, at `now`, at each event time and far after. */
function observe(live: LiveProjection, times: readonly number[]): string[] {
  const seen = [
    json(live.snapshot()),
    json(live.state()),
    json([live.now, live.position, live.size]),
  ];
  for (const asOf of times) {
    seen.push(json(live.state({ asOf })));
    for (const customer of live.state({ asOf }).customers) {
      seen.push(json(live.customer(customer.customerId, { asOf })));
    }
  }
  return seen;
}

describe('live applyAll', () => {
  for (const [name, lifecycle] of lifecycles) {
    it(`equals applying each event in turn, batch by batch (${name} lifecycle)`, () => {
      fc.assert(
        fc.property(stepsArbitrary, fc.boolean(), (steps, listen) => {
          const events = steps.flatMap((step) => ('batch' in step ? step.batch : []));
          const times = [...new Set(events.map((event) => event.at))].slice(0, 6);
          const expected = run(lifecycle, steps, byEvent, listen);
          const actual = run(lifecycle, steps, byBatch, listen);
          expect(actual.counts).toEqual(expected.counts);
          expect(json(actual.changes)).toBe(json(expected.changes));
          expect(observe(actual.live, times)).toEqual(observe(expected.live, times));
          // Both wait for the same wake-ups afterwards.
          const later = Math.max(0, ...events.map((event) => event.at)) + 400 * DAY;
          for (const live of [expected.live, actual.live]) {
            live.advanceTo(later - 300 * DAY);
            live.advanceTo(later);
          }
          expect(json(actual.live.snapshot())).toBe(json(expected.live.snapshot()));
        }),
        { numRuns: 80 },
      );
    });
  }

  it('counts a duplicate once, in a batch and across batches', () => {
    const lifecycle = createLifecycle({ definition: toyLifecycle });
    const first = purchase('c1', DAY, 10, 1);
    const second = purchase('c2', 2 * DAY, 10, 2);
    const live = lifecycle.createProjection();
    expect(live.applyAll([first, second, first])).toBe(2);
    expect(live.applyAll([second, purchase('c1', 3 * DAY, 10, 3)])).toBe(1);
    expect([live.position, live.now, live.size]).toEqual([3, 3 * DAY, 2]);
  });

  it('applies the events before a bad one, then throws its error, as apply would', () => {
    const lifecycle = createLifecycle({ definition: toyLifecycle });
    const good = [purchase('c1', DAY, 10, 1), purchase('c2', 2 * DAY, 10, 2)];
    const bad = { ...purchase('c3', 3 * DAY), position: 0 } as StoredEvent;
    const after = purchase('c4', 4 * DAY, 10, 4);
    const batched = lifecycle.createProjection();
    const single = lifecycle.createProjection();
    let read = 0;
    function* source() {
      for (const event of [...good, bad, after]) {
        read++;
        yield event;
      }
    }
    const caught = (call: () => unknown) => {
      try {
        call();
      } catch (error) {
        return error as Error;
      }
      throw new Error('expected a throw');
    };
    const batchError = caught(() => batched.applyAll(source()));
    const singleError = caught(() => {
      for (const event of [...good, bad, after]) single.apply(event);
    });
    // The same message, each naming the call that was made.
    expect(batchError.message).toBe(singleError.message.replace('live.apply:', 'live.applyAll:'));
    expect(batchError.message).toMatch(/^live\.applyAll: event "e\d+" needs a positive integer/);
    expect(batchError).toMatchObject({ code: 'TENURE_INVALID_PROJECTION_INPUT' });
    // The source is not read past the bad event.
    expect(read).toBe(3);
    expect(json(batched.snapshot())).toBe(json(single.snapshot()));
    expect(batched.position).toBe(2);
  });

  it('applies the events read before an iterator fails, then rethrows', () => {
    const lifecycle = createLifecycle({ definition: toyLifecycle });
    const live = lifecycle.createProjection();
    function* failing() {
      yield purchase('c1', DAY, 10, 1);
      throw new Error('disconnected');
    }
    expect(() => live.applyAll(failing())).toThrow('disconnected');
    expect([live.position, live.size]).toEqual([1, 1]);
  });

  it('leaves a customer whose wake-up changed nothing waiting for an event, across batches', () => {
    // c1 is woken on day 29, which changes nothing: apply stops waking c1 (its clockedTo stays
    // at day 40), and a batch holding only a duplicate of c1's event must not wake it either.
    const lifecycle = createLifecycle({ definition: toyWakesEarlyLifecycle });
    const c1 = purchase('c1', 0, 10, 1);
    const steps: Step[] = [
      { batch: [c1, purchase('c2', 40 * DAY, 10, 2)] },
      { batch: [c1, purchase('c2', 50 * DAY, 10, 3)] },
      { batch: [c1, purchase('c2', 60 * DAY, 10, 4)] },
    ];
    const expected = run(lifecycle, steps, byEvent, false).live.snapshot();
    expect(expected.customers[0]).toMatchObject({ customerId: 'c1', clockedTo: 40 * DAY });
    expect(json(run(lifecycle, steps, byBatch, false).live.snapshot())).toBe(json(expected));
  });

  it('applies the events before the one a machine throws on, as apply would, and nothing of that one', () => {
    const failing = createLifecycle({
      definition: defineLifecycle({
        name: 'toy-failing',
        machines: toyLifecycle.machines,
        stages: toyLifecycle.stages,
        stageOf: (state) => toyLifecycle.stageOf(state),
        wakeAt: (state) => {
          const context = state.machines.status?.context as
            | { lastPurchaseAt?: unknown }
            | undefined;
          if (context?.lastPurchaseAt === 13 * DAY) throw new Error('machine failed');
          return toyLifecycle.wakeAt(state);
        },
      }),
    });
    const live = failing.createProjection();
    const before = purchase('c1', DAY, 10, 1);
    const after = purchase('c3', 20 * DAY, 10, 3);
    expect(() => live.applyAll([before, purchase('c2', 13 * DAY, 10, 2), after])).toThrow(
      'machine failed',
    );
    const reference = failing.createProjection();
    reference.apply(before);
    expect([live.size, live.position, live.now]).toEqual([1, 1, DAY]);
    expect(json(live.snapshot())).toBe(json(reference.snapshot()));
    // The projection goes on from there, as if the failing event had never been given.
    expect(live.applyAll([after])).toBe(1);
    expect(live.state().customers.map((customer) => customer.customerId)).toEqual(['c1', 'c3']);
  });

  it('ignores profiles and erasures, as apply does', () => {
    const lifecycle = createLifecycle({ definition: toyLifecycle });
    const live = lifecycle.createProjection();
    const profile = event('c9', 'customer.profile', 5 * DAY, { name: 'Ada' }, 1);
    expect(live.applyAll([profile, purchase('c1', DAY, 10, 2)])).toBe(1);
    expect([live.now, live.position, live.size]).toEqual([DAY, 2, 1]);
  });
});
