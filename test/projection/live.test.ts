import { describe, expect, it } from 'vitest';
import { isTenureError } from '../../src/errors/TenureError.js';
import { createMemoryLog } from '../../src/log/createMemoryLog.js';
import { defineLifecycle } from '../../src/machines/defineLifecycle.js';
import { createLifecycle, type StageChange } from '../../src/projection/index.js';
import { catchError } from './support/catchError.js';
import { event, purchase } from './support/storeEvents.js';
import { DAY, toyLifecycle } from './support/toyLifecycle.js';

const lifecycle = createLifecycle({ definition: toyLifecycle });
const T0 = Date.UTC(2024, 0, 1);
const day = (n: number) => T0 + n * DAY;
const json = (value: unknown) => JSON.stringify(value);

const scenario = [
  event('c1', 'lead.captured', day(0), {}, 1),
  purchase('c1', day(3), 10, 2),
  purchase('c2', day(5), 25, 3),
  purchase('c1', day(50), 15, 4),
  event('c3', 'lead.captured', day(80), {}, 5),
  purchase('c2', day(90), 5, 6),
];

describe('live projection', () => {
  it('equals the batch projection after the same events', () => {
    const live = lifecycle.createProjection();
    expect(live.applyAll(scenario)).toBe(scenario.length);
    expect(live.now).toBe(day(90));
    expect(live.position).toBe(6);
    expect(live.size).toBe(3);
    expect(json(live.state())).toBe(json(lifecycle.projectEvents(scenario)));
  });

  it('counts the events a batch projection counts when some are voided', () => {
    // c1's day-50 purchase voided on day 95: neither the purchase nor the void counts.
    const voided = event('c1', 'event.voided', day(95), { eventId: scenario[3]!.id }, 7);
    const events = [...scenario, voided];
    const live = lifecycle.createProjection();
    live.applyAll(events);
    const batch = lifecycle.projectEvents(events);
    expect(batch.events).toBe(scenario.length - 1);
    expect(batch.events).toBe(batch.customers.reduce((sum, c) => sum + c.facts.events, 0));
    expect(json(live.state())).toBe(json(batch));
  });

  it('folds late events in event-time order, as a full replay would', () => {
    const live = lifecycle.createProjection();
    // Storage order with c1's day-50 purchase arriving after everything else.
    const reordered = [
      scenario[0]!,
      scenario[1]!,
      scenario[2]!,
      scenario[4]!,
      scenario[5]!,
      scenario[3]!,
    ];
    live.applyAll(reordered);
    expect(json(live.state())).toBe(json(lifecycle.projectEvents(scenario)));
  });

  it('ignores an event applied twice', () => {
    const live = lifecycle.createProjection();
    live.applyAll(scenario);
    expect(live.apply(scenario[1]!)).toBe(false);
    expect(live.apply(scenario[5]!)).toBe(false);
    expect(json(live.state())).toBe(json(lifecycle.projectEvents(scenario)));
  });

  it('answers for any earlier time, like a projection run then', () => {
    const live = lifecycle.createProjection();
    live.applyAll(scenario);
    for (const asOf of [day(0), day(4), day(40), day(79), day(85)]) {
      expect(json(live.state({ asOf }))).toBe(json(lifecycle.projectEvents(scenario, { asOf })));
    }
    expect(live.customer('c1', { asOf: day(40) })?.stage).toBe('at-risk');
    expect(live.customer('c3', { asOf: day(40) })).toBeUndefined();
  });

  it('reports stage changes from events, from the clock and from late events', () => {
    const live = lifecycle.createProjection();
    const changes: StageChange[] = [];
    const unsubscribe = live.onStageChange((change) => changes.push(change));
    live.apply(purchase('c1', day(0), 10, 1));
    live.apply(purchase('c2', day(1), 10, 2));
    live.advanceTo(day(45));
    expect(changes).toEqual([
      { customerId: 'c1', from: undefined, to: 'active', at: day(0), cause: 'event' },
      { customerId: 'c2', from: undefined, to: 'active', at: day(1), cause: 'event' },
      { customerId: 'c1', from: 'active', to: 'at-risk', at: day(30), cause: 'clock' },
      { customerId: 'c2', from: 'active', to: 'at-risk', at: day(31), cause: 'clock' },
    ]);
    changes.length = 0;
    // A purchase on day 20 that arrives late: c1 was never at risk by day 45. The change says
    // so with the rewritten history, and `at` is when c1 entered `active` in it.
    live.apply(purchase('c1', day(20), 10, 3));
    expect(changes).toEqual([
      {
        customerId: 'c1',
        from: 'at-risk',
        to: 'active',
        at: day(0),
        cause: 'late-event',
        history: [{ stage: 'active', at: day(0) }],
      },
    ]);
    expect(changes[0]?.history).toEqual(live.customer('c1')?.history);
    unsubscribe();
    live.advanceTo(day(200));
    expect(changes).toHaveLength(1);
    expect(live.customer('c1')?.stage).toBe('lost');
  });

  it('lets a listener start a win-back when a customer becomes at risk', () => {
    const live = lifecycle.createProjection();
    const winBack: string[] = [];
    live.onStageChange((change) => {
      if (change.to === 'at-risk') winBack.push(change.customerId);
    });
    live.applyAll([purchase('c1', day(0), 10, 1), purchase('c2', day(25), 10, 2)]);
    live.apply(purchase('c2', day(40), 10, 3));
    expect(winBack).toEqual(['c1']);
  });

  it('saves a JSON snapshot that resumes to the same projection as a full replay', () => {
    const full = lifecycle.createProjection();
    full.applyAll(scenario);
    const first = lifecycle.createProjection();
    first.applyAll(scenario.slice(0, 3));
    const saved = JSON.stringify(first.snapshot());
    const resumed = lifecycle.resume(JSON.parse(saved));
    expect(resumed.position).toBe(3);
    resumed.applyAll(scenario.slice(3));
    expect(json(resumed.state())).toBe(json(full.state()));
    expect(json(resumed.snapshot())).toBe(json(full.snapshot()));
  });

  it('resumes a snapshot taken after a void as the projection that folded the void', () => {
    // c1's day-50 purchase voided on day 60: c1's last activity is day 3 again.
    const voided = event('c1', 'event.voided', day(60), { eventId: scenario[3]!.id }, 7);
    const events = [...scenario, voided, purchase('c1', day(70), 5, 8)];
    const full = lifecycle.createProjection();
    full.applyAll(events);
    const first = lifecycle.createProjection();
    first.applyAll(events.slice(0, 7));
    const resumed = lifecycle.resume(JSON.parse(JSON.stringify(first.snapshot())));
    for (const asOf of [day(40), day(65)]) {
      expect(json(resumed.state({ asOf }))).toBe(json(first.state({ asOf })));
    }
    expect(resumed.customer('c1')?.facts.lastActivityAt).toBe(day(3));
    resumed.applyAll(events.slice(7));
    expect(json(resumed.state())).toBe(json(full.state()));
    expect(json(resumed.snapshot())).toBe(json(full.snapshot()));
  });

  it('refuses a snapshot of another lifecycle or of no lifecycle at all', () => {
    const saved = lifecycle.createProjection().snapshot();
    const other = createLifecycle({ definition: { ...toyLifecycle, name: 'other' } });
    const mismatch = catchError(() => other.resume(saved));
    expect(isTenureError(mismatch, 'TENURE_SNAPSHOT_MISMATCH')).toBe(true);
    const garbage = catchError(() => lifecycle.resume({ customers: 3 } as never));
    expect(isTenureError(garbage, 'TENURE_INVALID_SNAPSHOT')).toBe(true);
    expect((garbage as Error).message).toMatch(
      /^lifecycle\.resume: the value is not a projection snapshot/,
    );
  });

  it('refuses a snapshot saved by another version of the lifecycle, and resumes one of the same', () => {
    const v1 = lifecycle.createProjection();
    v1.applyAll([purchase('c1', day(0), 10, 1)]);
    const saved = JSON.parse(JSON.stringify(v1.snapshot()));
    const v2 = createLifecycle({ definition: defineLifecycle({ ...toyLifecycle, version: 2 }) });
    const mismatch = catchError(() => v2.resume(saved));
    expect(isTenureError(mismatch, 'TENURE_SNAPSHOT_MISMATCH')).toBe(true);
    expect((mismatch as Error).message).toMatch(
      /version 2 of lifecycle "toy", and the snapshot was saved by version 1: its machines or stages changed since; rebuild the projection from the log/,
    );
    const v1Again = createLifecycle({
      definition: defineLifecycle({ ...toyLifecycle, version: 1 }),
    });
    expect(json(v1Again.resume(saved).state())).toBe(json(v1.state()));
  });

  it('refuses a default-lifecycle snapshot saved before renewals counted as payments (version 1)', () => {
    const defaults = createLifecycle();
    const saved = JSON.parse(JSON.stringify(defaults.createProjection().snapshot()));
    expect(saved.lifecycle).toMatch(/^default@2\(/);
    const before = { ...saved, lifecycle: saved.lifecycle.replace(/^default@2\(/, 'default(') };
    expect(() => defaults.resume(before)).toThrow(
      'lifecycle.resume: this is version 2 of lifecycle "default", and the snapshot was saved by version 1',
    );
  });

  it('moves its position past profiles and erasures, so that a catch-up reads them once', () => {
    // A log that ends with bookkeeping: read from live.position + 1, it must not come back.
    const events = [
      purchase('c1', day(0), 10, 1),
      event('c2', 'customer.profile', day(1), { name: 'Ada' }, 2),
      event('c3', 'customer.forgotten', day(2), {}, 3),
    ];
    const one = lifecycle.createProjection();
    expect(events.map((each) => one.apply(each))).toEqual([true, false, false]);
    const batch = lifecycle.createProjection();
    expect(batch.applyAll(events)).toBe(1);
    for (const live of [one, batch]) {
      expect([live.position, live.now, live.size]).toEqual([3, day(0), 1]);
      expect(json(live.state())).toBe(json(lifecycle.projectEvents(events)));
      expect(lifecycle.resume(JSON.parse(json(live.snapshot()))).position).toBe(3);
    }
  });

  it('rejects an event without a position with a typed error naming the event', () => {
    const live = lifecycle.createProjection();
    const error = catchError(() =>
      live.apply({ id: 'x1', type: 'purchase', customerId: 'c1', at: day(0), data: {} } as never),
    );
    expect(isTenureError(error, 'TENURE_INVALID_PROJECTION_INPUT')).toBe(true);
    expect((error as Error).message).toMatch(/event "x1" needs a positive integer position/);
    expect(live.size).toBe(0);
  });
});

describe('live projection misuse', () => {
  it('names applyAll and the fix when given one event or no iterable, and changes nothing', () => {
    const live = lifecycle.createProjection();
    for (const events of [purchase('c1', day(0), 10, 1), undefined, 42]) {
      const error = catchError(() => live.applyAll(events as never));
      expect(isTenureError(error, 'TENURE_INVALID_PROJECTION_INPUT')).toBe(true);
      expect((error as Error).message).toMatch(/^live\.applyAll: events must be an iterable/);
    }
    expect((catchError(() => live.applyAll(scenario[0] as never)) as Error).message).toMatch(
      /for one event, call live\.apply\(event\)/,
    );
    expect([live.size, live.position]).toEqual([0, 0]);
  });

  it('says how to feed applyAll from log.read(), which is async, and from a promise', async () => {
    const log = createMemoryLog();
    await log.append([
      {
        id: 'o1',
        type: 'purchase',
        customerId: 'c1',
        at: day(0),
        data: { orderId: 'o1', amount: 5, currency: 'EUR' },
      },
    ]);
    const live = lifecycle.createProjection();
    const fromRead = catchError(() => live.applyAll(log.read() as never));
    expect(isTenureError(fromRead, 'TENURE_INVALID_PROJECTION_INPUT')).toBe(true);
    expect((fromRead as Error).message).toMatch(
      /^live\.applyAll: events is an async iterable \(log\.read\(\) returns one\).*for await/,
    );
    const promised = catchError(() => live.applyAll(Promise.resolve([]) as never));
    expect((promised as Error).message).toMatch(/received a Promise: await it/);
    expect([live.size, live.position]).toEqual([0, 0]);
  });

  it('refuses a listener that is not a function when subscribing, not on the first change', () => {
    const live = lifecycle.createProjection();
    const error = catchError(() => live.onStageChange({ handle() {} } as never));
    expect(isTenureError(error, 'TENURE_INVALID_PROJECTION_INPUT')).toBe(true);
    expect((error as Error).message).toMatch(/^live\.onStageChange: listener must be a function/);
    expect(live.apply(purchase('c1', day(0), 10, 1))).toBe(true);
  });

  it('says to parse a snapshot given as a JSON string', () => {
    const saved = JSON.stringify(lifecycle.createProjection().snapshot());
    const error = catchError(() => lifecycle.resume(saved as never));
    expect(isTenureError(error, 'TENURE_INVALID_SNAPSHOT')).toBe(true);
    expect((error as Error).message).toMatch(/received a string: JSON\.parse it first/);
  });

  it('says to resume a snapshot given to createProjection', () => {
    const live = lifecycle.createProjection();
    live.apply(purchase('c1', day(0), 10, 1));
    const error = catchError(() => lifecycle.createProjection(live.snapshot() as never));
    expect(isTenureError(error, 'TENURE_INVALID_PROJECTION_INPUT')).toBe(true);
    expect((error as Error).message).toMatch(
      /^lifecycle\.createProjection: received a projection snapshot; .*lifecycle\.resume\(snapshot\)/,
    );
  });

  it('refuses to resume no snapshot (one that failed to load) rather than start empty', () => {
    // e.g. lifecycle.resume(await loadSnapshot()) where the loader found no file.
    for (const missing of [undefined, null]) {
      const error = catchError(() => lifecycle.resume(missing as never));
      expect(isTenureError(error, 'TENURE_INVALID_SNAPSHOT')).toBe(true);
      expect((error as Error).message).toMatch(
        /^lifecycle\.resume: received (undefined|null), not a snapshot.*lifecycle\.createProjection\(\)/,
      );
    }
  });
});

describe('live projection listeners', () => {
  it('calls every listener even when one throws, then rethrows the first error', () => {
    const live = createLifecycle({ definition: toyLifecycle }).createProjection();
    const heard: string[] = [];
    live.onStageChange(() => {
      throw new Error('listener failed');
    });
    live.onStageChange((change) => heard.push(change.customerId));
    expect(() =>
      live.applyAll([purchase('c1', day(0), 10, 1), purchase('c2', day(1), 10, 2)]),
    ).toThrow('listener failed');
    expect(heard).toEqual(['c1', 'c2']);
    expect(live.size).toBe(2);
  });
});
