import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { subscriptionValue } from '../../../src/models/clv/subscriptionValue.js';
import { sbgDiscountedExpectedResidualLifetime } from '../../../src/models/sbg/sbgDiscountedExpectedResidualLifetime.js';
import { sbgSurvival } from '../../../src/models/sbg/sbgSurvival.js';

const year = { days: 365.25 };
const month = { days: 30.4375 };
const regular = { alpha: 0.704, beta: 1.182 };

describe('subscriptionValue', () => {
  it('is margin × payment × DERL plus the realised margin, for yearly contracts', () => {
    const value = subscriptionValue({
      params: regular,
      renewals: 4,
      period: year,
      paymentPerPeriod: 120,
      margin: 0.6,
      discount: { rate: 0.1, per: year },
      realisedRevenue: 600,
    });
    const derl = sbgDiscountedExpectedResidualLifetime(regular, { renewals: 4, discountRate: 0.1 });
    expect(value.discountedLifetime).toBe(derl);
    expect(value.residual).toBeCloseTo(0.6 * 120 * derl, 10);
    expect(value.historical).toBeCloseTo(360, 10);
    expect(value.total).toBeCloseTo(value.residual + 360, 10);
  });

  it('converts a yearly rate to monthly plans and a 2-year horizon to 24 payments', () => {
    const value = subscriptionValue({
      params: regular,
      renewals: 0,
      period: month,
      paymentPerPeriod: 10,
      margin: 1,
      discount: { rate: 0.1, per: year },
      horizon: { length: 2, unit: year },
    });
    const monthly = 1.1 ** (30.4375 / 365.25) - 1;
    let expected = 0;
    for (let k = 0; k < 24; k++)
      expected += (10 * sbgSurvival(regular, k + 1)) / (1 + monthly) ** k;
    expect(value.residual).toBeCloseTo(expected, 10);
  });

  it('rejects a margin above 1 and negative payments', () => {
    const base = { params: regular, renewals: 0, period: year, discount: { rate: 0.1, per: year } };
    expect(() => subscriptionValue({ ...base, paymentPerPeriod: 10, margin: 1.5 })).toThrowError(
      /margin must be a share in \[0, 1\]/,
    );
    expect(() => subscriptionValue({ ...base, paymentPerPeriod: -10, margin: 0.5 })).toThrowError(
      /paymentPerPeriod must be a finite amount >= 0/,
    );
  });

  it('is >= 0 and non-decreasing in the margin and the horizon', () => {
    const positive = fc.double({ min: 0.05, max: 20, noNaN: true });
    fc.assert(
      fc.property(
        positive,
        positive,
        fc.integer({ min: 0, max: 100 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.integer({ min: 0, max: 120 }),
        fc.integer({ min: 0, max: 120 }),
        (alpha, beta, renewals, m1, m2, h1, h2) => {
          const value = (margin: number, months: number) =>
            subscriptionValue({
              params: { alpha, beta },
              renewals,
              period: month,
              paymentPerPeriod: 25,
              margin,
              discount: { rate: 0.08, per: year },
              horizon: { length: months, unit: month },
            }).total;
          const [lowMargin, highMargin] = m1 <= m2 ? [m1, m2] : [m2, m1];
          const [short, long] = h1 <= h2 ? [h1, h2] : [h2, h1];
          expect(value(lowMargin, short)).toBeGreaterThanOrEqual(0);
          expect(value(highMargin, short)).toBeGreaterThanOrEqual(value(lowMargin, short));
          expect(value(highMargin, long)).toBeGreaterThanOrEqual(value(highMargin, short));
        },
      ),
      { numRuns: 200 },
    );
  });
});
