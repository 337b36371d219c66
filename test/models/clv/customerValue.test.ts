import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bgbbDiscountedExpectedTransactions } from '../../../src/models/bgbb/bgbbDiscountedExpectedTransactions.js';
import { fitBgBb } from '../../../src/models/bgbb/fitBgBb.js';
import { bgNbdConditionalExpectedPurchases } from '../../../src/models/bgnbd/bgNbdConditionalExpectedPurchases.js';
import { bgNbdDert } from '../../../src/models/bgnbd/bgNbdDert.js';
import { customerValue } from '../../../src/models/clv/customerValue.js';
import { discountExpectedTransactions } from '../../../src/models/clv/discountExpectedTransactions.js';
import { ratePerUnit } from '../../../src/models/clv/ratePerUnit.js';
import { gammaGammaExpectedSpend } from '../../../src/models/gammaGamma/gammaGammaExpectedSpend.js';
import { donations } from '../bgbb/donations.js';

const year = { days: 365.25 };

/** Poisson purchases at rate λ during an exponential lifetime with rate μ: E(t) = λ/μ (1 - e^(-μt)). */
const exponentialLifetime = (lambda: number, mu: number) => (t: number) =>
  (lambda / mu) * -Math.expm1(-mu * t);

describe('discountExpectedTransactions', () => {
  it('matches the closed form ∫ e^(-δt) λ e^(-μt) dt = λ (1 - e^(-(δ+μ)H)) / (δ+μ)', () => {
    const lambda = 0.4;
    const mu = 0.02;
    for (const [rate, years] of [
      [0.1, 1],
      [0.1, 10],
      [0.5, 3],
      [0.02, 50],
    ] as const) {
      const delta = (Math.log1p(rate) * 7) / 365.25;
      const horizon = (years * 365.25) / 7;
      const expected = (lambda * -Math.expm1(-(delta + mu) * horizon)) / (delta + mu);
      const actual = discountExpectedTransactions({
        expectedTransactions: exponentialLifetime(lambda, mu),
        timeUnit: 'week',
        horizon: { length: years, unit: year },
        discount: { rate, per: year },
      });
      expect(actual / expected).toBeCloseTo(1, 10);
    }
  });

  it('without discounting is the expected transactions over the horizon, in the model time unit', () => {
    // The time-unit trap: a 12-month horizon on a weekly model is 52.18 weeks, not 360.
    const value = discountExpectedTransactions({
      expectedTransactions: (t) => t,
      timeUnit: 'week',
      horizon: { length: 12, unit: { days: 30.4375 } },
      discount: { rate: 0, per: year },
    });
    expect(value).toBeCloseTo((12 * 30.4375) / 7, 10);
  });

  it('reaches the unlimited value over a long horizon, not 0', () => {
    // λ = 0.4 a week for a lifetime of rate μ = 0.02, 10 % a year (δ = ln 1.1 · 7 / 365.25 =
    // 0.0018283 a week): beyond a few thousand years the value is λ / (δ + μ) = 0.4 / 0.0218283
    // = 18.3248. A horizon of a million years gave 0: the first Gauss nodes of [0, H] all fell
    // where e^(-δt) underflows, and the error estimate agreed with them.
    const delta = (Math.log(1.1) * 7) / 365.25;
    const unlimited = 0.4 / (delta + 0.02);
    for (const years of [1e3, 1e6, 1e9]) {
      const value = discountExpectedTransactions({
        expectedTransactions: exponentialLifetime(0.4, 0.02),
        timeUnit: 'week',
        horizon: { length: years, unit: year },
        discount: { rate: 0.1, per: year },
      });
      expect(value / unlimited).toBeCloseTo(1, 10);
    }
  });

  it('stays exact for a curve with a kink', () => {
    // Buys weekly for 10 weeks, then never again: 10 purchases, discounted at 10 % a year.
    const value = discountExpectedTransactions({
      expectedTransactions: (t) => Math.min(t, 10),
      timeUnit: 'week',
      horizon: { length: 1, unit: year },
      discount: { rate: 0.1, per: year },
    });
    const delta = (Math.log(1.1) * 7) / 365.25;
    expect(value).toBeCloseTo(-Math.expm1(-delta * 10) / delta, 8);
  });

  it('rejects an infinite horizon (use the DERT) and curves that return nonsense', () => {
    const base = { timeUnit: 'week' as const, discount: { rate: 0.1, per: year } };
    expect(() =>
      discountExpectedTransactions({
        ...base,
        expectedTransactions: (t) => t,
        horizon: { length: Number.POSITIVE_INFINITY, unit: year },
      }),
    ).toThrowError(/horizon\.length must be finite.*DERT/);
    expect(() =>
      discountExpectedTransactions({
        ...base,
        expectedTransactions: () => Number.NaN,
        horizon: { length: 1, unit: year },
      }),
    ).toThrowError(/expectedTransactions\(.*\) must be a finite number >= 0, received NaN/);
  });
});

describe('customerValue', () => {
  it('is discounted transactions × expected spend × margin, plus the realised margin', () => {
    const value = customerValue({
      discountedTransactions: 4,
      expectedSpend: 25,
      margin: 0.3,
      realisedSpend: 100,
    });
    expect(value).toEqual({ residual: 30, historical: 30, total: 60, discountedTransactions: 4 });
  });

  it('values a donor with the BG/BB DERT: yearly opportunities, 10 % a year', () => {
    const { params } = fitBgBb(donations);
    const loyal = { x: 6, tx: 6, n: 6 };
    const lapsed = { x: 1, tx: 1, n: 6 };
    const value = (history: typeof loyal) =>
      customerValue({
        discountedTransactions: bgbbDiscountedExpectedTransactions(params, history, {
          discountRate: ratePerUnit({ rate: 0.1, per: year }, year),
        }),
        expectedSpend: 50,
        margin: 1,
      }).residual;
    expect(value(loyal)).toBeGreaterThan(5 * value(lapsed));
    // Never more than one donation a year for ever, discounted: 50 · Σ 1.1^-k = 500.
    expect(value(loyal)).toBeLessThan(500);
  });

  it("values a CDNOW customer with BG/NBD: the discounted curve agrees with bgNbdDert's fine grid", () => {
    const params = { r: 0.242593, alpha: 4.41353, a: 0.792886, b: 2.42575 };
    const customer = { x: 2, tx: 30.43, T: 38.86 };
    const weekly = ratePerUnit({ rate: 0.15, per: year }, 'week');
    const horizon = Math.log(1e6) / Math.log1p(weekly);
    const curve = customerValue({
      curve: {
        expectedTransactions: (t) => bgNbdConditionalExpectedPurchases(params, customer, t),
        timeUnit: 'week',
        horizon: { length: horizon, unit: 'week' },
        discount: { rate: 0.15, per: year },
      },
      expectedSpend: gammaGammaExpectedSpend(
        { p: 6.25, q: 3.74, gamma: 15.44 },
        { x: 2, meanSpend: 22.35 },
      ),
      margin: 0.3,
    });
    const dert = bgNbdDert(params, customer, { discountRate: weekly, horizon });
    expect(curve.discountedTransactions / dert).toBeCloseTo(1, 9);
    expect(curve.residual).toBeCloseTo(dert * 24.66 * 0.3, 1);
  });

  it('rejects a margin outside [0, 1] and negative amounts, naming the field', () => {
    expect(() =>
      customerValue({ discountedTransactions: 1, expectedSpend: 10, margin: 30 }),
    ).toThrowError(/customerValue: margin must be a share in \[0, 1\]/);
    expect(() =>
      customerValue({ discountedTransactions: -1, expectedSpend: 10, margin: 0.3 }),
    ).toThrowError(/discountedTransactions must be a finite number >= 0/);
    expect(() =>
      customerValue({
        discountedTransactions: 1,
        expectedSpend: 10,
        margin: 0.3,
        realisedSpend: -5,
      }),
    ).toThrowError(/realisedSpend must be a finite number >= 0/);
  });

  it('is >= 0 and non-decreasing in the margin and the horizon', () => {
    const spendParams = { p: 6.25, q: 3.74, gamma: 15.44 };
    fc.assert(
      fc.property(
        fc.double({ min: 0.001, max: 5, noNaN: true }),
        fc.double({ min: 1e-4, max: 1, noNaN: true }),
        fc.integer({ min: 0, max: 50 }),
        fc.double({ min: 1, max: 500, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 10, noNaN: true }),
        fc.double({ min: 0, max: 10, noNaN: true }),
        (lambda, mu, x, meanSpend, m1, m2, h1, h2) => {
          const expectedSpend = gammaGammaExpectedSpend(spendParams, { x, meanSpend });
          const value = (margin: number, years: number) =>
            customerValue({
              curve: {
                expectedTransactions: exponentialLifetime(lambda, mu),
                timeUnit: 'week',
                horizon: { length: years, unit: year },
                discount: { rate: 0.1, per: year },
              },
              expectedSpend,
              margin,
              realisedSpend: 10,
            }).total;
          const [lowMargin, highMargin] = m1 <= m2 ? [m1, m2] : [m2, m1];
          const [short, long] = h1 <= h2 ? [h1, h2] : [h2, h1];
          expect(value(lowMargin, short)).toBeGreaterThanOrEqual(0);
          expect(value(highMargin, short)).toBeGreaterThanOrEqual(value(lowMargin, short));
          expect(value(highMargin, long)).toBeGreaterThanOrEqual(
            value(highMargin, short) * (1 - 1e-9),
          );
        },
      ),
      { numRuns: 100 },
    );
  });
});
