/**
 * The retention machine driven by a fitted model: at risk once P(alive) <= atRisk, churned once
 * it is <= churned, at the exact crossing time (found by bisection, checked against BG/NBD's
 * closed form).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { pAliveDeadline, pAliveSettingsOf } from '../../src/machines/pAliveDeadline.js';
import { bgNbdPAlive } from '../../src/models/bgnbd/bgNbdPAlive.js';
import { paretoNbdPAlive } from '../../src/models/paretoNbd/paretoNbdPAlive.js';
import { createLifecycle } from '../../src/projection/createLifecycle.js';
import { retentionInputFromValuation } from '../../src/valuation/retentionInputFromValuation.js';
import { sampleEvents, toStored } from './support.js';

const BG = { r: 0.242593, alpha: 4.41353, a: 0.792886, b: 2.42575 };
const PARETO = { r: 0.553, alpha: 10.578, s: 0.606, beta: 11.669 };
const DAY = 86_400_000;
const WEEK = 7 * DAY;
const START = Date.UTC(2024, 0, 1);

describe('pAliveDeadline', () => {
  it("finds BG/NBD's closed-form crossing time to the millisecond", () => {
    const settings = pAliveSettingsOf({ params: BG }) ?? fail();
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 40 }),
        fc.integer({ min: 1, max: 400 }),
        fc.double({ min: 0.05, max: 0.95, noNaN: true }),
        (purchases, spanDays, threshold) => {
          const last = START + spanDays * DAY;
          const x = purchases - 1;
          const tx = (spanDays * DAY) / WEEK;
          const k = Math.log((1 - threshold) / threshold) - Math.log(BG.a) + Math.log(BG.b + x - 1);
          const T = (BG.alpha + tx) * Math.exp(k / (BG.r + x)) - BG.alpha;
          const expected = Math.max(last, START + T * WEEK);
          const found = pAliveDeadline(settings, purchases, START, last, threshold) as number;
          expect(Math.abs(found - expected)).toBeLessThanOrEqual(2);
        },
      ),
      { numRuns: 100 },
    );
  });

  it('finds the Pareto/NBD crossing, where P(alive) first falls to the threshold', () => {
    const settings = pAliveSettingsOf({ model: 'pareto-nbd', params: PARETO }) ?? fail();
    const last = START + 30 * DAY;
    const at = pAliveDeadline(settings, 3, START, last, 0.4) as number;
    const pAlive = (time: number) =>
      paretoNbdPAlive(PARETO, { x: 2, tx: (30 * DAY) / WEEK, T: (time - START) / WEEK });
    expect(pAlive(at)).toBeLessThanOrEqual(0.4);
    expect(pAlive(at - 1)).toBeGreaterThan(0.4);
  });

  it('leaves BG/NBD customers without a repeat purchase to the gap rule', () => {
    const settings = pAliveSettingsOf({ params: BG }) ?? fail();
    expect(pAliveDeadline(settings, 1, START, START, 0.5)).toBeNull();
  });

  it('rejects thresholds out of order and missing parameters', () => {
    expect(() => pAliveSettingsOf({ params: BG, atRisk: 0.2, churned: 0.5 })).toThrow(
      /0 < churned < atRisk < 1/,
    );
    expect(() => pAliveSettingsOf({ params: { r: 1 } })).toThrow(/params must have r, alpha, a, b/);
  });
});

describe('a lifecycle with retention driven by P(alive)', () => {
  const lifecycle = createLifecycle({
    input: { retention: { pAlive: { params: BG, atRisk: 0.5, churned: 0.2 } } },
  });

  it('puts a repeat buyer at risk and churned exactly when P(alive) crosses the thresholds', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 60 }), { minLength: 1, maxLength: 6 }),
        fc.integer({ min: 0, max: 2000 }),
        (gaps, idleDays) => {
          const days = [0];
          for (const gap of gaps) days.push((days.at(-1) as number) + gap);
          const events = toStored(
            days.map((day, i) => ({
              id: `p${i}`,
              type: 'purchase',
              customerId: 'c1',
              at: START + day * DAY,
              data: { orderId: `o${i}`, amount: 10, currency: 'USD' },
            })),
          );
          const last = START + (days.at(-1) as number) * DAY;
          const asOf = last + idleDays * DAY;
          const customer = lifecycle.projectEvents(events, { asOf }).customers[0];
          const pAlive = bgNbdPAlive(BG, {
            x: days.length - 1,
            tx: (last - START) / WEEK,
            T: (asOf - START) / WEEK,
          });
          const expected = pAlive <= 0.2 ? 'churned' : pAlive <= 0.5 ? 'atRisk' : 'active';
          expect(customer?.machines.retention?.value).toBe(expected);
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe('retentionInputFromValuation', () => {
  it('hands the fitted parameters of a valuing projection to the retention machine', () => {
    const events = sampleEvents(2, 400);
    const asOf = Date.parse('2024-08-23T00:00:00Z');
    const fitted = createLifecycle().projectEvents(events, { asOf, churn: true });
    const pAlive = retentionInputFromValuation(fitted.valuation, { atRisk: 0.6, churned: 0.3 });
    expect(pAlive).toMatchObject({ model: 'bgnbd', unitDays: 7, atRisk: 0.6, churned: 0.3 });
    const projection = createLifecycle({ input: { retention: { pAlive } } }).projectEvents(events, {
      asOf,
      churn: true,
    });
    for (const customer of projection.customers) {
      const value = customer.machines.retention?.value;
      if (customer.pAlive === undefined || customer.facts.purchases < 2) continue;
      if (value === 'active') expect(customer.pAlive).toBeGreaterThan(0.6 - 0.05);
      if (value === 'churned') expect(customer.pAlive).toBeLessThanOrEqual(0.3 + 0.05);
    }
    expect(retentionInputFromValuation(undefined)).toBeUndefined();
  });
});

function fail(): never {
  throw new Error('expected settings');
}
