import { describe, expect, it } from 'vitest';
import type { StoredEvent } from '../../src/events/TenureEvent.js';
import { createRandom } from '../../src/models/numerics/random.js';
import { createLifecycle } from '../../src/projection/index.js';
import { sampleEvents } from '../valuation/support.js';

const lifecycle = createLifecycle();
const json = (value: unknown) => JSON.stringify(value);
const valued = { churn: true, clv: { margin: 0.3 } } as const;

/** The sample business, with one purchase voided, in position order. */
function logEvents(): StoredEvent[] {
  const events = sampleEvents(5, 300);
  const purchase = events.find(
    (event) => event.type === 'purchase' && event.at > Date.UTC(2024, 0),
  );
  const last = events[events.length - 1] as StoredEvent;
  const void_ = {
    id: 'void-1',
    type: 'event.voided',
    customerId: purchase?.customerId,
    at: last.at,
    position: last.position + 1,
    version: 0,
    data: { eventId: purchase?.id },
  } as StoredEvent;
  return [...events, void_];
}

/** The same events in another arrival order: late events for many customers. */
function shuffled(events: readonly StoredEvent[]): StoredEvent[] {
  const random = createRandom(11);
  const copy = [...events];
  for (let index = copy.length - 1; index > 0; index--) {
    const other = Math.floor(random.uniform() * (index + 1));
    [copy[index], copy[other]] = [copy[other] as StoredEvent, copy[index] as StoredEvent];
  }
  return copy;
}

describe('live projection with churn risk and lifetime value', () => {
  const events = logEvents();
  const live = lifecycle.createProjection();
  for (const event of shuffled(events)) live.apply(event);

  it('gives what project gives with the same options, to the byte, whatever the arrival order', async () => {
    const state = live.state(valued);
    expect(state.valuation?.purchases.converged).toBe(true);
    const withChurnRisk = state.customers.filter((customer) => customer.churnRisk !== undefined);
    expect(withChurnRisk.length).toBeGreaterThan(100);
    expect(state.customers.some((customer) => customer.clv !== undefined)).toBe(true);
    expect(json(state)).toBe(json(await lifecycle.project(events, valued)));
  });

  it('values any earlier time as a projection run then, with nothing from later events', async () => {
    for (const asOf of ['2023-12-31T23:59:59Z', '2024-06-30T00:00:00Z']) {
      const state = live.state({ asOf, ...valued });
      expect(json(state)).toBe(json(await lifecycle.project(events, { asOf, ...valued })));
    }
  });

  it('leaves churn risk and value out unless asked, and values churn alone', () => {
    const plain = live.state();
    expect(plain.valuation).toBeUndefined();
    expect(plain.customers.some((customer) => 'churnRisk' in customer)).toBe(false);
    const churnOnly = live.state({ churn: true });
    expect(churnOnly.customers.some((customer) => customer.churnRisk !== undefined)).toBe(true);
    expect(churnOnly.customers.some((customer) => 'clv' in customer)).toBe(false);
  });

  it('refuses a misspelt or wrong option, naming live.state, before valuing anything', () => {
    expect(() => live.state({ churm: true } as never)).toThrow(
      expect.objectContaining({
        code: 'TENURE_INVALID_PROJECTION_INPUT',
        message: expect.stringMatching(/^live\.state: .*"churm".*churn/),
      }),
    );
    expect(() => live.state({ clv: { margin: 2 } })).toThrow(/^live\.state: .*margin/);
  });
});
