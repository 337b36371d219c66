import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { TenureEvent } from '../../../src/events/TenureEvent.js';
import { summarizeCustomers } from '../../../src/models/summary/summarizeCustomers.js';

const DAY = 86_400_000;
const start = Date.parse('2024-01-01');
const purchases = fc
  .array(
    fc.record({
      customer: fc.integer({ min: 1, max: 8 }),
      at: fc.integer({ min: 0, max: 120 * DAY }),
      amount: fc.integer({ min: 0, max: 50_000 }).map((cents) => cents / 100),
    }),
    { maxLength: 80 },
  )
  .map((rows) =>
    rows.map(
      ({ customer, at, amount }, i): TenureEvent => ({
        id: `e${i}`,
        type: 'purchase',
        customerId: `c${customer}`,
        at: start + at,
        data: { orderId: `o${i}`, amount, currency: 'USD' },
      }),
    ),
  );
const options = { calibrationEnd: '2024-03-01', holdoutEnd: '2024-04-30', unit: 'week' } as const;
const byCustomer = (summary: ReturnType<typeof summarizeCustomers>) =>
  [...summary.customers]
    .map(({ row: _row, ...customer }) => customer)
    .sort((p, q) => p.customerId.localeCompare(q.customerId));

describe('summarizeCustomers invariants', () => {
  it('does not depend on the order of the events', () => {
    fc.assert(
      fc.property(purchases, fc.integer(), (events, seed) => {
        const shuffled = fc.sample(fc.shuffledSubarray(events, { minLength: events.length }), {
          seed,
          numRuns: 1,
        })[0] as TenureEvent[];
        expect(byCustomer(summarizeCustomers(shuffled, options))).toEqual(
          byCustomer(summarizeCustomers(events, options)),
        );
      }),
      { numRuns: 100 },
    );
  });

  it('gives 0 <= t_x <= T, x below the distinct purchase days, and weights that add up', () => {
    fc.assert(
      fc.property(purchases, (events) => {
        const summary = summarizeCustomers(events, options);
        for (const customer of summary.customers) {
          const days = new Set(
            events
              .filter((event) => event.customerId === customer.customerId)
              .map((event) => Math.floor(event.at / DAY)),
          );
          expect(customer.x + customer.holdoutX).toBeLessThanOrEqual(days.size - 1);
          expect(customer.tx).toBeGreaterThanOrEqual(0);
          expect(customer.tx).toBeLessThanOrEqual(customer.T);
          expect(summary.rows.x[customer.row]).toBe(customer.x);
        }
        expect(summary.rows.customers).toBe(summary.customers.length);
      }),
      { numRuns: 100 },
    );
  });
});
