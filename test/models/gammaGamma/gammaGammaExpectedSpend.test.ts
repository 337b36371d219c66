import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fitGammaGamma } from '../../../src/models/gammaGamma/fitGammaGamma.js';
import { gammaGammaExpectedSpend } from '../../../src/models/gammaGamma/gammaGammaExpectedSpend.js';
import { readCsv } from '../cdnowFixture.js';

describe('gammaGammaExpectedSpend', () => {
  it("reproduces Hardie's note 025 spreadsheet for the first ten CDNOW customers", () => {
    // lifetimes' test suite quotes these from the spreadsheet (fitted parameters, unrounded data).
    const expected = [24.65, 18.91, 35.17, 35.17, 35.17, 71.46, 18.91, 35.17, 27.28, 35.17];
    const rows = readCsv('cdnow_cbs_btyd.csv').map((row) => ({
      x: Number(row.x),
      meanSpend: Number(row['m.x']),
    }));
    const { params } = fitGammaGamma(rows);
    const actual = rows.slice(0, 10).map((row) => gammaGammaExpectedSpend(params, row));
    actual.forEach((value, i) => {
      expect(Math.abs(value - (expected[i] as number))).toBeLessThanOrEqual(0.005);
    });
  });

  it('is the population mean p gamma / (q - 1) for a customer without repeat purchases', () => {
    const params = { p: 6.25, q: 3.74, gamma: 15.44 };
    expect(gammaGammaExpectedSpend(params, { x: 0, meanSpend: 0 })).toBeCloseTo(
      (6.25 * 15.44) / 2.74,
      12,
    );
  });

  it('moves from the population mean towards her own mean as x grows', () => {
    const params = { p: 6.25, q: 3.74, gamma: 15.44 };
    const population = (6.25 * 15.44) / 2.74;
    const few = gammaGammaExpectedSpend(params, { x: 1, meanSpend: 100 });
    const many = gammaGammaExpectedSpend(params, { x: 50, meanSpend: 100 });
    expect(few).toBeGreaterThan(population);
    expect(many).toBeGreaterThan(few);
    expect(many).toBeLessThan(100);
    expect(gammaGammaExpectedSpend(params, { x: 1e12, meanSpend: 100 })).toBeCloseTo(100, 6);
  });

  it('rejects an infinite mean (q <= 1 for x = 0) and spend <= 0 for x >= 1, with the fix', () => {
    expect(() =>
      gammaGammaExpectedSpend({ p: 2, q: 0.9, gamma: 1 }, { x: 0, meanSpend: 0 }),
    ).toThrowError(/params\.q must be > 1 here.*infinite.*Refit with a penalty/);
    expect(() =>
      gammaGammaExpectedSpend({ p: 2, q: 3, gamma: 1 }, { x: 2, meanSpend: -1 }),
    ).toThrowError(/history\.meanSpend must be an amount > 0 when x >= 1/);
    expect(() =>
      gammaGammaExpectedSpend({ p: 2, q: Number.NaN, gamma: 1 }, { x: 2, meanSpend: 1 }),
    ).toThrowError(/params\.q must be a finite number > 0/);
  });

  it('is finite, positive and between the population mean and her own mean (q > 1)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.01, max: 100, noNaN: true }),
        fc.double({ min: 1.01, max: 100, noNaN: true }),
        fc.double({ min: 0.01, max: 1000, noNaN: true }),
        fc.integer({ min: 0, max: 2 ** 40 }),
        fc.double({ min: 1e-300, max: 1e300, noNaN: true }),
        (p, q, gamma, x, meanSpend) => {
          const value = gammaGammaExpectedSpend({ p, q, gamma }, { x, meanSpend });
          expect(Number.isFinite(value)).toBe(true);
          expect(value).toBeGreaterThan(0);
          const population = (p * gamma) / (q - 1);
          const own = x === 0 ? population : meanSpend;
          const slack = 1e-9 * Math.max(population, own);
          expect(value).toBeGreaterThanOrEqual(Math.min(population, own) - slack);
          expect(value).toBeLessThanOrEqual(Math.max(population, own) + slack);
        },
      ),
      { numRuns: 300 },
    );
  });
});
