import { describe, expect, it } from 'vitest';
import { createLifecycle } from '../../src/projection/index.js';
import { purchase } from './support/storeEvents.js';
import { DAY, toyWakesEarlyLifecycle } from './support/toyLifecycle.js';

const json = (value: unknown) => JSON.stringify(value);

describe('live projection resume', () => {
  it('resumes a customer waiting for an event as waiting: the snapshot then equals a full replay', () => {
    // c1 is woken on day 29 (c2's day-40 event), which changes nothing: the projection stops
    // waking c1. Resumed from a snapshot taken then, it must not wake c1 on day 50 either.
    const lifecycle = createLifecycle({ definition: toyWakesEarlyLifecycle });
    const events = [
      purchase('c1', 0, 10, 1),
      purchase('c2', 40 * DAY, 10, 2),
      purchase('c2', 50 * DAY, 10, 3),
    ];
    const full = lifecycle.createProjection();
    full.applyAll(events);
    const first = lifecycle.createProjection();
    first.applyAll(events.slice(0, 2));
    const saved = json(first.snapshot());
    const resumed = lifecycle.resume(JSON.parse(saved));
    expect(json(resumed.snapshot())).toBe(saved);
    resumed.applyAll(events.slice(2));
    expect(json(resumed.snapshot())).toBe(json(full.snapshot()));
    expect(json(resumed.state())).toBe(json(full.state()));
  });
});
