import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { durationIn, wholePeriodsIn } from '../../../src/models/clv/durationIn.js';
import { continuousRate, ratePerUnit } from '../../../src/models/clv/ratePerUnit.js';

const year = { days: 365.25 };
const month = { days: 30.4375 };

describe('time units and discount rates are explicit', () => {
  it('converts 10 % a year to the compounded weekly rate, which compounds back to 10 % a year', () => {
    const weekly = ratePerUnit({ rate: 0.1, per: year }, 'week');
    expect(weekly).toBeCloseTo(1.1 ** (7 / 365.25) - 1, 15);
    expect((1 + weekly) ** (365.25 / 7)).toBeCloseTo(1.1, 12);
    expect(continuousRate({ rate: 0.1, per: year }, year)).toBeCloseTo(Math.log(1.1), 15);
  });

  it('avoids the time-unit trap: 12 months of a weekly model are 52.18 weeks, not 360', () => {
    expect(durationIn({ length: 12, unit: month }, 'week')).toBeCloseTo(52.178571, 6);
    expect(wholePeriodsIn({ length: 2, unit: year }, month)).toBe(24);
    expect(wholePeriodsIn({ length: 1, unit: 'week' }, 'day')).toBe(7);
    expect(wholePeriodsIn({ length: Number.POSITIVE_INFINITY, unit: 'day' }, 'week')).toBe(
      Number.POSITIVE_INFINITY,
    );
  });

  it('rejects negative rates and lengths, and units without a length', () => {
    expect(() => ratePerUnit({ rate: -0.1, per: year }, 'week')).toThrowError(
      /discount\.rate must be a finite rate >= 0/,
    );
    expect(() => durationIn({ length: -1, unit: 'day' }, 'week')).toThrowError(
      /horizon\.length must be a number >= 0/,
    );
    expect(() => durationIn({ length: 1, unit: { days: 0 } }, 'week')).toThrowError(
      /unit must be 'day', 'week' or \{ days: n \} with n > 0/,
    );
  });

  it('a rate per unit compounds consistently across units', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 1, noNaN: true }),
        // From a day to a year and back: 100 % compounded over 400 periods still fits a double.
        fc.double({ min: 1, max: 400, noNaN: true }),
        fc.double({ min: 1, max: 400, noNaN: true }),
        (rate, perDays, unitDays) => {
          const perUnit = ratePerUnit({ rate, per: { days: perDays } }, { days: unitDays });
          expect(perUnit).toBeGreaterThanOrEqual(0);
          const back = ratePerUnit({ rate: perUnit, per: { days: unitDays } }, { days: perDays });
          expect(Math.abs(back - rate)).toBeLessThanOrEqual(1e-9 * Math.max(1, rate));
        },
      ),
      { numRuns: 200 },
    );
  });
});
