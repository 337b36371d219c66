import { describe, expect, it } from 'vitest';
import { builtInEventTypes } from '../../src/events/catalog/builtInEventTypes.js';
import { defaultEventCatalog } from '../../src/events/createEventCatalog.js';
import { isBookkeepingEvent } from '../../src/events/isBookkeepingEvent.js';
import type { TenureEvent } from '../../src/events/TenureEvent.js';
import { validateEvents } from '../../src/events/validateEvents.js';
import {
  CDNOW_PURCHASE_MODEL,
  generateSampleBusiness,
} from '../../src/sample/generateSampleBusiness.js';

const sample = [...generateSampleBusiness({ seed: 11, customers: 1000 })];
const ofType = (type: string) => sample.filter((event) => event.type === type);
const customersWith = (type: string) => new Set(ofType(type).map((event) => event.customerId));

describe('generateSampleBusiness', () => {
  it('is deterministic: the same seed gives the same events, another seed others', () => {
    const again = [...generateSampleBusiness({ seed: 11, customers: 1000 })];
    expect(again).toEqual(sample);
    const other = [...generateSampleBusiness({ seed: 12, customers: 50 })];
    expect(other.slice(0, 20)).not.toEqual(sample.slice(0, 20));
  });

  it("keeps a person's history when more customers are generated", () => {
    const small = [...generateSampleBusiness({ seed: 11, customers: 40 })];
    expect(sample.slice(0, small.length)).toEqual(small);
  });

  it('produces only valid events with unique ids', async () => {
    const result = await validateEvents(sample, defaultEventCatalog);
    expect(result.ok ? [] : result.issues.slice(0, 3)).toEqual([]);
    expect(new Set(sample.map((event) => event.id)).size).toBe(sample.length);
  });

  it('uses every built-in life-cycle event type (bookkeeping types: voids, profiles, erasures aside)', () => {
    const types = new Set(sample.map((event) => event.type));
    const lifeCycleTypes = builtInEventTypes
      .map((type) => type.type)
      .filter((type) => !isBookkeepingEvent(type));
    expect(lifeCycleTypes.filter((type) => !types.has(type))).toEqual([]);
    expect(lifeCycleTypes.length).toBeGreaterThanOrEqual(22);
  });

  it('keeps each customer in time order and every event inside [start, end]', () => {
    const [start, end] = [Date.UTC(2023, 0, 1), Date.UTC(2025, 0, 1)];
    const outside = sample.filter((event) => event.at < start || event.at > end);
    const backwards = sample.filter((event, index) => {
      const previous = sample[index - 1];
      return previous?.customerId === event.customerId && event.at < previous.at;
    });
    expect(outside).toEqual([]);
    expect(backwards).toEqual([]);
  });

  it('sorts the whole history by time on request', () => {
    const sorted = [...generateSampleBusiness({ seed: 11, customers: 200, order: 'time' })];
    expect(sorted.map((event) => event.at)).toEqual(
      [...sorted.map((event) => event.at)].sort((a, b) => a - b),
    );
    expect(sorted).toHaveLength([...generateSampleBusiness({ seed: 11, customers: 200 })].length);
  });

  it('moves leads through the funnel in plausible shares', () => {
    const leads = customersWith('lead.captured').size;
    const people = new Set(sample.map((event) => event.customerId)).size;
    expect(leads / people).toBeGreaterThan(0.45);
    expect(leads / people).toBeLessThan(0.65);
    const won = customersWith('opportunity.won').size;
    const lost = customersWith('opportunity.lost').size;
    expect(won / leads).toBeGreaterThan(0.1);
    expect(won / leads).toBeLessThan(0.3);
    expect(lost).toBeGreaterThan(0.5 * won);
    // A won opportunity is followed by the first purchase at the same moment.
    for (const event of ofType('opportunity.won')) {
      expect(
        sample.some(
          (other) =>
            other.type === 'purchase' &&
            other.customerId === event.customerId &&
            other.at === event.at,
        ),
      ).toBe(true);
    }
  });

  it('has repeat buyers and cross-sell, with spend near the Gamma-Gamma mean', () => {
    const purchases = ofType('purchase') as TenureEvent<
      'purchase',
      { orderId: string; amount: number; items: { category: string }[] }
    >[];
    const perCustomer = new Map<string, number>();
    for (const event of purchases)
      perCustomer.set(event.customerId, (perCustomer.get(event.customerId) ?? 0) + 1);
    const buyers = perCustomer.size;
    const repeaters = [...perCustomer.values()].filter((count) => count > 1).length;
    expect(repeaters / buyers).toBeGreaterThan(0.25);
    expect(repeaters / buyers).toBeLessThan(0.6);
    const categories = new Map<string, Set<string>>();
    for (const event of purchases) {
      const set = categories.get(event.customerId) ?? new Set();
      for (const item of event.data.items) set.add(item.category);
      categories.set(event.customerId, set);
    }
    expect([...categories.values()].filter((set) => set.size > 1).length).toBeGreaterThan(
      0.1 * buyers,
    );
    const repeat = purchases.filter((event) => !event.data.orderId.endsWith('-o1'));
    const mean = repeat.reduce((sum, event) => sum + event.data.amount, 0) / repeat.length;
    const { p, q, gamma } = CDNOW_PURCHASE_MODEL;
    expect(mean / ((p * gamma) / (q - 1))).toBeGreaterThan(0.8);
    expect(mean / ((p * gamma) / (q - 1))).toBeLessThan(1.25);
  });

  it('renews and cancels subscriptions, and lets promoters refer people', () => {
    const started = customersWith('subscription.started').size;
    const cancelled = customersWith('subscription.cancelled').size;
    expect(cancelled / started).toBeGreaterThan(0.2);
    expect(cancelled / started).toBeLessThan(0.8);
    expect(ofType('subscription.renewed').length).toBeGreaterThan(3 * started);
    const promoters = new Set(
      ofType('survey.answered')
        .filter((event) => {
          const data = event.data as { kind: string; score: number };
          return data.kind === 'nps' && data.score >= 9;
        })
        .map((event) => event.customerId),
    );
    for (const customer of customersWith('referral')) expect(promoters.has(customer)).toBe(true);
  });

  it('follows a purchase model given in the options', () => {
    const frequent = [
      ...generateSampleBusiness({
        seed: 11,
        customers: 300,
        purchaseModel: { r: 4, alpha: 4, a: 1, b: 50 },
      }),
    ];
    const count = (events: readonly TenureEvent[]) =>
      events.filter((event) => event.type === 'purchase').length;
    const base = sample.filter((event) => Number(event.customerId.slice(5)) <= 300);
    expect(count(frequent)).toBeGreaterThan(5 * count(base));
  });

  it('explains bad options', () => {
    expect(() => [...generateSampleBusiness({ customers: -1 })]).toThrow(
      /customers must be an integer >= 0/,
    );
    expect(() => [...generateSampleBusiness({ start: '2025-01-01', end: '2024-01-01' })]).toThrow(
      /must come after start/,
    );
    expect(() => [...generateSampleBusiness({ currency: 'usd' })]).toThrow(/ISO 4217/);
  });
});
