import { describe, expect, it } from 'vitest';
import { upperIncompleteGammaScaled } from '../../../src/models/numerics/incompleteGamma.js';

// [a, z, e^z z^-a Γ(a, z)] from mpmath 1.3 at 40 digits.
const cases: readonly (readonly [number, number, number])[] = [
  [1, 2, 0.5],
  [0.394, 0.14, 2.814270912114013],
  [0.394, 3, 0.2867226245353366],
  [-0.5, 0.1, 1.1888698415916072],
  [-3.7, 0.5, 0.23037005438029462],
  [0, 0.3, 1.2225356050805856],
  [-2, 0.2, 0.42986697493864484],
  [0.9999999, 0.05, 19.999994811140077],
  [-1.000001, 0.7, 0.47312519796193186],
  [-5.5, 20, 0.03806940403185273],
  [0.5, 200, 0.004987592598183678],
];

describe('upperIncompleteGammaScaled', () => {
  it.each(cases)(
    'matches mpmath for a=%s, z=%s (also a <= 0 and at the poles of Γ(a))',
    (a, z, expected) => {
      expect(Math.abs(upperIncompleteGammaScaled(a, z) / expected - 1)).toBeLessThan(1e-7);
    },
  );

  it('is NaN outside z > 0', () => {
    expect(upperIncompleteGammaScaled(1, 0)).toBeNaN();
  });
});
