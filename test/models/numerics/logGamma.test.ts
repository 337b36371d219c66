import { describe, expect, it } from 'vitest';
import { gammaSign, logBeta, logGamma } from '../../../src/models/numerics/logGamma.js';

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
});

describe('gammaSign', () => {
  it('alternates between the poles', () => {
    expect([gammaSign(2.5), gammaSign(-0.5), gammaSign(-1.5), gammaSign(-2)]).toEqual([
      1, -1, 1, 0,
    ]);
  });
});
