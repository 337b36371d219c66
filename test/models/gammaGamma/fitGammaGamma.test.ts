import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isTenureError } from '../../../src/errors/TenureError.js';
import { fitGammaGamma } from '../../../src/models/gammaGamma/fitGammaGamma.js';
import type { SpendRow } from '../../../src/models/gammaGamma/GammaGammaParams.js';
import { gammaGammaLogLikelihood } from '../../../src/models/gammaGamma/gammaGammaLogLikelihood.js';
import { readCsv } from '../cdnowFixture.js';

/** x and unrounded mean repeat spend m.x of the 2,357 CDNOW customers (BTYD's cdnowSummary). */
const cdnow: SpendRow[] = readCsv('cdnow_cbs_btyd.csv').map((row) => ({
  x: Number(row.x),
  meanSpend: Number(row['m.x']),
}));

const relative = (actual: number, expected: number) => Math.abs(actual / expected - 1);

describe('fitGammaGamma on CDNOW (Fader & Hardie 2013, note 025)', () => {
  const fit = fitGammaGamma(cdnow);

  it('reproduces p = 6.25, q = 3.74, gamma = 15.44 and LL = -4055.92 to the printed digits', () => {
    expect(fit.converged).toBe(true);
    // Within half a unit of the last printed digit: the published figures are rounded.
    expect(Math.abs(fit.params.p - 6.25)).toBeLessThanOrEqual(0.005);
    expect(Math.abs(fit.params.q - 3.74)).toBeLessThanOrEqual(0.005);
    expect(Math.abs(fit.params.gamma - 15.44)).toBeLessThanOrEqual(0.005);
    expect(Math.abs(fit.logLikelihood - -4055.92)).toBeLessThanOrEqual(0.005);
  });

  it('matches the unrounded BTYD fit (gamma 15.4435, LL -4055.9177) within 1e-5 relative', () => {
    expect(relative(fit.params.gamma, 15.4435)).toBeLessThan(1e-5);
    expect(relative(fit.logLikelihood, -4055.9177)).toBeLessThan(1e-7);
  });

  it('fits the 946 repeat buyers and lists the 1,411 customers without a repeat purchase', () => {
    expect(fit.customers).toBe(946);
    expect(fit.excluded.withoutRepeat).toHaveLength(2357 - 946);
    expect(fit.excluded.nonPositiveSpend).toEqual([]);
  });

  it('reports standard errors that are positive and smaller than the estimates', () => {
    const errors = fit.se;
    expect(errors).toBeDefined();
    for (const name of ['p', 'q', 'gamma'] as const) {
      expect(errors?.[name]).toBeGreaterThan(0);
      expect(errors?.[name]).toBeLessThan(fit.params[name]);
    }
  });

  it('gives standard errors in proportion to the currency unit (spend in millions: gamma 1.5e-5)', () => {
    // The Hessian's steps had a floor of 1e-7 (1e-5 of 1e-2): 0.7 % of gamma here, and the
    // errors came out 0.4 % low (p 1.18497 instead of 1.19005).
    const millions = fitGammaGamma(
      cdnow.map((row) => ({ ...row, meanSpend: row.meanSpend * 1e-6 })),
    );
    expect(millions.converged).toBe(true);
    const errors = fit.se as NonNullable<typeof fit.se>;
    const scaled = millions.se as NonNullable<typeof millions.se>;
    expect(relative(scaled.p, errors.p)).toBeLessThan(1e-4);
    expect(relative(scaled.q, errors.q)).toBeLessThan(1e-4);
    expect(relative(scaled.gamma / 1e-6, errors.gamma)).toBeLessThan(1e-4);
  });

  it('gives the same fit on weighted rows as on one row per customer', () => {
    const grouped = new Map<string, SpendRow & { count: number }>();
    for (const row of cdnow) {
      const key = `${row.x}:${row.meanSpend}`;
      const seen = grouped.get(key);
      grouped.set(key, { x: row.x, meanSpend: row.meanSpend, count: (seen?.count ?? 0) + 1 });
    }
    expect(grouped.size).toBeLessThan(cdnow.length);
    const weighted = fitGammaGamma([...grouped.values()]);
    expect(relative(weighted.logLikelihood, fit.logLikelihood)).toBeLessThan(1e-12);
    expect(relative(weighted.params.gamma, fit.params.gamma)).toBeLessThan(1e-6);
  });

  it('accepts a customer summary with x and spend', () => {
    const some = cdnow.slice(0, 300);
    const fromSummary = fitGammaGamma({
      customers: some.map((row) => ({ x: row.x, spend: row.meanSpend })),
    });
    expect(fromSummary.params).toEqual(fitGammaGamma(some).params);
    expect(fromSummary.customers).toBe(some.filter((row) => row.x > 0).length);
  });
});

describe('fitGammaGamma input handling', () => {
  const rows: SpendRow[] = [
    { x: 2, meanSpend: 20 },
    { x: 1, meanSpend: 35 },
    { x: 4, meanSpend: 12.5 },
    { x: 1, meanSpend: -8 },
    { x: 0, meanSpend: 0 },
    { x: 3, meanSpend: 41 },
  ];

  it('rejects non-positive spend by default, naming the row and the fix', () => {
    expect(() => fitGammaGamma(rows)).toThrowError(
      /rows\.3\.meanSpend must be an amount > 0.*received -8.*nonPositiveSpend: 'exclude'/,
    );
    try {
      fitGammaGamma(rows);
    } catch (error) {
      expect(isTenureError(error, 'TENURE_INVALID_MODEL_INPUT')).toBe(true);
    }
  });

  it("excludes non-positive spend with { nonPositiveSpend: 'exclude' } and reports which rows", () => {
    const fit = fitGammaGamma(rows, { nonPositiveSpend: 'exclude', penalty: 0.01 });
    expect(fit.excluded).toEqual({ withoutRepeat: [4], nonPositiveSpend: [3] });
    expect(fit.customers).toBe(4);
    const kept = rows.filter((_, i) => i !== 3 && i !== 4);
    expect(fit.logLikelihood).toBeCloseTo(gammaGammaLogLikelihood(fit.params, kept), 10);
  });

  it('throws when no customer has a repeat purchase with positive spend', () => {
    expect(() => fitGammaGamma([{ x: 0, meanSpend: 0 }])).toThrowError(
      /at least one row with x >= 1/,
    );
  });

  it('rejects malformed rows: fractional x, NaN spend, negative counts', () => {
    expect(() => fitGammaGamma([{ x: 1.5, meanSpend: 3 }])).toThrowError(
      /rows\.0\.x must be an integer >= 0/,
    );
    expect(() => fitGammaGamma([{ x: 1, meanSpend: Number.NaN }])).toThrowError(
      /rows\.0\.meanSpend must be a finite amount/,
    );
    expect(() => fitGammaGamma([{ x: 1, meanSpend: 3, count: -1 }])).toThrowError(/rows\.0\.count/);
  });

  it('says converged: false for a single row (no estimate exists), and a penalty fixes that', () => {
    const single = fitGammaGamma([{ x: 3, meanSpend: 25 }], { maxIterations: 200 });
    expect(single.converged).toBe(false);
    for (const value of [...Object.values(single.params), single.logLikelihood]) {
      expect(Number.isFinite(value)).toBe(true);
    }
    const penalised = fitGammaGamma([{ x: 3, meanSpend: 25 }], { penalty: 0.1 });
    expect(penalised.converged).toBe(true);
    for (const value of Object.values(penalised.params)) {
      expect(Math.abs(Math.log(value))).toBeLessThan(20);
    }
  });

  it('stays finite for huge x and spend near 0', () => {
    const fit = fitGammaGamma(
      [
        { x: 1_000_000_000, meanSpend: 1e-9 },
        { x: 1, meanSpend: 1e-300 },
        { x: 5, meanSpend: 1e12 },
        { x: 2, meanSpend: 4 },
      ],
      { penalty: 0.01 },
    );
    for (const value of [...Object.values(fit.params), fit.logLikelihood]) {
      expect(Number.isFinite(value)).toBe(true);
    }
  });
});

describe('fitGammaGamma properties', () => {
  const row = fc.record({
    x: fc.integer({ min: 1, max: 40 }),
    meanSpend: fc.double({ min: 0.5, max: 500, noNaN: true }),
    count: fc.integer({ min: 1, max: 5 }),
  });

  it('is invariant to the order of the rows', () => {
    fc.assert(
      fc.property(
        fc
          .array(row, { minLength: 3, maxLength: 25 })
          .chain((rows) =>
            fc.tuple(fc.constant(rows), fc.shuffledSubarray(rows, { minLength: rows.length })),
          ),
        ([rows, shuffled]) => {
          const a = fitGammaGamma(rows, { penalty: 0.01 });
          const b = fitGammaGamma(shuffled, { penalty: 0.01 });
          expect(b.params).toEqual(a.params);
          expect(b.logLikelihood).toBe(a.logLikelihood);
        },
      ),
      { numRuns: 15 },
    );
  });

  it('never returns NaN or Infinity for valid rows', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            x: fc.integer({ min: 0, max: 1_000_000 }),
            meanSpend: fc.double({ min: 1e-12, max: 1e9, noNaN: true }),
          }),
          { minLength: 1, maxLength: 12 },
        ),
        (rows) => {
          if (rows.every((r) => r.x === 0)) return;
          // Short runs: most random samples have no interior maximum, and finiteness is the point.
          const fit = fitGammaGamma(rows, { maxIterations: 200 });
          const values = [...Object.values(fit.params), fit.logLikelihood];
          expect(values.every(Number.isFinite)).toBe(true);
        },
      ),
      { numRuns: 25 },
    );
  });
});

describe('the analytic gradient of the Gamma-Gamma likelihood', () => {
  it('agrees with central differences in ln p, ln q, ln gamma', async () => {
    const { gammaGammaLogLikelihoodOfColumns } = await import(
      '../../../src/models/gammaGamma/gammaGammaLogLikelihood.js'
    );
    const { toSpendColumns } = await import('../../../src/models/gammaGamma/SpendColumns.js');
    const columns = toSpendColumns([
      { x: 1, meanSpend: 12.5, count: 3 },
      { x: 2, meanSpend: 40 },
      { x: 7, meanSpend: 3.2, count: 2 },
      { x: 2_000_000, meanSpend: 0.01 },
      { x: 4, meanSpend: 1e300 },
    ]);
    for (const [p, q, gamma] of [
      [6.25, 3.74, 15.44],
      [0.3, 40, 0.02],
      [200, 0.5, 1e4],
    ] as const) {
      const gradient = [0, 0, 0];
      const value = gammaGammaLogLikelihoodOfColumns(p, q, gamma, columns, gradient);
      const h = 1e-4;
      const at = (i: number, factor: number) => {
        const scaled = [p, q, gamma].map((value, j) => (j === i ? value * factor : value));
        const [sp = 1, sq = 1, sg = 1] = scaled;
        return gammaGammaLogLikelihoodOfColumns(sp, sq, sg, columns);
      };
      for (let i = 0; i < 3; i++) {
        const numeric = (at(i, Math.exp(h)) - at(i, Math.exp(-h))) / (2 * h);
        // Central differences of a log-likelihood of -1.6e8 are good to ~1e-7 of its size.
        expect(Math.abs((gradient[i] as number) - numeric)).toBeLessThan(
          1e-7 * Math.max(1, Math.abs(value)) + 1e-6 * Math.abs(numeric),
        );
      }
    }
  });
});
