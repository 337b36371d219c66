import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { BgBbRow } from '../../../src/models/bgbb/BgBbParams.js';
import { bgbbLogLikelihood } from '../../../src/models/bgbb/bgbbLogLikelihood.js';
import { fitBgBb } from '../../../src/models/bgbb/fitBgBb.js';
import { donations } from './donations.js';

describe('fitBgBb on the donations data (Fader, Hardie & Shang 2010)', () => {
  const fit = fitBgBb(donations);

  it('reproduces alpha = 1.204, beta = 0.750, gamma = 0.657, delta = 2.783 and LL = -33225.58', () => {
    expect(fit.converged).toBe(true);
    expect(fit.customers).toBe(11_104);
    // Within half a unit of the last printed digit (the published figures are rounded).
    expect(Math.abs(fit.params.alpha - 1.204)).toBeLessThanOrEqual(0.0005);
    expect(Math.abs(fit.params.beta - 0.75)).toBeLessThanOrEqual(0.0005);
    expect(Math.abs(fit.params.gamma - 0.657)).toBeLessThanOrEqual(0.0005);
    expect(Math.abs(fit.params.delta - 2.783)).toBeLessThanOrEqual(0.0005);
    expect(Math.abs(fit.logLikelihood - -33225.58)).toBeLessThanOrEqual(0.005);
  });

  it('reports standard errors that are positive and smaller than the estimates', () => {
    for (const name of ['alpha', 'beta', 'gamma', 'delta'] as const) {
      expect(fit.se?.[name]).toBeGreaterThan(0);
      expect(fit.se?.[name]).toBeLessThan(fit.params[name]);
    }
  });

  it('weights a row by its count exactly as repeating it', () => {
    const rows: BgBbRow[] = [
      { x: 2, tx: 3, n: 5, count: 3 },
      { x: 0, tx: 0, n: 4, count: 2 },
    ];
    const repeated: BgBbRow[] = [
      { x: 2, tx: 3, n: 5 },
      { x: 0, tx: 0, n: 4 },
      { x: 2, tx: 3, n: 5 },
      { x: 2, tx: 3, n: 5 },
      { x: 0, tx: 0, n: 4 },
    ];
    expect(bgbbLogLikelihood(fit.params, rows)).toBeCloseTo(
      bgbbLogLikelihood(fit.params, repeated),
      10,
    );
  });
});

describe('fitBgBb input handling', () => {
  it('rejects impossible histories, naming the row and field', () => {
    expect(() => fitBgBb([{ x: 3, tx: 2, n: 6 }])).toThrowError(
      /rows\.0\.x must be at most tx \(2\)/,
    );
    expect(() => fitBgBb([{ x: 1, tx: 7, n: 6 }])).toThrowError(
      /rows\.0\.tx must be at most n \(6\)/,
    );
    expect(() => fitBgBb([{ x: 0, tx: 2, n: 6 }])).toThrowError(/rows\.0\.tx must be 0 when x = 0/);
    expect(() => fitBgBb([{ x: 1.5, tx: 2, n: 6 }])).toThrowError(
      /rows\.0\.x must be an integer >= 0/,
    );
    expect(() => fitBgBb([])).toThrowError(/at least one row with count > 0/);
  });

  it('says converged: false when one history cannot identify four parameters', () => {
    const fit = fitBgBb([{ x: 3, tx: 5, n: 6 }], { maxIterations: 200 });
    expect(fit.converged).toBe(false);
    expect(Object.values(fit.params).every(Number.isFinite)).toBe(true);
  });

  it('says converged: false when nobody ever repeats (all zeros), with finite numbers', () => {
    const fit = fitBgBb([
      { x: 0, tx: 0, n: 6, count: 500 },
      { x: 0, tx: 0, n: 3, count: 200 },
    ]);
    expect(fit.converged).toBe(false);
    expect(fit.se).toBeUndefined();
    expect([...Object.values(fit.params), fit.logLikelihood].every(Number.isFinite)).toBe(true);
  });

  it('handles histories over many opportunities (n = 100,000) without NaN or Infinity', () => {
    const rows: BgBbRow[] = [
      { x: 90_000, tx: 99_990, n: 100_000, count: 2 },
      { x: 10, tx: 50, n: 100_000 },
      { x: 0, tx: 0, n: 100_000, count: 5 },
    ];
    const ll = bgbbLogLikelihood({ alpha: 1.2, beta: 0.75, gamma: 0.66, delta: 2.8 }, rows);
    expect(Number.isFinite(ll)).toBe(true);
    expect(ll).toBeLessThan(0);
  });
});

describe('fitBgBb properties', () => {
  const history = fc
    .record({
      n: fc.integer({ min: 1, max: 8 }),
      a: fc.nat(),
      b: fc.nat(),
      count: fc.integer({ min: 1, max: 50 }),
    })
    .map(({ n, a, b, count }) => {
      const tx = a % (n + 1);
      const x = tx === 0 ? 0 : 1 + (b % tx);
      return { x, tx, n, count };
    });

  it('is invariant to the order of the rows', () => {
    fc.assert(
      fc.property(
        fc
          .array(history, { minLength: 2, maxLength: 12 })
          .chain((rows) =>
            fc.tuple(fc.constant(rows), fc.shuffledSubarray(rows, { minLength: rows.length })),
          ),
        ([rows, shuffled]) => {
          const a = fitBgBb(rows, { penalty: 0.05 });
          const b = fitBgBb(shuffled, { penalty: 0.05 });
          expect(b.params).toEqual(a.params);
          expect(b.logLikelihood).toBe(a.logLikelihood);
        },
      ),
      { numRuns: 10 },
    );
  });

  it('has a finite, non-positive log-likelihood for any possible history and parameters', () => {
    const positive = fc.double({ min: 1e-3, max: 1e3, noNaN: true });
    fc.assert(
      fc.property(
        fc.array(history, { minLength: 1, maxLength: 10 }),
        positive,
        positive,
        positive,
        positive,
        (rows, alpha, beta, gamma, delta) => {
          const ll = bgbbLogLikelihood({ alpha, beta, gamma, delta }, rows);
          expect(Number.isFinite(ll)).toBe(true);
          expect(ll).toBeLessThanOrEqual(1e-9);
        },
      ),
      { numRuns: 200 },
    );
  });
});
