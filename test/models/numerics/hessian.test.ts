import { describe, expect, it } from 'vitest';
import {
  hessian,
  invertPositiveDefinite,
  standardErrors,
} from '../../../src/models/numerics/hessian.js';

describe('hessian', () => {
  it('differentiates twice by central differences', () => {
    const h = hessian(([a = 0, b = 0]) => a * a * b + Math.exp(b), [1, 2]);
    expect(h[0]?.[0]).toBeCloseTo(4, 5);
    expect(h[0]?.[1]).toBeCloseTo(2, 5);
    expect(h[1]?.[0]).toBeCloseTo(2, 5);
    expect(h[1]?.[1]).toBeCloseTo(Math.exp(2), 4);
  });
});

describe('invertPositiveDefinite', () => {
  it('inverts a symmetric positive-definite matrix', () => {
    const inverse = invertPositiveDefinite([
      [4, 2],
      [2, 3],
    ]);
    // 1/8 * [[3, -2], [-2, 4]]
    expect(inverse?.[0]?.[0]).toBeCloseTo(0.375, 14);
    expect(inverse?.[0]?.[1]).toBeCloseTo(-0.25, 14);
    expect(inverse?.[1]?.[1]).toBeCloseTo(0.5, 14);
  });

  it('returns undefined for a matrix that is not positive definite', () => {
    expect(
      invertPositiveDefinite([
        [1, 2],
        [2, 1],
      ]),
    ).toBeUndefined();
  });
});

describe('standardErrors', () => {
  it('gives the textbook errors of a normal mean and variance', () => {
    // n = 200 observations, sample mean 1.5, sample variance 4: se(mu) = sqrt(4/200), se(var) = sqrt(2*16/200).
    const n = 200;
    const negLogLik = ([mu = 0, variance = 1]: readonly number[]) =>
      (n / 2) * Math.log(variance) + (n * (4 + (1.5 - mu) ** 2)) / (2 * variance);
    const errors = standardErrors(negLogLik, [1.5, 4]);
    expect(errors?.[0]).toBeCloseTo(Math.sqrt(4 / n), 6);
    expect(errors?.[1]).toBeCloseTo(Math.sqrt(32 / n), 5);
  });

  it('returns undefined on a flat likelihood', () => {
    expect(standardErrors(() => 1, [1, 2])).toBeUndefined();
  });
});
