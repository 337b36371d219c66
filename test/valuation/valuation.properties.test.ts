/**
 * Invariants of the valuation on generated businesses (src/sample, seeded): nothing after asOf
 * changes anything at asOf, probabilities are probabilities, values are finite and >= 0, and a
 * customer's value grows with the margin and with the horizon.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { StoredEvent } from '../../src/events/TenureEvent.js';
import { createLifecycle } from '../../src/projection/createLifecycle.js';
import { customerJourneyArbitrary } from '../../src/testing/lifecycleArbitraries.js';
import { fitValuationModels } from '../../src/valuation/fitValuationModels.js';
import { resolveValuationSettings } from '../../src/valuation/ValuationOptions.js';
import { valueCustomers } from '../../src/valuation/valueCustomers.js';
import { hasOnlyFiniteNumbers, sampleEvents, toStored } from './support.js';

const lifecycle = createLifecycle();
const AS_OF = Date.parse('2024-08-23T00:00:00Z');
const base = sampleEvents(2, 400);
const options = { asOf: AS_OF, churn: true, clv: { margin: 0.4 } } as const;
const atAsOf = lifecycle.projectEvents(base, options);

describe('valuation properties', () => {
  it('has enough data in the base business to value its customers', () => {
    expect(atAsOf.valuation?.purchases.converged).toBe(true);
    expect(atAsOf.valuation?.valued.clv).toBeGreaterThan(50);
  });

  it('does not leak: events after asOf, for known or new customers, change nothing at asOf', () => {
    const later = fc
      .tuple(
        fc.constantFrom('cust-000002', 'cust-000007', 'cust-000031', 'late-1'),
        fc.integer({ min: 1, max: 400 }),
      )
      .chain(([customerId, days]) =>
        customerJourneyArbitrary({ customerId, start: AS_OF + days * 86_400_000, spanDays: 200 }),
      );
    fc.assert(
      fc.property(fc.array(later, { minLength: 1, maxLength: 3 }), (journeys) => {
        const extra = journeys.flat().map((event, i) => ({ ...event, id: `extra-${i}` }));
        const all: StoredEvent[] = [...base, ...toStored(extra as never[], base.length)];
        const projection = lifecycle.projectEvents(all, options);
        expect(projection.valuation).toEqual(atAsOf.valuation);
        expect(projection.customers).toEqual(atAsOf.customers);
      }),
      { numRuns: 3 },
    );
  });

  it('gives probabilities in [0, 1] and finite values >= 0, for any seed and asOf', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10_000 }),
        fc.integer({ min: 200, max: 700 }),
        (seed, day) => {
          const asOf = Date.UTC(2023, 0, 1) + day * 86_400_000;
          const projection = lifecycle.projectEvents(sampleEvents(seed, 300), {
            asOf,
            churn: { model: 'bgnbd' },
            clv: true,
          });
          expect(hasOnlyFiniteNumbers(projection.valuation)).toBe(true);
          for (const customer of projection.customers) {
            const risk = customer.churnRisk?.probability;
            if (risk !== undefined) expect(risk >= 0 && risk <= 1).toBe(true);
            if (customer.pAlive !== undefined)
              expect(customer.pAlive >= 0 && customer.pAlive <= 1).toBe(true);
            const clv = customer.clv;
            if (clv === undefined) continue;
            expect(hasOnlyFiniteNumbers(clv)).toBe(true);
            expect(clv.historical).toBeGreaterThanOrEqual(0);
            expect(clv.residual).toBeGreaterThanOrEqual(0);
            expect(clv.total).toBeCloseTo(clv.historical + clv.residual, 9);
          }
        },
      ),
      { numRuns: 3 },
    );
  });

  it('values every customer more (or equally) with a higher margin and a longer horizon', () => {
    const fitted = fitValuationModels(base, AS_OF, resolveValuationSettings('test', true, true));
    const value = (margin: number, years: number) =>
      valueCustomers(
        atAsOf.customers,
        fitted,
        resolveValuationSettings('test', true, {
          margin,
          horizon: { length: years, unit: { days: 365.25 } },
        }),
        AS_OF,
      ).valuations.map((valuation) => valuation.clv);
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0.1, max: 10, noNaN: true }),
        fc.double({ min: 0.1, max: 10, noNaN: true }),
        (m1, m2, h1, h2) => {
          const [lowMargin, highMargin] = m1 <= m2 ? [m1, m2] : [m2, m1];
          const [short, long] = h1 <= h2 ? [h1, h2] : [h2, h1];
          const byMargin = [value(lowMargin, short), value(highMargin, short)];
          const byHorizon = [value(lowMargin, short), value(lowMargin, long)];
          atAsOf.customers.forEach((_, i) => {
            const [a, b] = byMargin.map((values) => values[i]);
            if (a === undefined || b === undefined) return;
            expect(b.total).toBeGreaterThanOrEqual(a.total - 1e-9);
            const [c, d] = byHorizon.map((values) => values[i]);
            expect(
              (d?.residual as number) + 1e-9 * (1 + (d?.residual as number)),
            ).toBeGreaterThanOrEqual(c?.residual as number);
          });
        },
      ),
      { numRuns: 5 },
    );
  });
});
