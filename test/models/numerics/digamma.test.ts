import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { digamma, digammaDifference } from '../../../src/models/numerics/digamma.js';
import { logGamma } from '../../../src/models/numerics/logGamma.js';

const close = (actual: number, expected: number, tolerance = 4e-15) =>
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(
    tolerance * Math.max(1, Math.abs(expected)),
  );

describe('digamma', () => {
  // Reference values from mpmath (30 digits), rounded to the nearest double.
  it.each([
    [1e-8, -100000000.57721564],
    [0.1, -10.423754940411078],
    [0.5, -1.9635100260214235],
    [1, -0.5772156649015329],
    [1.5, 0.03648997397857652],
    [2, 0.42278433509846713],
    [3.7, 1.1671535393615113],
    [9.999, 2.2516474172057355],
    [10, 2.251752589066721],
    [10.5, 2.3030010342976865],
    [100, 4.600161852738087],
    [1e5, 11.512920464961896],
    [1e10, 23.025850929890456],
  ])('ψ(%s) matches mpmath', (x, expected) => close(digamma(x), expected));

  it('is NaN outside x > 0 and Infinity at Infinity', () => {
    expect(digamma(0)).toBeNaN();
    expect(digamma(-1.5)).toBeNaN();
    expect(digamma(Number.NaN)).toBeNaN();
    expect(digamma(Number.POSITIVE_INFINITY)).toBe(Number.POSITIVE_INFINITY);
  });

  it('satisfies ψ(x + 1) = ψ(x) + 1/x', () => {
    fc.assert(
      fc.property(fc.double({ min: 1e-3, max: 1e6, noNaN: true }), (x) => {
        // Both sides carry the rounding of terms as large as 1/x.
        const size = Math.max(1, 1 / x);
        expect(Math.abs(digamma(x + 1) - (digamma(x) + 1 / x))).toBeLessThanOrEqual(1e-14 * size);
      }),
      { numRuns: 200 },
    );
  });

  it('is the derivative of ln Γ', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.05, max: 1e4, noNaN: true }), (x) => {
        const h = 1e-5 * x;
        const slope = (logGamma(x + h) - logGamma(x - h)) / (2 * h);
        expect(Math.abs(digamma(x) - slope)).toBeLessThan(1e-6 * Math.max(1, Math.abs(slope)));
      }),
      { numRuns: 100 },
    );
  });
});

describe('digammaDifference', () => {
  it('is ψ(a + b) - ψ(a), without cancellation for huge a', () => {
    close(digammaDifference(1, 1), 1);
    close(digammaDifference(0.5, 2), digamma(2.5) - digamma(0.5));
    // mpmath: ψ(1e9 + 2) - ψ(1e9) = 1.999999999e-9; ψ(100004) - ψ(100001).
    close(digammaDifference(1e9, 2) * 1e9, 1.999999999, 1e-14);
    close(digammaDifference(100001, 3) * 1e5, 2.999940001399964, 1e-12);
  });
});
