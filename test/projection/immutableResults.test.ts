import { produce } from 'immer';
import { describe, expect, it } from 'vitest';
import { createLifecycle } from '../../src/projection/index.js';
import { purchase } from './support/storeEvents.js';
import { DAY, toyLifecycle } from './support/toyLifecycle.js';

const lifecycle = createLifecycle({ definition: toyLifecycle });
const T0 = Date.UTC(2024, 0, 1);

describe('projection results with immer', () => {
  it('derive a changed copy with produce, leaving the frozen original and the next projection as they were', () => {
    const events = [purchase('c1', T0), purchase('c2', T0), purchase('c1', T0 + 5 * DAY)];
    const projection = lifecycle.projectEvents(events);
    const before = structuredClone(projection);

    const changed = produce(projection, (draft) => {
      const c1 = draft.customers.find((customer) => customer.customerId === 'c1')!;
      c1.stage = 'lost';
      c1.history.push({ stage: 'lost', at: T0 + 9 * DAY });
      c1.facts.currencies.push('USD');
    });

    expect(changed.customers[0]?.stage).toBe('lost');
    expect(changed.customers[0]?.facts.currencies).toEqual(['EUR', 'USD']);
    // Untouched customers are shared, not copied.
    expect(changed.customers[1]).toBe(projection.customers[1]);
    expect(projection).toEqual(before);
    // Shared parts (currency lists, machine states) were not changed under other customers.
    expect(lifecycle.projectEvents(events)).toEqual(before);
  });
});
