import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createExactSum } from '../../src/report/exactSum.js';

const sumOf = (values: readonly number[]) => {
  const sum = createExactSum();
  for (const value of values) sum.add(value);
  return sum.value();
};

describe('createExactSum: the report sums amounts the same whatever order customers come in', () => {
  it('gives one figure for any order of the same amounts', () => {
    const amounts = fc.array(fc.double({ min: -1e9, max: 1e9, noNaN: true }), { maxLength: 60 });
    const reordered = amounts.chain((values) =>
      fc.tuple(
        fc.constant(values),
        fc.shuffledSubarray(values, { minLength: values.length, maxLength: values.length }),
      ),
    );
    fc.assert(
      fc.property(reordered, ([values, shuffled]) => {
        expect(sumOf(shuffled)).toBe(sumOf(values));
      }),
    );
  });

  it('is the correctly rounded sum where a plain sum loses the small terms', () => {
    expect(sumOf([1e16, 1, 1, -1e16])).toBe(2);
    expect(sumOf([0.1, 0.2, 0.3])).toBe(0.6);
    expect(0.1 + 0.2 + 0.3).not.toBe(0.6);
  });

  it('sums nothing to 0, and infinities as a plain sum does', () => {
    expect(Object.is(sumOf([]), 0)).toBe(true);
    expect(Object.is(sumOf([-0]), 0)).toBe(true);
    expect(sumOf([1, Number.POSITIVE_INFINITY])).toBe(Number.POSITIVE_INFINITY);
    expect(sumOf([Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY])).toBeNaN();
  });
});
