import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { StoredEvent } from '../../src/events/TenureEvent.js';
import type { MachineState } from '../../src/machines/index.js';
import { createStateSharing } from '../../src/projection/createStateSharing.js';
import { type CustomerState, createLifecycle } from '../../src/projection/index.js';
import { lifecycleLogArbitrary } from '../../src/testing/lifecycleArbitraries.js';
import { event, purchase, storeEvents } from './support/storeEvents.js';

const lifecycle = createLifecycle();
const json = (value: unknown) => JSON.stringify(value);
const T0 = Date.UTC(2024, 0, 1);
const DAY = 86_400_000;
const day = (n: number) => T0 + n * DAY;

/** Every object reachable from `value` is frozen. */
function isDeepFrozen(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return true;
  return Object.isFrozen(value) && Object.values(value).every(isDeepFrozen);
}

/** Each customer as a projection of that customer's events alone, at `asOf`. */
function alone(events: readonly StoredEvent[], customerId: string, asOf: number): CustomerState {
  const own = events.filter((stored) => stored.customerId === customerId);
  return lifecycle.projectEvents(own, { asOf }).customers[0] as CustomerState;
}

const prospects = [
  event('p1', 'touchpoint', day(1), { channel: 'email' }, 1),
  event('p2', 'touchpoint', day(2), { channel: 'web' }, 2),
  event('p3', 'lead.captured', day(3), { source: 'content' }, 3),
  purchase('b1', day(4), 10, 4),
];

describe('customers in equal machine states share them', () => {
  it('prospects share one frozen retention state and extension state; a buyer has its own', () => {
    const { customers } = lifecycle.projectEvents(prospects);
    const [b1, p1, p2, p3] = customers as CustomerState[];
    expect(p1?.machines.retention).toBe(p2?.machines.retention);
    expect(p1?.machines.retention).toBe(p3?.machines.retention);
    expect(p1?.machines.extension).toBe(p3?.machines.extension);
    expect(b1?.machines.retention).not.toBe(p1?.machines.retention);
    expect(b1?.machines.retention?.value).toBe('active');
    expect(customers.every(isDeepFrozen)).toBe(true);
  });

  it('gives every customer exactly the state it has when projected alone', () => {
    fc.assert(
      fc.property(lifecycleLogArbitrary({ minCustomers: 2, maxCustomers: 12 }), (inputs) => {
        const events = storeEvents(inputs);
        const projection = lifecycle.projectEvents(events);
        for (const customer of projection.customers) {
          expect(json(customer)).toBe(
            json(alone(events, customer.customerId, projection.asOf as number)),
          );
        }
        expect(projection.customers.every(isDeepFrozen)).toBe(true);
      }),
      { numRuns: 40 },
    );
  });

  it('keeps a shared state as it was when one of its customers moves on (live projection)', () => {
    const live = lifecycle.createProjection();
    live.applyAll(prospects);
    const before = live.state();
    const shared = before.customers[1]?.machines.retention;
    const frozenJson = json(before);

    const later = purchase('p1', day(10), 20, 5);
    live.apply(later);
    const after = live.state();

    expect(json(before)).toBe(frozenJson);
    expect(shared?.value).toBe('prospect');
    expect(after.customers[1]?.machines.retention?.value).toBe('active');
    expect(after.customers[2]?.machines.retention?.value).toBe('prospect');
    expect(json(after)).toBe(json(lifecycle.projectEvents([...prospects, later])));
  });

  it('shares only states that serialise identically: same keys in the same order, same values', () => {
    const sharing = createStateSharing();
    const first = { value: 'prospect', context: { purchases: 0, lastAt: null } };
    const reordered = { value: 'prospect', context: { lastAt: null, purchases: 0 } };
    const pairReversed = { context: { purchases: 0, lastAt: null }, value: 'prospect' };
    const otherValue = { value: 'active', context: { purchases: 0, lastAt: null } };
    const otherContext = { value: 'prospect', context: { purchases: 1, lastAt: null } };
    const extraKey = { value: 'prospect', context: { purchases: 0, lastAt: null, x: 1 } };
    const equal = { value: 'prospect', context: { purchases: 0, lastAt: null } };
    const records = [first, reordered, pairReversed, otherValue, otherContext, extraKey, equal].map(
      (state) => ({ retention: state as MachineState }),
    );
    for (const record of records) {
      sharing.share(record);
      Object.freeze(record.retention);
    }
    expect(records.map((record) => record.retention)).toEqual([
      first,
      reordered,
      pairReversed,
      otherValue,
      otherContext,
      extraKey,
      first,
    ]);
    expect(records[6]?.retention).toBe(first);
    expect(records.map((record) => json(record.retention))).toEqual(
      [first, reordered, pairReversed, otherValue, otherContext, extraKey, equal].map(json),
    );
  });

  it('shares the lists of customers who bought the same things, and a later purchase changes only its buyer', () => {
    const books = { productId: 'bk-1', category: 'books', quantity: 1 };
    const music = { productId: 'cd-1', category: 'music', quantity: 1 };
    const order = (customerId: string, at: number, items: unknown[], position: number) =>
      event(
        customerId,
        'purchase',
        at,
        { orderId: `${customerId}-${at}`, amount: 5, currency: 'EUR', items },
        position,
      );
    const events = [
      order('a', day(1), [books], 1),
      order('b', day(2), [books], 2),
      order('a', day(3), [music], 3),
    ];
    const [a, b] = lifecycle.projectEvents(events).customers as CustomerState[];
    const contextOf = (customer: CustomerState | undefined) =>
      customer?.machines.extension?.context as { categories: readonly string[] };
    expect(contextOf(a).categories).toEqual(['books', 'music']);
    expect(contextOf(b).categories).toEqual(['books']);
    const bAlone = lifecycle.projectEvents([events[1] as StoredEvent]).customers[0];
    expect(contextOf(bAlone).categories).toBe(contextOf(b).categories);
    expect(Object.isFrozen(contextOf(b).categories)).toBe(true);
    // The same list however it was bought: both items at once, or one purchase after the other.
    const [c] = lifecycle.projectEvents([order('c', day(4), [books, music], 4)])
      .customers as CustomerState[];
    expect(contextOf(c).categories).toBe(contextOf(a).categories);
  });
});
