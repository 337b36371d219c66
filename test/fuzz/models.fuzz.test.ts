import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isTenureError } from '../../src/errors/TenureError.js';
import { fitBgBb } from '../../src/models/bgbb/fitBgBb.js';
import { fitBgNbd } from '../../src/models/bgnbd/fitBgNbd.js';
import { fitGammaGamma } from '../../src/models/gammaGamma/fitGammaGamma.js';
import { fitParetoNbd } from '../../src/models/paretoNbd/fitParetoNbd.js';
import { fitSbg } from '../../src/models/sbg/fitSbg.js';
import { findNonFinite } from './findNonFinite.js';

/**
 * Runs a fit: it returns a result whose every number is finite (a fit without an estimate says
 * so with `converged: false`), or throws a ModelInputError whose message starts with the API.
 */
function expectFitOrTypedError(api: string, run: () => unknown): void {
  let result: unknown;
  try {
    result = run();
  } catch (error) {
    expect(isTenureError(error, 'TENURE_INVALID_MODEL_INPUT'), String(error)).toBe(true);
    const message = (error as Error).message;
    expect(message.startsWith(`${api}: `), message).toBe(true);
    return;
  }
  expect(findNonFinite(result)).toEqual([]);
  expect(typeof (result as { converged: unknown }).converged).toBe('boolean');
}

/** Numbers a fit must survive: ordinary, zero, tiny, huge, and a few that are not allowed. */
const awkward = fc.constantFrom(0, 1e-300, 1e-9, 1e9, 1e300, -1, 0.5, Number.NaN, Infinity);
/** The same for counts: the likelihoods' gamma terms are closed forms, so any size goes. */
const awkwardCount = fc.constantFrom(0, 10_000, 1e9, 2 ** 53, 1e300, -1, 0.5, Number.NaN, Infinity);
const awkwardField = (counts: readonly string[], reals: readonly string[] = []) =>
  fc.oneof(
    fc.tuple(fc.constantFrom(...counts), awkwardCount),
    ...(reals.length === 0 ? [] : [fc.tuple(fc.constantFrom(...reals), awkward)]),
  );

/** Frequency rows as a shop's data give them (whole days, in weeks): 0 <= tx <= T. */
const possibleFrequencyRows = fc.array(
  fc
    .record({
      x: fc.nat(40),
      days: fc.nat(3000),
      share: fc.nat(100),
      weight: fc.integer({ min: 1, max: 1000 }),
    })
    .map(({ x, days, share, weight }) => {
      const txDays = x === 0 ? 0 : Math.max(1, Math.round((days * share) / 100));
      if (txDays > days) return { x: 0, tx: 0, T: days / 7, weight };
      return { x, tx: txDays / 7, T: days / 7, weight };
    }),
  { minLength: 1, maxLength: 30 },
);

/** Degenerate: every customer alike, no repeat buyer, or everyone buying at the same instant. */
const alikeFrequencyRows = fc
  .record({ x: fc.constantFrom(0, 1, 100), T: fc.constantFrom(0, 1, 52), n: fc.nat(5) })
  .map(({ x, T, n }) => Array.from({ length: n + 1 }, () => ({ x, tx: x === 0 ? 0 : T, T })));

/** Two rows, one with a number that is awkward (huge, tiny, zero) or not allowed. */
const awkwardFrequencyRows = (field: fc.Arbitrary<readonly [string, number]>) =>
  field.map(([name, value]) => [
    { x: 2, tx: 10, T: 20, [name]: value },
    { x: 0, tx: 0, T: 5 },
  ]);

/** Values every fit must reject. */
const forbidden = fc.constantFrom(-1, Number.NaN, Infinity, -Infinity);

const frequencyRows = fc.oneof(
  possibleFrequencyRows,
  alikeFrequencyRows,
  awkwardFrequencyRows(awkwardField(['x', 'weight'], ['tx', 'T'])),
  awkwardFrequencyRows(fc.tuple(fc.constantFrom('x', 'tx', 'T', 'weight'), forbidden)),
);

const spendRows = fc.oneof(
  fc.array(
    fc.record({
      x: fc.nat(30),
      meanSpend: fc.oneof(
        fc.double({ min: 0.01, max: 10_000, noNaN: true }),
        fc.constantFrom(1e-9, 1e12, 1e300),
      ),
      count: fc.integer({ min: 1, max: 100 }),
    }),
    { minLength: 1, maxLength: 20 },
  ),
  fc
    .record({ x: fc.constantFrom(1, 5), meanSpend: fc.constantFrom(0.01, 20, 1e300) })
    .map((row) => [row, row, row]),
  awkwardField(['x', 'count'], ['meanSpend']).map(([field, value]) => [
    { x: 2, meanSpend: 10, [field]: value },
  ]),
);

const bgbbRows = fc.oneof(
  fc.array(
    fc
      .record({
        n: fc.nat(12),
        a: fc.nat(12),
        b: fc.nat(12),
        count: fc.integer({ min: 1, max: 500 }),
      })
      .map(({ n, a, b, count }) => {
        const tx = Math.min(a, n);
        const x = tx === 0 ? 0 : Math.max(1, Math.min(b, tx));
        return { x, tx, n, count };
      }),
    { minLength: 1, maxLength: 20 },
  ),
  fc
    .constantFrom(
      { x: 0, tx: 0, n: 0 },
      { x: 0, tx: 0, n: 6 },
      { x: 6, tx: 6, n: 6 },
      { x: 1, tx: 1, n: 1 },
    )
    .map((row) => [{ ...row, count: 100 }]),
  awkwardField(['x', 'tx', 'n', 'count']).map(([field, value]) => [
    { x: 1, tx: 2, n: 3, [field]: value },
  ]),
);

const survivors = fc.oneof(
  fc
    .tuple(
      fc.integer({ min: 1, max: 5000 }),
      fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 10 }),
    )
    .map(([size, keeps]) => {
      const counts = [size];
      for (const keep of keeps) counts.push(Math.floor((counts.at(-1) as number) * keep));
      return counts;
    }),
  // Nobody churns, everybody churns at once, a cohort of one, or counts that grow.
  fc.constantFrom([1000, 1000, 1000], [10, 0, 0], [1], [1, 1], [5, 9], [0, 0], [3, 2.5], []),
);

describe('fuzz: the model fits on random and degenerate data', () => {
  it('fitBgNbd returns finite numbers or a typed error', () => {
    fc.assert(
      fc.property(frequencyRows, (rows) => expectFitOrTypedError('fitBgNbd', () => fitBgNbd(rows))),
      { numRuns: 40 },
    );
  });

  it('fitParetoNbd returns finite numbers or a typed error', () => {
    fc.assert(
      fc.property(frequencyRows, (rows) =>
        expectFitOrTypedError('fitParetoNbd', () => fitParetoNbd(rows)),
      ),
      { numRuns: 25 },
    );
  });

  it('fitGammaGamma returns finite numbers or a typed error', () => {
    fc.assert(
      fc.property(spendRows, (rows) =>
        expectFitOrTypedError('fitGammaGamma', () => fitGammaGamma(rows)),
      ),
      { numRuns: 40 },
    );
  });

  it('fitBgBb returns finite numbers or a typed error', () => {
    fc.assert(
      fc.property(bgbbRows, (rows) => expectFitOrTypedError('fitBgBb', () => fitBgBb(rows))),
      { numRuns: 40 },
    );
  });

  it('fitSbg returns finite numbers or a typed error', () => {
    fc.assert(
      fc.property(survivors, (counts) => expectFitOrTypedError('fitSbg', () => fitSbg(counts))),
      { numRuns: 40 },
    );
  });
});
