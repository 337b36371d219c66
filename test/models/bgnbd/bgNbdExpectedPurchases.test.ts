import { describe, expect, it } from 'vitest';
import { bgNbdConditionalExpectedPurchases } from '../../../src/models/bgnbd/bgNbdConditionalExpectedPurchases.js';
import { bgNbdExpectedPurchases } from '../../../src/models/bgnbd/bgNbdExpectedPurchases.js';
import { hyp2f1Work } from '../../../src/models/numerics/hyp2f1.js';

const expectRelative = (actual: number, expected: number, tolerance: number) =>
  expect(Math.abs(actual / expected - 1)).toBeLessThanOrEqual(tolerance);

// References: E[X(t)] = (a+b-1)/(a-1) [1 - (α/(α+t))^r ₂F₁(r, b; a+b-1; t/(α+t))] (Fader, Hardie
// & Lee 2005, eq. 9) evaluated with mpmath 1.3 at 60 digits, the series summed term by term.
describe('bgNbdExpectedPurchases with fitted shapes a, b in the hundreds of billions', () => {
  const params = { r: 0.5, alpha: 3, a: 1e11, b: 3e11 };

  it('matches the reference values', () => {
    expectRelative(bgNbdExpectedPurchases(params, 52), 2.2679491924396391, 1e-12);
    expectRelative(bgNbdExpectedPurchases(params, 5), 0.6393277983330472, 1e-12);
    expectRelative(
      bgNbdExpectedPurchases({ ...params, alpha: 1000 }, 1),
      0.0004999062695269785,
      1e-10,
    );
  });

  it('sums a few dozen hypergeometric terms per call, not a million', () => {
    hyp2f1Work.terms = 0;
    for (let t = 1; t <= 100; t++) bgNbdExpectedPurchases(params, t);
    expect(hyp2f1Work.terms).toBeLessThan(100 * 500);
  });
});

describe('bgNbdConditionalExpectedPurchases where ₂F₁ is negative (a + b < 1, z near 1)', () => {
  it('matches the reference: the bracket 1 - w^r F exceeds 1', () => {
    const params = { r: 0.01, alpha: 0.01, a: 0.05, b: 0.05 };
    const customer = { x: 0, tx: 0, T: 0 };
    expectRelative(
      bgNbdConditionalExpectedPurchases(params, customer, 4.7518390686383585),
      1.882604958377964,
      1e-10,
    );
    expectRelative(
      bgNbdConditionalExpectedPurchases(params, customer, 0.01),
      0.008420164427180262,
      1e-10,
    );
  });
});
