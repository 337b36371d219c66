import { describe, expect, it } from 'vitest';
import { logBeta } from '../../../src/models/numerics/logBeta.js';
import { gammaSign, logGamma } from '../../../src/models/numerics/logGamma.js';

const close = (actual: number, expected: number) =>
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(1e-13 * Math.max(1, Math.abs(expected)));

describe('logGamma', () => {
  it.each([
    [5, 3.1780538303479458],
    [0.5, 0.5723649429247001],
    [1e-8, 18.42068073818021],
    [100.25, 360.28455963776423],
    [3000.7, 21021.62290777603],
    [-0.5, 1.2655121234846454],
    [-2.5, -0.056243716497674054],
  ])('ln|Γ(%s)| matches mpmath', (x, expected) => close(logGamma(x), expected));

  it('is ln (n - 1)! at the integers n = 1..171', () => {
    let factorial = 1n;
    for (let n = 1; n <= 171; n++) {
      if (n > 1) factorial *= BigInt(n - 1);
      close(logGamma(n), Math.log(Number(factorial)));
    }
  });

  it('is ln √π at 1/2 and ln((2n)! √π / (4^n n!)) at n + 1/2', () => {
    expect(logGamma(0.5)).toBe(0.5 * Math.log(Math.PI));
    let ratio = 1; // (2n)! / (4^n n!) = Π (2k - 1)/2
    for (let n = 1; n <= 100; n++) {
      ratio *= (2 * n - 1) / 2;
      close(logGamma(n + 0.5), Math.log(ratio) + 0.5 * Math.log(Math.PI));
    }
  });

  it('satisfies the reflection formula Γ(x) Γ(1 - x) = π / sin(πx) between the poles', () => {
    for (let x = -9.95; x < 1; x += 0.1) {
      close(logGamma(x) + logGamma(1 - x), Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))));
    }
  });

  it('is NaN only for NaN, and infinite at both infinities', () => {
    expect(logGamma(Number.NaN)).toBeNaN();
    expect(logGamma(Number.POSITIVE_INFINITY)).toBe(Number.POSITIVE_INFINITY);
    expect(logGamma(Number.NEGATIVE_INFINITY)).toBe(Number.POSITIVE_INFINITY);
  });

  it('is infinite at the poles', () => {
    expect(logGamma(0)).toBe(Number.POSITIVE_INFINITY);
    expect(logGamma(-3)).toBe(Number.POSITIVE_INFINITY);
  });
});

describe('logBeta', () => {
  it.each([
    [2, 3, -2.4849066497880004],
    [0.792886, 2.42575, -0.511257873058684],
    [0.5, 3000.2, -3.4308105092338135],
    [1e-3, 1e3, 6.900271629687955],
  ])('ln B(%s, %s) matches mpmath', (a, b, expected) => close(logBeta(a, b), expected));

  it('is -ln a for B(a, 1) = 1/a, and symmetric', () => {
    for (let e = -8; e <= 8; e += 0.25) {
      const a = 10 ** e;
      close(logBeta(a, 1), -Math.log(a));
      expect(logBeta(1, a)).toBe(logBeta(a, 1));
    }
  });

  it('is ln((m-1)! (n-1)! / (m+n-1)!) at integers m, n', () => {
    const factorial = (n: number) => {
      let f = 1;
      for (let k = 2; k <= n; k++) f *= k;
      return f;
    };
    for (let m = 1; m <= 30; m++) {
      for (let n = 1; n <= 30; n++) {
        close(
          logBeta(m, n),
          Math.log((factorial(m - 1) * factorial(n - 1)) / factorial(m + n - 1)),
        );
      }
    }
  });
});

describe('gammaSign', () => {
  it('alternates between the poles', () => {
    expect([gammaSign(2.5), gammaSign(-0.5), gammaSign(-1.5), gammaSign(-2)]).toEqual([
      1, -1, 1, 0,
    ]);
  });
});
