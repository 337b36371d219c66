import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bgbbConditionalExpectedTransactions } from '../../../src/models/bgbb/bgbbConditionalExpectedTransactions.js';
import { bgbbDiscountedExpectedTransactions } from '../../../src/models/bgbb/bgbbDiscountedExpectedTransactions.js';
import { bgbbExpectedTransactions } from '../../../src/models/bgbb/bgbbExpectedTransactions.js';
import { bgbbProbabilityAlive } from '../../../src/models/bgbb/bgbbProbabilityAlive.js';
import { bgbbProbabilityOfTransactions } from '../../../src/models/bgbb/bgbbProbabilityOfTransactions.js';
import { fitBgBb } from '../../../src/models/bgbb/fitBgBb.js';
import { hyp2f1 } from '../../../src/models/numerics/hyp2f1.js';
import { logGamma } from '../../../src/models/numerics/logGamma.js';
import { donations, publishedDonationParams } from './donations.js';

const { params } = fitBgBb(donations);

describe('BG/BB predictions on the donations data', () => {
  it('gives P(alive in 2002) = 0.11, 0.59, 0.93 for (x, t_x) = (0, 0), (2, 4), (6, 6) (Table 6)', () => {
    const alive = [
      [0, 0],
      [2, 4],
      [6, 6],
    ].map(([x = 0, tx = 0]) => bgbbProbabilityAlive(params, { x, tx, n: 6 }));
    expect(alive.map((p) => p.toFixed(2))).toEqual(['0.11', '0.59', '0.93']);
  });

  it("predicts 12,884 holdout donations for 2002-2006 (Hardie's spreadsheet 12,884.2; actual 13,260)", () => {
    let predicted = 0;
    let actual = 0;
    for (const row of donations) {
      predicted += row.count * bgbbConditionalExpectedTransactions(params, row, 5);
      actual += row.holdout;
    }
    expect(actual).toBe(13_260);
    expect(Math.abs(predicted - 12_884.2)).toBeLessThan(0.5);
    // The model under-forecasts the holdout by under 3 %.
    expect(Math.abs(predicted / actual - 1)).toBeLessThan(0.03);
  });

  it("expects 3,454.9 donors with x = 0 and 1,253.1 with x = 6 over 1996-2001 (Hardie's in-sample fit)", () => {
    expect(Math.abs(11_104 * bgbbProbabilityOfTransactions(params, 0, 6) - 3454.9)).toBeLessThan(
      0.05,
    );
    expect(Math.abs(11_104 * bgbbProbabilityOfTransactions(params, 6, 6) - 1253.1)).toBeLessThan(
      0.05,
    );
  });

  it('P(X(n) = x) sums to 1 over x and its mean is E[X(n)]', () => {
    for (const n of [1, 6, 40]) {
      let total = 0;
      let mean = 0;
      for (let x = 0; x <= n; x++) {
        const p = bgbbProbabilityOfTransactions(params, x, n);
        total += p;
        mean += x * p;
      }
      expect(total).toBeCloseTo(1, 12);
      expect(bgbbExpectedTransactions(params, n)).toBeCloseTo(mean, 10);
    }
  });

  it("E[X(n)] equals the paper's closed form α/(α+β) · δ/(γ-1) · [1 - Γ(γ+δ)Γ(1+δ+n) / (Γ(γ+δ+n)Γ(1+δ))]", () => {
    const { alpha, beta, gamma, delta } = publishedDonationParams;
    for (const n of [1, 6, 11, 1000, 250_000]) {
      const ratio = Math.exp(
        logGamma(gamma + delta) +
          logGamma(1 + delta + n) -
          logGamma(gamma + delta + n) -
          logGamma(1 + delta),
      );
      const closed = (alpha / (alpha + beta)) * (delta / (gamma - 1)) * (1 - ratio);
      expect(bgbbExpectedTransactions(publishedDonationParams, n) / closed).toBeCloseTo(1, 9);
    }
  });

  it('DERT equals the hypergeometric form of eq. 14 and the undiscounted sum at rate 0', () => {
    const history = { x: 4, tx: 5, n: 6 };
    const { gamma, delta } = params;
    const d = 0.1;
    const scale =
      bgbbConditionalExpectedTransactions(params, history, 1) /
      (((delta + 6) / (gamma + delta + 6)) * 1); // = B(α+x+1, β+n-x)/B(α,β) · B(γ, δ+n)/B(γ,δ) / L
    const hyper =
      (scale *
        ((delta + 6) / (gamma + delta + 6)) *
        hyp2f1(1, delta + 7, gamma + delta + 7, 1 / (1 + d))) /
      (1 + d);
    expect(bgbbDiscountedExpectedTransactions(params, history, { discountRate: d })).toBeCloseTo(
      hyper,
      9,
    );
    expect(
      bgbbDiscountedExpectedTransactions(params, history, { discountRate: 0, periods: 5 }),
    ).toBeCloseTo(bgbbConditionalExpectedTransactions(params, history, 5), 12);
  });

  it('rejects an infinite undiscounted horizon when gamma <= 1, naming the fix', () => {
    expect(() =>
      bgbbDiscountedExpectedTransactions(params, { x: 1, tx: 1, n: 6 }, { discountRate: 0 }),
    ).toThrowError(
      /discountRate must be > 0 for an infinite horizon when gamma <= 1.*Pass a discount rate or a finite number of periods/,
    );
    expect(
      bgbbConditionalExpectedTransactions(params, { x: 1, tx: 1, n: 6 }, Number.POSITIVE_INFINITY),
    ).toBe(Number.POSITIVE_INFINITY);
    const converging = { ...params, gamma: 1.5 };
    const infinite = bgbbConditionalExpectedTransactions(
      converging,
      { x: 1, tx: 1, n: 6 },
      Number.POSITIVE_INFINITY,
    );
    const long = bgbbConditionalExpectedTransactions(converging, { x: 1, tx: 1, n: 6 }, 1e12);
    expect(long / infinite).toBeCloseTo(1, 5);
  });

  it('stays finite for huge histories and horizons', () => {
    const history = { x: 500_000, tx: 999_000, n: 1_000_000 };
    expect(Number.isFinite(bgbbProbabilityAlive(params, history))).toBe(true);
    expect(Number.isFinite(bgbbConditionalExpectedTransactions(params, history, 1e9))).toBe(true);
    expect(
      Number.isFinite(bgbbDiscountedExpectedTransactions(params, history, { discountRate: 1e-6 })),
    ).toBe(true);
    expect(bgbbExpectedTransactions({ ...params, gamma: 1 }, 10_000_000)).toBeGreaterThan(
      bgbbExpectedTransactions({ ...params, gamma: 1 }, 1_000_000),
    );
  });
});

describe('BG/BB properties', () => {
  const positive = fc.double({ min: 1e-2, max: 1e2, noNaN: true });
  const paramsArb = fc.record({
    alpha: positive,
    beta: positive,
    gamma: positive,
    delta: positive,
  });
  const historyArb = fc
    .record({ n: fc.integer({ min: 0, max: 60 }), a: fc.nat(), b: fc.nat() })
    .map(({ n, a, b }) => {
      const tx = a % (n + 1);
      return { x: tx === 0 ? 0 : 1 + (b % tx), tx, n };
    });

  it('P(alive) is in [0, 1] and does not increase with the periods ahead', () => {
    fc.assert(
      fc.property(paramsArb, historyArb, fc.integer({ min: 0, max: 50 }), (p, history, m) => {
        const now = bgbbProbabilityAlive(p, history, m);
        const later = bgbbProbabilityAlive(p, history, m + 1);
        expect(now).toBeGreaterThanOrEqual(0);
        expect(now).toBeLessThanOrEqual(1);
        expect(later).toBeLessThanOrEqual(now + 1e-12);
      }),
      { numRuns: 200 },
    );
  });

  it('expected transactions are non-negative and non-decreasing in the horizon', () => {
    fc.assert(
      fc.property(
        paramsArb,
        historyArb,
        fc.integer({ min: 0, max: 200 }),
        fc.integer({ min: 0, max: 200 }),
        (p, history, a, b) => {
          const [short, long] = a <= b ? [a, b] : [b, a];
          const conditional = [short, long].map((periods) =>
            bgbbConditionalExpectedTransactions(p, history, periods),
          );
          const fresh = [short, long].map((periods) => bgbbExpectedTransactions(p, periods));
          const discounted = [short, long].map((periods) =>
            bgbbDiscountedExpectedTransactions(p, history, { discountRate: 0.05, periods }),
          );
          for (const [low, high] of [conditional, fresh, discounted]) {
            expect(low).toBeGreaterThanOrEqual(0);
            expect(high as number).toBeGreaterThanOrEqual((low as number) * (1 - 1e-12));
          }
          // At most one transaction per opportunity.
          expect(conditional[1]).toBeLessThanOrEqual(long + 1e-9);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('P(X(n) = x) is in [0, 1]', () => {
    fc.assert(
      fc.property(paramsArb, fc.integer({ min: 0, max: 80 }), fc.nat(), (p, n, k) => {
        const probability = bgbbProbabilityOfTransactions(p, k % (n + 1), n);
        expect(probability).toBeGreaterThanOrEqual(0);
        expect(probability).toBeLessThanOrEqual(1);
      }),
      { numRuns: 200 },
    );
  });
});
