import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  bgNbdConditionalExpectedPurchases,
  bgNbdDert,
  bgNbdExpectedPurchases,
  bgNbdPAlive,
  bgNbdPurchaseProbability,
} from '../../../src/models/bgnbd/index.js';
import { hyp2f1Work } from '../../../src/models/numerics/hyp2f1.js';

const cdnow = { r: 0.242593, alpha: 4.41353, a: 0.792886, b: 2.42575 };
const relative = (actual: number, expected: number, tolerance: number) =>
  expect(Math.abs(actual / expected - 1)).toBeLessThanOrEqual(tolerance);

// [x, t_x, T, t, E[Y(t)], P(alive)]: the closed forms evaluated with mpmath at 50 digits.
const reference: readonly (readonly [number, number, number, number, number, number])[] = [
  [2, 30.43, 38.86, 39, 1.2259101565247696, 0.726608981501282],
  [26, 30.857, 31, 52, 25.75768606911023, 0.9688524258278062],
  [3000, 1559, 1560, 52, 98.26137485748588, 0.998204184694944],
  [3000, 1559, 1560, 5000, 5002.379543148279, 0.998204184694944],
  [0, 0, 0, 78, 1.857972062263004, 1],
  [0, 0, 2000, 100_000, 3.2984101604064833, 1],
  [5, 10, 1500, 26, 1.9095705309446263e-11, 2.1185134837758575e-10],
  [800, 100, 104, 2, 1.27452707775946e-9, 8.696134839293353e-11],
];

describe('bgNbdConditionalExpectedPurchases and bgNbdPAlive', () => {
  it.each(reference)(
    'match the closed forms for x=%s, t_x=%s, T=%s, t=%s (x in the thousands, T of decades)',
    (x, tx, T, t, expected, alive) => {
      relative(bgNbdConditionalExpectedPurchases(cdnow, { x, tx, T }, t), expected, 1e-9);
      relative(bgNbdPAlive(cdnow, { x, tx, T }), alive, 1e-12);
    },
  );

  it('handles a > 1 and the removable singularity at a = 1', () => {
    const params = { r: 1.3, alpha: 0.9, a: 3.5, b: 0.7 };
    relative(
      bgNbdConditionalExpectedPurchases(params, { x: 4, tx: 20, T: 30 }, 10),
      0.13851875002348768,
      1e-10,
    );
    relative(
      bgNbdConditionalExpectedPurchases(params, { x: 4, tx: 20, T: 30 }, 1000),
      0.3381197748286381,
      1e-10,
    );
    const history = { x: 2, tx: 30.43, T: 38.86 };
    const atOne = bgNbdConditionalExpectedPurchases({ ...cdnow, a: 1 }, history, 39);
    const near = bgNbdConditionalExpectedPurchases({ ...cdnow, a: 1 + 1e-4 }, history, 39);
    relative(atOne, near, 1e-4);
  });

  it('is 0 for a horizon of 0 and P(alive) is 1 without repeat purchases', () => {
    expect(bgNbdConditionalExpectedPurchases(cdnow, { x: 3, tx: 5, T: 10 }, 0)).toBe(0);
    expect(bgNbdPAlive(cdnow, { x: 0, tx: 0, T: 1e4 })).toBe(1);
  });
});

describe('BG/NBD predictions refuse input they cannot use, instead of answering 0 or NaN', () => {
  const history = { x: 2, tx: 30.43, T: 38.86 };
  // lifetimes' names for the same history: every prediction gave 0 (P(alive) NaN).
  const lifetimesStyle = { frequency: 2, recency: 30.43, T: 38.86 } as unknown as typeof history;

  it('names a history field that is missing or impossible', () => {
    expect(() => bgNbdPAlive(cdnow, lifetimesStyle)).toThrowError(
      /^bgNbdPAlive: customer\.x must be an integer >= 0 \(repeat purchases\), received undefined\. A history is \{ x, tx, T \}.*lifetimes' frequency, recency and T/,
    );
    expect(() => bgNbdConditionalExpectedPurchases(cdnow, lifetimesStyle, 39)).toThrowError(
      /^bgNbdConditionalExpectedPurchases: customer\.x must be/,
    );
    expect(() => bgNbdDert(cdnow, lifetimesStyle, { discountRate: 0.01 })).toThrowError(
      /^bgNbdDert: customer\.x must be/,
    );
    expect(() => bgNbdPAlive(cdnow, { x: 2, tx: 40, T: 38.86 })).toThrowError(
      /^bgNbdPAlive: customer\.tx must be a number from 0 to T = 38\.86, received 40\./,
    );
    expect(() => bgNbdPAlive(cdnow, { x: 1.5, tx: 30, T: 38.86 })).toThrowError(/customer\.x/);
  });

  it('names a parameter that is missing or not positive', () => {
    const { b: _, ...withoutB } = cdnow;
    const missing = withoutB as unknown as typeof cdnow;
    expect(() => bgNbdPAlive(missing, history)).toThrowError(
      /^bgNbdPAlive: params\.b must be a finite number > 0, received undefined\./,
    );
    expect(() => bgNbdExpectedPurchases(missing, 52)).toThrowError(
      /^bgNbdExpectedPurchases: params\.b must be/,
    );
    expect(() => bgNbdPurchaseProbability({ ...cdnow, r: -1 }, 0, 39)).toThrowError(
      /^bgNbdPurchaseProbability: params\.r must be/,
    );
  });

  it('names a time that is not a number >= 0', () => {
    for (const t of [-1, Number.NaN]) {
      expect(() => bgNbdConditionalExpectedPurchases(cdnow, history, t)).toThrowError(
        /^bgNbdConditionalExpectedPurchases: t must be a number of time units >= 0/,
      );
      expect(() => bgNbdExpectedPurchases(cdnow, t)).toThrowError(/^bgNbdExpectedPurchases: t /);
    }
    expect(() => bgNbdPurchaseProbability(cdnow, 0, Number.POSITIVE_INFINITY)).toThrowError(
      /^bgNbdPurchaseProbability: t must be a finite number of time units >= 0/,
    );
  });

  it('gives the purchases over the whole remaining lifetime at t = Infinity (a > 1), or says they diverge', () => {
    const params = { r: 1.5, alpha: 2, a: 3, b: 5 };
    // E[1/p | x] = (a + b + x - 1) / (a - 1): the limit of E[Y(t)] (both 0 before the fix).
    const lifetime = (bgNbdPAlive(params, history) * (3 + 5 + 2 - 1)) / 2;
    relative(
      bgNbdConditionalExpectedPurchases(params, history, Number.POSITIVE_INFINITY),
      lifetime,
      1e-12,
    );
    relative(bgNbdConditionalExpectedPurchases(params, history, 1e9), lifetime, 1e-6);
    relative(bgNbdExpectedPurchases(params, Number.POSITIVE_INFINITY), (3 + 5 - 1) / 2, 1e-12);
    expect(() =>
      bgNbdConditionalExpectedPurchases(cdnow, history, Number.POSITIVE_INFINITY),
    ).toThrowError(/^bgNbdConditionalExpectedPurchases: t must be finite when a <= 1/);
  });
});

describe('bgNbdExpectedPurchases', () => {
  it('gives the BTYD vignette figure for a new customer over 52 weeks', () => {
    relative(bgNbdExpectedPurchases(cdnow, 52), 1.444004, 1e-4);
  });
});

describe('bgNbdPurchaseProbability', () => {
  const published = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
  it('gives the lifetimes/BTYD figures', () => {
    relative(bgNbdPurchaseProbability(published, 10, 2), 1.07869e-7, 1e-4);
    relative(bgNbdPurchaseProbability(published, 0, 39), 0.5737864, 1e-6);
  });

  it('sums to 1 over n and its mean is E[X(t)]', () => {
    let total = 0;
    let mean = 0;
    for (let n = 0; n < 200; n++) {
      const p = bgNbdPurchaseProbability(cdnow, n, 39);
      total += p;
      mean += n * p;
    }
    relative(total, 1, 1e-10);
    relative(mean, bgNbdExpectedPurchases(cdnow, 39), 1e-6);
  });
});

describe('bgNbdDert', () => {
  it('approaches the undiscounted expectation as the discount rate goes to 0', () => {
    const history = { x: 2, tx: 30.43, T: 38.86 };
    const dert = bgNbdDert(cdnow, history, { discountRate: 1e-9, horizon: 52 });
    relative(dert, bgNbdConditionalExpectedPurchases(cdnow, history, 52), 1e-6);
  });

  it('is the undiscounted expectation at a discount rate of 0 over a finite horizon', () => {
    const history = { x: 2, tx: 30.43, T: 38.86 };
    const dert = bgNbdDert(cdnow, history, { discountRate: 0, horizon: 52 });
    relative(dert, bgNbdConditionalExpectedPurchases(cdnow, history, 52), 1e-12);
  });

  it('is the expected purchases over the whole lifetime at a rate of 0 when a > 1', () => {
    const params = { r: 1.5, alpha: 2, a: 3, b: 5 };
    const history = { x: 2, tx: 30, T: 38 };
    // lim t -> ∞ of E[Y(t)] = P(alive) (a + b + x - 1) / (a - 1).
    const lifetime = (bgNbdPAlive(params, history) * (3 + 5 + 2 - 1)) / (3 - 1);
    relative(bgNbdDert(params, history, { discountRate: 0 }), lifetime, 1e-12);
    relative(bgNbdConditionalExpectedPurchases(params, history, 1e9), lifetime, 1e-6);
  });

  it('refuses a rate or horizon it cannot value with, instead of answering 0', () => {
    const history = { x: 2, tx: 30.43, T: 38.86 };
    // Undiscounted over an unlimited horizon: a <= 1 here, so the expectation diverges.
    expect(() => bgNbdDert(cdnow, history, { discountRate: 0 })).toThrowError(
      /^bgNbdDert: options\.discountRate must be > 0 for an unlimited horizon when a <= 1/,
    );
    for (const discountRate of [-0.1, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => bgNbdDert(cdnow, history, { discountRate })).toThrowError(
        /^bgNbdDert: options\.discountRate must be a finite rate per time unit >= 0/,
      );
    }
    for (const horizon of [-1, Number.NaN]) {
      expect(() => bgNbdDert(cdnow, history, { discountRate: 0.01, horizon })).toThrowError(
        /^bgNbdDert: options\.horizon must be a number >= 0/,
      );
    }
    for (const steps of [Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => bgNbdDert(cdnow, history, { discountRate: 0.01, steps })).toThrowError(
        /^bgNbdDert: options\.steps must be a finite number of nodes/,
      );
    }
  });

  it('discounts: more discount, lower value; longer horizon, higher value', () => {
    const history = { x: 5, tx: 30, T: 38 };
    const low = bgNbdDert(cdnow, history, { discountRate: 0.001 });
    const high = bgNbdDert(cdnow, history, { discountRate: 0.01 });
    expect(high).toBeLessThan(low);
    expect(bgNbdDert(cdnow, history, { discountRate: 0.01, horizon: 52 })).toBeLessThan(high);
  });

  it('sums a few dozen hypergeometric terms per node over the unlimited default horizon', () => {
    // The horizon reaches centuries of weeks: z = t / (alpha + T + t) near 1 at most nodes.
    for (const history of [
      { x: 0, tx: 0, T: 10 },
      { x: 2, tx: 30.43, T: 38.86 },
      { x: 7, tx: 70, T: 78 },
    ]) {
      hyp2f1Work.terms = 0;
      bgNbdDert(cdnow, history, { discountRate: 0.0027 });
      expect(hyp2f1Work.terms).toBeLessThan(33 * 100);
    }
  });

  it('converges in the number of nodes: the default 32 agree with 200 to 1e-13', () => {
    for (const history of [
      { x: 0, tx: 0, T: 0 },
      { x: 5, tx: 30, T: 38 },
    ]) {
      const standard = bgNbdDert(cdnow, history, { discountRate: 0.0027 });
      const fine = bgNbdDert(cdnow, history, { discountRate: 0.0027, steps: 200 });
      relative(standard, fine, 1e-13);
      // 16 nodes are not enough for a brand-new customer: the count matters.
      const coarse = bgNbdDert(cdnow, history, { discountRate: 0.0027, steps: 16 });
      expect(Math.abs(coarse / fine - 1)).toBeGreaterThan(1e-9);
    }
  });
});

const params = fc.record({
  r: fc.double({ min: 0.01, max: 20, noNaN: true }),
  alpha: fc.double({ min: 0.01, max: 200, noNaN: true }),
  a: fc.double({ min: 0.05, max: 20, noNaN: true }),
  b: fc.double({ min: 0.05, max: 20, noNaN: true }),
});
const history = fc
  .record({
    x: fc.integer({ min: 0, max: 5000 }),
    T: fc.double({ min: 0, max: 3000, noNaN: true }),
    share: fc.double({ min: 0, max: 1, noNaN: true }),
  })
  .map(({ x, T, share }) => ({ x, tx: x === 0 ? 0 : T * share, T }));

describe('BG/NBD invariants', () => {
  it('P(alive) is in [0, 1] and non-increasing in T', () => {
    fc.assert(
      fc.property(params, history, fc.double({ min: 0, max: 500, noNaN: true }), (p, h, more) => {
        const now = bgNbdPAlive(p, h);
        const later = bgNbdPAlive(p, { ...h, T: h.T + more });
        expect(now).toBeGreaterThanOrEqual(0);
        expect(now).toBeLessThanOrEqual(1);
        expect(later).toBeLessThanOrEqual(now + 1e-12);
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
          const near = bgNbdConditionalExpectedPurchases(p, h, t);
          const far = bgNbdConditionalExpectedPurchases(p, h, t + more);
          expect(Number.isFinite(near)).toBe(true);
          expect(near).toBeGreaterThanOrEqual(0);
          expect(far).toBeGreaterThanOrEqual(near * (1 - 1e-9));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('purchase probabilities are in [0, 1]', () => {
    fc.assert(
      fc.property(
        params,
        fc.integer({ min: 0, max: 100 }),
        fc.double({ min: 0, max: 1000, noNaN: true }),
        (p, n, t) => {
          const probability = bgNbdPurchaseProbability(p, n, t);
          expect(probability).toBeGreaterThanOrEqual(0);
          expect(probability).toBeLessThanOrEqual(1);
        },
      ),
      { numRuns: 200 },
    );
  });
});
