import { describe, expect, it } from 'vitest';
import { createLifecycle, stageAt } from '../../src/projection/index.js';
import { storeEvents } from './support/storeEvents.js';

const DAY = 86_400_000;
const START = Date.UTC(2024, 0, 1);

/** Eight purchases over 50 days: a mean gap of 50 / 7 days, 617142857.14... ms. */
const events = storeEvents(
  [0, 7, 14, 21, 28, 35, 42, 50].map((day, index) => ({
    id: `p${index}`,
    type: 'purchase',
    customerId: 'c1',
    at: START + day * DAY,
    data: { orderId: `o${index}`, amount: 10, currency: 'EUR' },
  })),
);

describe('stage changes on a clock', () => {
  it('fall on whole milliseconds, so that a projection can be asked about them', () => {
    const lifecycle = createLifecycle();
    const asOf = START + 365 * DAY;
    const [customer] = lifecycle.projectEvents(events, { asOf }).customers;
    // At risk after 2 mean gaps from the last purchase, churned after 4: within a millisecond
    // (1709621485714.2856 and 1710855771428.5715), hence at the next whole one.
    expect(customer!.history.slice(-2)).toEqual([
      { stage: 'at risk', at: 1_709_621_485_715 },
      { stage: 'churned', at: 1_710_855_771_429 },
    ]);
    const live = lifecycle.createProjection();
    live.applyAll(events);
    for (const { stage, at } of customer!.history.slice(-2)) {
      // Before: "asOf 1710855771428.5715 is not a time".
      expect(lifecycle.projectEvents(events, { asOf: at }).customers[0]!.stage).toBe(stage);
      expect(live.customer('c1', { asOf: at })!.stage).toBe(stage);
      expect(stageAt(customer!, at - 1)).not.toBe(stage);
    }
    live.advanceTo(customer!.stageEnteredAt);
    expect(live.customer('c1')!.stage).toBe('churned');
  });
});
