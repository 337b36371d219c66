import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  hyp2f1,
  hyp2f1Work,
  logHyp2f1,
  MAX_SERIES_TERMS,
} from '../../../src/models/numerics/hyp2f1.js';

// [a, b, c, z, ln|F|, sign(F)], reference values from mpmath 1.3 at 40 digits.
const cases: readonly (readonly [number, number, number, number, number, number])[] = [
  [1, 1, 2, 0.75, 0.6143163324300619, 1],
  [1, 1, 2, 0.5, 0.326634259978281, 1],
  [0.5, 0.3, 1.7, 0.3, 0.029449551253172206, 1],
  [2.242593, 4.42575, 4.218636, 0.6, 2.1734541196059145, 1],
  [0.242593, 2.42575, 2.218636, 0.946446536145218, 0.8700319944209565, 1],
  [2.5, 1.5, 4, 0.9, 1.7034995889974271, 1],
  [2.5, 1.5, 4, 0.999, 3.2444769253632453, 1],
  [1.3, 0.7, 2.0000001, 0.95, 1.0638641670504423, 1],
  [3.2, -0.7, 2.1, -0.4, 0.33502549634067424, 1],
  [3.2, 0.7, 2.1, -5, -1.6064309518826434, 1],
  [3.2, 0.7, 2.1, -500, -4.786271155030794, 1],
  [3000.2, 3002.4, 3003.2, 0.4, 1532.170695684931, 1],
  [3000.2, 3002.4, 3003.2, 0.97, 10517.570532996107, 1],
  [0.8, 3.4, 0.9, 0.99, 15.00724201479101, 1],
  [-3, 2, 1.5, 0.9, -3.1004580700537265, -1],
  [27.159, 1.6059999999999999, 28.159, 0.3, 0.5489864246509085, 1],
];

describe('logHyp2f1', () => {
  it.each(cases)('matches mpmath for a=%s b=%s c=%s z=%s', (a, b, c, z, log, sign) => {
    const result = logHyp2f1(a, b, c, z);
    expect(result.sign).toBe(sign);
    expect(Math.abs(result.log - log)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(log)));
  });

  it('is 1 at z = 0 and when a or b is 0', () => {
    expect(logHyp2f1(2, 3, 4, 0)).toEqual({ log: 0, sign: 1 });
    expect(logHyp2f1(0, 3, 4, 0.9)).toEqual({ log: 0, sign: 1 });
  });

  it('uses Gauss’s theorem at z = 1 and is infinite where the series diverges', () => {
    // F(1, 1; 3; 1) = Γ(3)Γ(1)/(Γ(2)Γ(2)) = 2
    expect(Math.exp(logHyp2f1(1, 1, 3, 1).log)).toBeCloseTo(2, 12);
    expect(logHyp2f1(5, 6, 7, 1).log).toBe(Number.POSITIVE_INFINITY);
  });

  it('returns NaN, not a number, when c is a non-positive integer', () => {
    expect(logHyp2f1(1, 1, -2, 0.3).log).toBeNaN();
  });

  it('is continuous across the logarithmic case c - a - b = integer', () => {
    // F(1, 1; 2; z) = -ln(1 - z)/z has c - a - b = 0 exactly.
    for (const z of [0.6, 0.9, 0.99, 0.9999]) {
      const expected = -Math.log1p(-z) / z;
      expect(Math.abs(hyp2f1(1, 1, 2, z) / expected - 1)).toBeLessThan(1e-9);
    }
  });
});

describe('hyp2f1', () => {
  it('exponentiates logHyp2f1', () => {
    expect(hyp2f1(1, 1, 2, 0.5)).toBeCloseTo(2 * Math.LN2, 14);
    expect(hyp2f1(-3, 2, 1.5, 0.9)).toBeCloseTo(-0.045028571428571425, 14);
  });
});

// Parameters the buy-till-you-die models pass: shapes in the thousands to 1e11, z near 1.
// [a, b, c, z, ln|F|], F > 0; mpmath 1.3 at 50-60 digits (hyp2f1, or the series summed term by
// term where mpmath's own transformation does not converge).
const large: readonly (readonly [number, number, number, number, number])[] = [
  [10002.5, 1.3, 10003.5, 0.9999, 11.3283234579729],
  [5000, 5001.5, 5001, 0.99, 23028.15341603855],
  [0.3, 1e8, 1e8 + 0.5, 0.6, 0.2748872173122465],
  [399999999998.5, 99999999999, 399999999999, 52 / 55, 290872089652.6904],
  [399999999998.5, 99999999999, 399999999999, 0.625, 98082925300.01764],
];

// The parameters BG/NBD's expected purchases pass for long horizons (z near 1, one parameter
// negative in Euler's form); mpmath 1.3 at 50 digits.
const nearOne: readonly (readonly [number, number, number, number, number])[] = [
  [2.473, -0.2847, 3.7303, 0.999, -0.3643456803111747],
  [0.2569, 2.0151, 1.7304, 0.99, 1.775543688117201],
  [2.4738, -0.2847, 5.7304, 0.9995, -0.17462187261820661],
  [12.2569, 14.0151, 27.7304, 0.95, 11.768810488069843],
  [0.5, 1.5, 2.7, 0.85, 0.397573251887029],
  // c - a - b = 72.7: the connection formula's series in 1 - z has c = -71.7, whose terms fall
  // below 1e-17 of the sum by n = 30 and surge near n = 72. Stopping at the first small term
  // gave ln F = 8.774 and 7.115 for the first two (BG/NBD's E[Y(t)] for x = 79, t ≈ 1,600, off
  // by 2 %) and 4.6e-6 off for the third.
  [51.92572133049804, 6.292734676463756, 130.94350914620924, 0.8212264115276215, 2.543158392931402],
  [51.92572133049804, 6.292734676463756, 130.94350914620924, 0.8241152358025073, 2.554543516407067],
  [51.92572133049804, 6.292734676463756, 130.94350914620924, 0.8516779149430292, 2.664422286439971],
];

describe('logHyp2f1 near z = 1 with moderate parameters', () => {
  it.each(nearOne)('matches mpmath to 1e-12 for a=%s b=%s c=%s z=%s', (a, b, c, z, log) => {
    const result = logHyp2f1(a, b, c, z);
    expect(result.sign).toBe(1);
    expect(Math.abs(result.log - log)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(log)));
  });

  it('takes the 1 - z connection formula for small parameters: dozens of terms, not thousands', () => {
    // (With parameters in the tens its two terms cancel: the series in z is summed instead.)
    for (const [a, b, c, z] of nearOne.filter(([, , c]) => c < 10)) {
      hyp2f1Work.terms = 0;
      logHyp2f1(a, b, c, z);
      expect(hyp2f1Work.terms).toBeLessThan(100);
    }
  });
});

describe('logHyp2f1 for large parameters', () => {
  it.each(large)('matches mpmath for a=%s b=%s c=%s z=%s', (a, b, c, z, log) => {
    const result = logHyp2f1(a, b, c, z);
    expect(result.sign).toBe(1);
    expect(Math.abs(result.log - log)).toBeLessThanOrEqual(1e-10 * Math.abs(log));
  });

  it('is (1 - z)^-a in closed form when b = c, however large a and near 1 z', () => {
    hyp2f1Work.terms = 0;
    expect(logHyp2f1(1e6, 3.5, 3.5, 0.9999).log).toBeCloseTo(-1e6 * Math.log1p(-0.9999), 6);
    expect(logHyp2f1(2.5, 1.7, 1.7, 0.3).log).toBeCloseTo(-2.5 * Math.log1p(-0.3), 14);
    expect(hyp2f1Work.terms).toBe(0);
  });

  it('uses the precise 1 - z a caller passes: 2F1(1, 1; 2; z) = -ln(1 - z)/z at 1 - z = 1e-12', () => {
    // c - a - b = 0: the logarithmic case, interpolated in c (about 8 correct digits here).
    const w = 1e-12;
    const expected = Math.log(-Math.log(w) / (1 - w));
    expect(Math.abs(logHyp2f1(1, 1, 2, 1 - w, w).log / expected - 1)).toBeLessThan(1e-7);
  });

  it('reports NaN, never a wrong number, where no method converges within its budget', () => {
    // mpmath: ln F(250000, 0.7; 250001; 0.999) = 4.83264643926465,
    // ln F(1000001.5, 2.5; 1000002.5; 0.99999) = 28.57350458364876. The series would need
    // ~40,000 and ~4,000,000 terms, and the connection formula cancels (it gave 28.605).
    for (const [a, b, c, z, log] of [
      [250000, 0.7, 250001, 0.999, 4.83264643926465],
      [1000001.5, 2.5, 1000002.5, 0.99999, 28.57350458364876],
    ] as const) {
      const result = logHyp2f1(a, b, c, z);
      if (!Number.isNaN(result.log)) expect(Math.abs(result.log - log)).toBeLessThan(1e-8 * log);
    }
  });

  it('bounds the work of every call by a fixed number of series terms', () => {
    const shape = fc.oneof(
      fc.double({ min: 1e-3, max: 10, noNaN: true }),
      fc.double({ min: 10, max: 1e8, noNaN: true }),
    );
    fc.assert(
      fc.property(
        shape,
        shape,
        shape,
        fc.double({ min: 0, max: 0.9999999, noNaN: true }),
        (a, b, c, z) => {
          hyp2f1Work.terms = 0;
          const result = logHyp2f1(a, b, c, z);
          expect(hyp2f1Work.terms).toBeLessThanOrEqual(12 * MAX_SERIES_TERMS);
          if (!Number.isNaN(result.log)) expect(Number.isNaN(result.sign)).toBe(false);
        },
      ),
      { numRuns: 100 },
    );
  });
});
