import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  paretoNbdConditionalExpectedPurchases,
  paretoNbdDert,
  paretoNbdExpectedPurchases,
  paretoNbdPAlive,
  paretoNbdPurchaseProbability,
} from '../../../src/models/paretoNbd/index.js';

const published = { r: 0.553, alpha: 10.578, s: 0.606, beta: 11.669 };
const relative = (actual: number, expected: number, tolerance: number) =>
  expect(Math.abs(actual / expected - 1)).toBeLessThanOrEqual(tolerance);

describe('paretoNbdPAlive and paretoNbdDert', () => {
  // [x, t_x, T, discount rate, DERT, P(alive)]: mpmath, DERT by quadrature of
  // P(alive)·(r+x)/(α+T)·∫ e^(-δv) ((β+T)/(β+T+v))^s dv, P(alive) from the hypergeometric form.
  const reference: readonly (readonly [number, number, number, number, number, number])[] = [
    [2, 30.43, 38.86, 0.0027, 6.489085609850245, 0.8691675591530112],
    [26, 30.857, 31, 0.0027, 86.12150766960778, 0.9978720349277616],
    [0, 0, 38.86, 0.01, 0.20123556074458737, 0.29528660461689415],
    [3000, 1559, 1560, 0.001, 1495.8432521033437, 0.9988384760958225],
  ];
  it.each(reference)(
    'match for x=%s, t_x=%s, T=%s (x in the thousands, T of decades)',
    (x, tx, T, d, dert, alive) => {
      relative(paretoNbdPAlive(published, { x, tx, T }), alive, 1e-12);
      relative(paretoNbdDert(published, { x, tx, T }, { discountRate: d }), dert, 1e-10);
    },
  );

  it('handles alpha < beta and s = 1 (Γ(1 - s, z) at its pole)', () => {
    const other = { r: 2.1, alpha: 3, s: 3.4, beta: 25 };
    relative(
      paretoNbdDert(other, { x: 4, tx: 20, T: 30 }, { discountRate: 0.01 }),
      0.6564629596287791,
      1e-10,
    );
    relative(paretoNbdPAlive(other, { x: 4, tx: 20, T: 30 }), 0.20443529457894793, 1e-12);
    const unitS = { r: 0.4, alpha: 30, s: 1, beta: 2 };
    relative(
      paretoNbdDert(unitS, { x: 4, tx: 20, T: 30 }, { discountRate: 0.01 }),
      1.613585439048307,
      1e-7,
    );
  });

  it('is the expected purchases over the whole lifetime at a discount rate of 0 (s > 1)', () => {
    const other = { r: 2.1, alpha: 3, s: 3.4, beta: 25 };
    const history = { x: 4, tx: 20, T: 30 };
    // lim t -> ∞ of E[Y(t)] = P(alive) (r+x)(β+T) / ((α+T)(s-1)), the limit of the DERT as δ -> 0.
    const lifetime =
      (paretoNbdPAlive(other, history) * (other.r + history.x) * (other.beta + history.T)) /
      ((other.alpha + history.T) * (other.s - 1));
    relative(paretoNbdDert(other, history, { discountRate: 0 }), lifetime, 1e-12);
    relative(paretoNbdDert(other, history, { discountRate: 1e-12 }), lifetime, 1e-9);
  });

  it('refuses a rate it cannot value with, instead of answering 0', () => {
    const history = { x: 4, tx: 20, T: 30 };
    // s <= 1: the expected lifetime 1/μ has no finite mean, nor the undiscounted purchases.
    expect(() => paretoNbdDert(published, history, { discountRate: 0 })).toThrowError(
      /^paretoNbdDert: options\.discountRate must be > 0 when s <= 1/,
    );
    for (const discountRate of [-0.1, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => paretoNbdDert(published, history, { discountRate })).toThrowError(
        /^paretoNbdDert: options\.discountRate must be a finite rate per time unit >= 0/,
      );
    }
  });

  it('is 1 when the last purchase is now', () => {
    expect(paretoNbdPAlive(published, { x: 3, tx: 10, T: 10 })).toBe(1);
  });
});

describe('Pareto/NBD predictions refuse input they cannot use, instead of answering 0', () => {
  const history = { x: 2, tx: 30.43, T: 38.86 };
  const lifetimesStyle = { frequency: 2, recency: 30.43, T: 38.86 } as unknown as typeof history;

  it('names a history field or parameter that is missing or impossible', () => {
    // P(alive), E[Y(39)] and the DERT of lifetimes-style input were all 0.
    expect(() => paretoNbdPAlive(published, lifetimesStyle)).toThrowError(
      /^paretoNbdPAlive: customer\.x must be an integer >= 0 \(repeat purchases\), received undefined\. A history is \{ x, tx, T \}/,
    );
    expect(() => paretoNbdConditionalExpectedPurchases(published, lifetimesStyle, 39)).toThrowError(
      /^paretoNbdConditionalExpectedPurchases: customer\.x must be/,
    );
    expect(() => paretoNbdDert(published, lifetimesStyle, { discountRate: 0.01 })).toThrowError(
      /^paretoNbdDert: customer\.x must be/,
    );
    expect(() => paretoNbdPAlive(published, { x: 2, tx: 40, T: 38.86 })).toThrowError(
      /^paretoNbdPAlive: customer\.tx must be a number from 0 to T = 38\.86/,
    );
    const { s: _, ...withoutS } = published;
    expect(() => paretoNbdExpectedPurchases(withoutS as typeof published, 52)).toThrowError(
      /^paretoNbdExpectedPurchases: params\.s must be a finite number > 0, received undefined\./,
    );
    expect(() => paretoNbdPurchaseProbability({ ...published, beta: 0 }, 0, 39)).toThrowError(
      /^paretoNbdPurchaseProbability: params\.beta must be/,
    );
  });

  it('names a time that is not a number >= 0', () => {
    expect(() => paretoNbdConditionalExpectedPurchases(published, history, -1)).toThrowError(
      /^paretoNbdConditionalExpectedPurchases: t must be a number of time units >= 0/,
    );
    expect(() => paretoNbdExpectedPurchases(published, Number.NaN)).toThrowError(
      /^paretoNbdExpectedPurchases: t must be/,
    );
    expect(() => paretoNbdPurchaseProbability(published, 0, Number.POSITIVE_INFINITY)).toThrowError(
      /^paretoNbdPurchaseProbability: t must be a finite number of time units >= 0/,
    );
  });

  it('gives the purchases over the whole remaining lifetime at t = Infinity (s > 1), or says they are unlimited', () => {
    const other = { r: 2.1, alpha: 3, s: 3.4, beta: 25 };
    const lifetime =
      (paretoNbdPAlive(other, history) * (other.r + history.x) * (other.beta + history.T)) /
      ((other.alpha + history.T) * (other.s - 1));
    relative(
      paretoNbdConditionalExpectedPurchases(other, history, Number.POSITIVE_INFINITY),
      lifetime,
      1e-12,
    );
    relative(paretoNbdConditionalExpectedPurchases(other, history, 1e9), lifetime, 1e-6);
    relative(
      paretoNbdExpectedPurchases(other, Number.POSITIVE_INFINITY),
      (other.r * other.beta) / (other.alpha * (other.s - 1)),
      1e-12,
    );
    expect(() => paretoNbdExpectedPurchases(published, Number.POSITIVE_INFINITY)).toThrowError(
      /^paretoNbdExpectedPurchases: t must be finite when s <= 1/,
    );
  });
});

describe('paretoNbdExpectedPurchases', () => {
  it('reduces to the limit at s = 1', () => {
    const near = paretoNbdExpectedPurchases({ ...published, s: 1 + 1e-9 }, 52);
    relative(paretoNbdExpectedPurchases({ ...published, s: 1 }, 52), near, 1e-8);
  });
});

describe('paretoNbdPurchaseProbability', () => {
  // [r, alpha, s, beta, n, t, P]: mpmath quadrature over the time of death.
  const reference: readonly (readonly [number, number, number, number, number, number, number])[] =
    [
      [0.553, 10.578, 0.606, 11.669, 0, 39, 0.5936250316023838],
      [0.553, 10.578, 0.606, 11.669, 5, 39, 0.021484828361821043],
      [0.553, 10.578, 0.606, 11.669, 10, 2, 1.890285431030551e-9],
      [0.553, 14, 0.606, 3, 1, 39, 0.1251905559015387],
      [0.553, 14, 0.606, 3, 20, 100, 0.0005432998829907122],
      [2, 1.5, 1.2, 9, 20, 39, 0.010841436979667515],
      [2, 1.5, 1.2, 9, 150, 39, 0.00011942243878240801],
    ];
  it.each(reference)(
    'matches for r=%s alpha=%s s=%s beta=%s n=%s t=%s',
    (r, alpha, s, beta, n, t, p) => {
      relative(paretoNbdPurchaseProbability({ r, alpha, s, beta }, n, t), p, 1e-8);
    },
  );

  it('sums to 1 over n', () => {
    let total = 0;
    for (let n = 0; n < 200; n++) total += paretoNbdPurchaseProbability(published, n, 39);
    relative(total, 1, 1e-10);
  });
});

const params = fc.record({
  r: fc.double({ min: 0.01, max: 20, noNaN: true }),
  alpha: fc.double({ min: 0.01, max: 200, noNaN: true }),
  s: fc.double({ min: 0.05, max: 20, noNaN: true }),
  beta: fc.double({ min: 0.01, max: 200, noNaN: true }),
});
const history = fc
  .record({
    x: fc.integer({ min: 0, max: 5000 }),
    T: fc.double({ min: 0, max: 3000, noNaN: true }),
    share: fc.double({ min: 0, max: 1, noNaN: true }),
  })
  .map(({ x, T, share }) => ({ x, tx: x === 0 ? 0 : T * share, T }));

describe('Pareto/NBD invariants', () => {
  it('P(alive) is in [0, 1] and non-increasing in T', () => {
    fc.assert(
      fc.property(params, history, fc.double({ min: 0, max: 500, noNaN: true }), (p, h, more) => {
        const now = paretoNbdPAlive(p, h);
        const later = paretoNbdPAlive(p, { ...h, T: h.T + more });
        expect(now).toBeGreaterThanOrEqual(0);
        expect(now).toBeLessThanOrEqual(1);
        expect(later).toBeLessThanOrEqual(now + 1e-9);
      }),
      { numRuns: 200 },
    );
  });

  it('expected purchases are finite, non-negative and non-decreasing in the horizon', () => {
    fc.assert(
      fc.property(
        params,
        history,
        fc.double({ min: 0.01, max: 500, noNaN: true }),
        fc.double({ min: 0, max: 500, noNaN: true }),
        (p, h, t, more) => {
          const near = paretoNbdConditionalExpectedPurchases(p, h, t);
          const far = paretoNbdConditionalExpectedPurchases(p, h, t + more);
          expect(Number.isFinite(near)).toBe(true);
          expect(near).toBeGreaterThanOrEqual(0);
          expect(far).toBeGreaterThanOrEqual(near * (1 - 1e-9));
          expect(paretoNbdExpectedPurchases(p, t + more)).toBeGreaterThanOrEqual(
            paretoNbdExpectedPurchases(p, t) * (1 - 1e-9),
          );
          expect(Number.isFinite(paretoNbdDert(p, h, { discountRate: 0.01 }))).toBe(true);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('purchase probabilities are in [0, 1]', () => {
    fc.assert(
      fc.property(
        params,
        fc.integer({ min: 0, max: 30 }),
        fc.double({ min: 0, max: 500, noNaN: true }),
        (p, n, t) => {
          const probability = paretoNbdPurchaseProbability(p, n, t);
          expect(probability).toBeGreaterThanOrEqual(0);
          expect(probability).toBeLessThanOrEqual(1);
        },
      ),
      { numRuns: 100 },
    );
  });
});
