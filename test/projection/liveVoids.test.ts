import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { VOIDED_EVENT_TYPE } from '../../src/events/dropVoided.js';
import type { StoredEvent } from '../../src/events/TenureEvent.js';
import { createLifecycle, findCustomer, type StageChange } from '../../src/projection/index.js';
import { storedCorrectedLogArbitrary } from './support/storedCorrectedLogArbitrary.js';
import { event, purchase } from './support/storeEvents.js';
import { DAY, toyLifecycle } from './support/toyLifecycle.js';

const lifecycle = createLifecycle({ definition: toyLifecycle });
const json = (value: unknown) => JSON.stringify(value);

describe('live projection with voids', () => {
  it('does not apply a void to a time before it, as a projection run then would not', () => {
    // The day-20 purchase is voided on day 95: on day 60 nobody knew yet, so it still counts.
    const bought = purchase('c1', 20 * DAY, 10, 3);
    const events = [
      purchase('c1', 0, 10, 1),
      purchase('c1', 10 * DAY, 10, 2),
      bought,
      event('c1', 'event.voided', 95 * DAY, { eventId: bought.id }, 4),
    ];
    const live = lifecycle.createProjection();
    live.applyAll(events);
    for (const asOf of [25 * DAY, 60 * DAY, 94 * DAY, 95 * DAY, 200 * DAY]) {
      const expected = lifecycle.projectEvents(events, { asOf });
      expect(json(live.state({ asOf }))).toBe(json(expected));
      expect(json(live.customer('c1', { asOf }))).toBe(json(findCustomer(expected, 'c1')));
    }
    expect(live.customer('c1', { asOf: 60 * DAY })?.facts.purchases).toBe(3);
  });

  it('leaves out a customer whose every event is voided, as a batch projection does, and says so', () => {
    const bought = purchase('c1', DAY, 10, 1);
    const events = [bought, purchase('c2', 2 * DAY, 10, 2)];
    const voided = [...events, event('c1', 'event.voided', 5 * DAY, { eventId: bought.id }, 3)];
    const live = lifecycle.createProjection();
    const changes: StageChange[] = [];
    live.onStageChange((change) => changes.push(change));
    live.applyAll(voided);
    for (const asOf of [3 * DAY, 5 * DAY, 50 * DAY]) {
      expect(json(live.state({ asOf }))).toBe(json(lifecycle.projectEvents(voided, { asOf })));
    }
    expect(json(live.state())).toBe(json(lifecycle.projectEvents(voided)));
    expect(live.customer('c1')).toBeUndefined();
    expect(live.customer('c1', { asOf: 3 * DAY })?.stage).toBe('active');
    // No change into the lifecycle's initial stage: c1 leaves (`to` undefined) at the void's
    // time, from which on the projection no longer lists them.
    expect(changes.filter((change) => change.customerId === 'c1')).toEqual([
      { customerId: 'c1', from: undefined, to: 'active', at: DAY, cause: 'event' },
      {
        customerId: 'c1',
        from: 'active',
        to: undefined,
        at: 5 * DAY,
        cause: 'late-event',
        history: [],
      },
    ]);
  });

  it("reports a customer's first counted event as a first stage, after a void that came first", () => {
    // A queue delivers the void of o1 first, then o1 (voided), then an earlier purchase.
    const live = lifecycle.createProjection();
    const changes: StageChange[] = [];
    live.onStageChange((change) => changes.push(change));
    const bought = purchase('c1', 10 * DAY, 10, 2);
    const events = [
      event('c1', 'event.voided', 12 * DAY, { eventId: bought.id }, 3),
      bought,
      purchase('c1', 4 * DAY, 10, 1),
    ];
    for (const each of events) live.apply(each);
    expect(json(live.state())).toBe(json(lifecycle.projectEvents(events)));
    expect(changes).toEqual([
      {
        customerId: 'c1',
        from: undefined,
        to: 'active',
        at: 4 * DAY,
        cause: 'late-event',
        history: [{ stage: 'active', at: 4 * DAY }],
      },
    ]);
  });

  it('does not count an event whose void, dated before it, was applied first', () => {
    // The void of o2 carries an earlier time than o2 (the correction's booking date, another
    // system's clock) and reaches the projection first: o2 must not count, as in project.
    const bought = purchase('c1', 10 * DAY, 10, 3);
    const events = [
      purchase('c1', 0, 10, 1),
      event('c1', 'event.voided', 5 * DAY, { eventId: bought.id }, 2),
      bought,
      purchase('c1', 20 * DAY, 10, 4),
    ];
    const expected = (asOf: number) => json(lifecycle.projectEvents(events, { asOf }));
    const one = lifecycle.createProjection();
    const heard: StageChange[] = [];
    one.onStageChange((change) => heard.push(change));
    for (const each of events) one.apply(each);
    const batch = lifecycle.createProjection();
    batch.applyAll(events);
    const first = lifecycle.createProjection();
    first.applyAll(events.slice(0, 2));
    const resumed = lifecycle.resume(JSON.parse(json(first.snapshot())));
    resumed.applyAll(events.slice(2));
    for (const live of [one, batch, resumed]) {
      for (const asOf of [12 * DAY, 30 * DAY, 45 * DAY]) {
        expect(json(live.state({ asOf }))).toBe(expected(asOf));
      }
      expect(live.customer('c1', { asOf: 12 * DAY })?.facts.purchases).toBe(1);
      expect(json(live.snapshot())).toBe(json(one.snapshot()));
    }
    // The voided o2 moves no one: c1 is active from day 0, and o4 keeps them so.
    expect(heard).toEqual([
      { customerId: 'c1', from: undefined, to: 'active', at: 0, cause: 'event' },
    ]);
  });

  it('resumes a snapshot holding a customer whose every event is voided', () => {
    // c1's only order voided; c3 has nothing but a void of an id never seen.
    const bought = purchase('c1', DAY, 10, 1);
    const events = [
      bought,
      purchase('c2', 2 * DAY, 10, 2),
      event('c1', 'event.voided', 3 * DAY, { eventId: bought.id }, 3),
      event('c3', 'event.voided', 4 * DAY, { eventId: 'unknown' }, 4),
      purchase('c1', 40 * DAY, 10, 5),
      purchase('c3', 2 * DAY, 10, 6),
    ];
    const full = lifecycle.createProjection();
    full.applyAll(events);
    const first = lifecycle.createProjection();
    first.applyAll(events.slice(0, 4));
    const saved = JSON.stringify(first.snapshot());
    const resumed = lifecycle.resume(JSON.parse(saved));
    expect(JSON.stringify(resumed.snapshot())).toBe(saved);
    expect(json(resumed.state())).toBe(json(first.state()));
    resumed.applyAll(events.slice(4));
    expect(json(resumed.state())).toBe(json(lifecycle.projectEvents(events)));
    expect(json(resumed.snapshot())).toBe(json(full.snapshot()));
  });

  it('equals project whatever the time of a void, before or after what it voids, in any delivery order', () => {
    const lifecycles = [createLifecycle(), lifecycle];
    fc.assert(
      fc.property(
        storedCorrectedLogArbitrary(5).chain((log) =>
          fc.tuple(
            fc.constant(log),
            fc.array(fc.integer({ min: -7 * DAY, max: 7 * DAY }), {
              minLength: log.length,
              maxLength: log.length,
            }),
            fc.shuffledSubarray(log, { minLength: log.length, maxLength: log.length }),
          ),
        ),
        fc.boolean(),
        ([log, offsets, delivery], listen) => {
          // Each void moved to a time around the event it voids, earlier ones included.
          const byId = new Map(log.map((each) => [each.id, each]));
          const moved = (each: StoredEvent, index: number): StoredEvent => {
            if (each.type !== VOIDED_EVENT_TYPE) return each;
            const target = byId.get((each.data as { eventId: string }).eventId);
            return target === undefined ? each : { ...each, at: target.at + offsets[index]! };
          };
          const events = log.map(moved);
          const arriving = delivery.map((each) => events[log.indexOf(each)]!);
          for (const chosen of lifecycles) {
            const one = chosen.createProjection();
            if (listen) one.onStageChange(() => undefined);
            for (const each of arriving) one.apply(each);
            const batch = chosen.createProjection();
            batch.applyAll(arriving);
            const asOfs = [one.now, ...events.map((each) => each.at + DAY)];
            for (const asOf of asOfs.slice(0, 6)) {
              if (asOf === undefined) continue;
              const expected = json(chosen.projectEvents(events, { asOf }));
              expect(json(one.state({ asOf }))).toBe(expected);
              expect(json(batch.state({ asOf }))).toBe(expected);
            }
          }
        },
      ),
      { numRuns: 100 },
    );
  });
});
