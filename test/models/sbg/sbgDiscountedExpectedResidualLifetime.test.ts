import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hyp2f1 } from '../../../src/models/numerics/hyp2f1.js';
import {
  sbgDiscountedExpectedLifetime,
  sbgDiscountedExpectedResidualLifetime,
} from '../../../src/models/sbg/sbgDiscountedExpectedResidualLifetime.js';
import { sbgSurvival } from '../../../src/models/sbg/sbgSurvival.js';

const regular = { alpha: 0.704, beta: 1.182 };
const highEnd = { alpha: 0.668, beta: 3.806 };

describe('sbgDiscountedExpectedResidualLifetime (Fader & Hardie 2010)', () => {
  it('equals (β+n-1)/(α+β+n-1) · 2F1(1, β+n; α+β+n; 1/(1+d)) for a customer with n-1 renewals', () => {
    for (const params of [regular, highEnd]) {
      const { alpha, beta } = params;
      for (const renewals of [0, 1, 4, 10, 100]) {
        for (const d of [0.05, 0.1, 0.5]) {
          const n = renewals + 1;
          const expected =
            ((beta + n - 1) / (alpha + beta + n - 1)) *
            hyp2f1(1, beta + n, alpha + beta + n, 1 / (1 + d));
          const derl = sbgDiscountedExpectedResidualLifetime(params, { renewals, discountRate: d });
          expect(derl / expected).toBeCloseTo(1, 10);
        }
      }
    }
  });

  it('is the discounted sum of survival probabilities: S(n+k)/S(n-1) discounted by (1+d)^k', () => {
    const d = 0.1;
    for (const renewals of [3, 100]) {
      const terms: number[] = [];
      for (let k = 0; k < 1000; k++) {
        terms.push(
          sbgSurvival(regular, renewals + 1 + k) / sbgSurvival(regular, renewals) / (1 + d) ** k,
        );
      }
      const sum = (count: number) => terms.slice(0, count).reduce((a, b) => a + b, 0);
      expect(
        sbgDiscountedExpectedResidualLifetime(regular, { renewals, discountRate: d, periods: 1 }),
      ).toBeCloseTo(sum(1), 12);
      expect(
        sbgDiscountedExpectedResidualLifetime(regular, { renewals, discountRate: d, periods: 8 }),
      ).toBeCloseTo(sum(8), 12);
      expect(
        sbgDiscountedExpectedResidualLifetime(regular, { renewals, discountRate: d }) / sum(1000),
      ).toBeCloseTo(1, 10);
    }
  });

  it('grows with tenure: customers who stayed longer are more valuable', () => {
    const derl = [0, 1, 2, 5, 10].map((renewals) =>
      sbgDiscountedExpectedResidualLifetime(highEnd, { renewals, discountRate: 0.1 }),
    );
    for (let i = 1; i < derl.length; i++) expect(derl[i]).toBeGreaterThan(derl[i - 1] as number);
  });

  it('DEL of a new customer is Σ S(t)/(1+d)^t = 2F1(1, β; α+β; 1/(1+d))', () => {
    const { alpha, beta } = highEnd;
    expect(sbgDiscountedExpectedLifetime(highEnd, { discountRate: 0.1 })).toBeCloseTo(
      hyp2f1(1, beta, alpha + beta, 1 / 1.1),
      10,
    );
    expect(sbgDiscountedExpectedLifetime(highEnd, { discountRate: 0, periods: 1 })).toBe(1);
  });

  it('rejects an undiscounted infinite horizon when alpha <= 1, and allows it when alpha > 1', () => {
    expect(() =>
      sbgDiscountedExpectedResidualLifetime(regular, { renewals: 0, discountRate: 0 }),
    ).toThrowError(
      /discountRate must be > 0 for an infinite horizon when alpha <= 1.*Pass a discount rate or a finite number of periods/,
    );
    // E[residual lifetime] = (β + n - 1) / (α - 1) for α > 1.
    const params = { alpha: 3, beta: 2 };
    expect(
      sbgDiscountedExpectedResidualLifetime(params, { renewals: 2, discountRate: 0 }),
    ).toBeCloseTo((2 + 2) / (3 - 1), 12);
  });

  it('rejects a tiny positive rate with an infinite horizon, and negative rates', () => {
    expect(() =>
      sbgDiscountedExpectedResidualLifetime(regular, { renewals: 0, discountRate: 1e-9 }),
    ).toThrowError(/>= 0.000001/);
    expect(() =>
      sbgDiscountedExpectedResidualLifetime(regular, { renewals: 0, discountRate: -0.1 }),
    ).toThrowError(/discountRate/);
  });

  it('is positive, finite and non-decreasing in the number of periods', () => {
    const positive = fc.double({ min: 1e-2, max: 1e2, noNaN: true });
    fc.assert(
      fc.property(
        positive,
        positive,
        fc.integer({ min: 0, max: 10_000 }),
        fc.double({ min: 1e-3, max: 1, noNaN: true }),
        fc.integer({ min: 0, max: 500 }),
        (alpha, beta, renewals, discountRate, periods) => {
          const shorter = sbgDiscountedExpectedResidualLifetime(
            { alpha, beta },
            { renewals, discountRate, periods },
          );
          const longer = sbgDiscountedExpectedResidualLifetime(
            { alpha, beta },
            { renewals, discountRate, periods: periods + 1 },
          );
          const all = sbgDiscountedExpectedResidualLifetime(
            { alpha, beta },
            { renewals, discountRate },
          );
          expect(shorter).toBeGreaterThanOrEqual(0);
          expect(longer).toBeGreaterThanOrEqual(shorter);
          expect(all).toBeGreaterThanOrEqual(longer * (1 - 1e-12));
          expect(Number.isFinite(all)).toBe(true);
          // Never more than the undiscounted payment stream of a customer who never churns.
          expect(all).toBeLessThanOrEqual((1 + discountRate) / discountRate);
        },
      ),
      { numRuns: 200 },
    );
  });
});
