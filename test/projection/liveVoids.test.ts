import { describe, expect, it } from 'vitest';
import { createLifecycle, findCustomer } from '../../src/projection/index.js';
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
});
