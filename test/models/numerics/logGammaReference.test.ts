// Compares logGamma and logBeta with @stdlib's gammaln and betaln (ports of the same FreeBSD and
// SLATEC algorithms, which tenure used before), kept as devDependencies for this test only.
import betaln from '@stdlib/math-base-special-betaln';
import gammaln from '@stdlib/math-base-special-gammaln';
import { describe, expect, it } from 'vitest';
import { logBeta } from '../../../src/models/numerics/logBeta.js';
import { logGamma } from '../../../src/models/numerics/logGamma.js';

/** Relative error, absolute where the reference is below 1 in magnitude (near the zeros). */
function error(actual: number, expected: number): number {
  if (actual === expected) return 0;
  return Math.abs(actual - expected) / Math.max(1, Math.abs(expected));
}

function worst(points: readonly number[][], f: (...args: number[]) => number, g: typeof f) {
  let max = 0;
  let at: number[] = [];
  for (const point of points) {
    const e = error(f(...point), g(...point));
    // A NaN error (one side NaN or infinite where the other is not) must fail, not be skipped.
    if (!(e <= max)) {
      max = e;
      at = point;
    }
  }
  return { max, at };
}

function range(from: number, to: number, step: number): number[] {
  const out: number[] = [];
  for (let i = 0; from + i * step <= to; i++) out.push(from + i * step);
  return out;
}

const logSpaced = (fromExp: number, toExp: number, step: number) =>
  range(fromExp, toExp, step).map((e) => 10 ** e);

describe('logGamma against @stdlib gammaln', () => {
  it.each([
    ['(-50, 200] in steps of 1/1024', range(-50 + 1 / 1024, 200, 1 / 1024)],
    ['integers and half-integers', range(-50, 200, 0.5)],
    [
      'near the poles 0, -1, ..., -50',
      range(-50, 0, 1).flatMap((k) =>
        [1e-15, 1e-12, 1e-9, 1e-6, 1e-3].flatMap((d) => [k + d, k - d]),
      ),
    ],
    ['tiny, both signs (1e-300..1e-8)', logSpaced(-300, -8, 0.01).flatMap((x) => [x, -x])],
    ['large (1e5..1e300)', logSpaced(5, 300, 0.01)],
    [
      'edges of the approximation ranges',
      [
        0.23163998126983643,
        0.7315998077392578,
        0.9000000953674316,
        1.2316322326660156,
        1.7316312789916992,
        8,
        2 ** 58,
        2 ** -70,
      ].flatMap((x) => [x, x * (1 - 2 ** -52), x * (1 + 2 ** -52)]),
    ],
  ])('%s: within 1e-14', (_, xs) => {
    const { max, at } = worst(
      xs.map((x) => [x]),
      logGamma,
      gammaln,
    );
    expect(max, `worst at x = ${at}`).toBeLessThanOrEqual(1e-14);
  });

  it('agrees on the special values', () => {
    for (const x of [0, -0, -1, -7, -(2 ** 52), -1e300, Number.POSITIVE_INFINITY, Number.NaN]) {
      expect(logGamma(x), `x = ${x}`).toBe(gammaln(x));
    }
  });
});

describe('logBeta against @stdlib betaln', () => {
  const grid = logSpaced(-8, 8, 0.05);
  it.each([
    ['a <= b', grid.flatMap((a) => grid.filter((b) => a <= b).map((b) => [a, b]))],
    ['a > b', grid.flatMap((a) => grid.filter((b) => a > b).map((b) => [a, b]))],
    [
      'around the branch at 10',
      [9.999999, 10, 10.000001].flatMap((a) =>
        [1e-8, 0.5, 9.999999, 10, 12, 1e8].map((b) => [a, b]),
      ),
    ],
  ])('%s: within 1e-14', (_, pairs) => {
    const { max, at } = worst(pairs, logBeta, betaln);
    expect(max, `worst at (a, b) = (${at})`).toBeLessThanOrEqual(1e-14);
  });

  it('agrees on the edges of the domain', () => {
    for (const [a, b] of [
      [0, 1],
      [1, 0],
      [-1, 2],
      [2, Number.POSITIVE_INFINITY],
      [Number.NaN, 2],
    ] as const) {
      expect(logBeta(a, b), `(${a}, ${b})`).toBe(betaln(a, b));
    }
  });
});
