import { describe, expect, it } from 'vitest';
import { hyp2f1Work } from '../../../src/models/numerics/hyp2f1.js';
import { fitParetoNbd } from '../../../src/models/paretoNbd/fitParetoNbd.js';
import {
  logHyp2f1APlusOneIntegral,
  MAX_PANELS,
} from '../../../src/models/paretoNbd/logHyp2f1APlusOneIntegral.js';
import {
  paretoNbdLogLikelihood,
  paretoNbdRowsLogLikelihood,
} from '../../../src/models/paretoNbd/paretoNbdLogLikelihood.js';
import { groupFrequencyRows } from '../../../src/models/summary/FrequencyRows.js';

// ln ₂F₁(a, b; a+1; 1-w) from mpmath 1.3 at 60 digits: [a, b, w, ln F].
const references: readonly (readonly [number, number, number, number])[] = [
  [10002.5, 1.3, 1e-4, 11.3283234579729],
  [250000, 0.7, 1e-3, 4.83264643926465],
  [1000001.5, 2.5, 1e-5, 28.573504583648759],
  [2e7, 1.5, 1e-7, 23.713592888352217],
];

describe('logHyp2f1APlusOneIntegral', () => {
  it.each(references)('matches mpmath for a=%s b=%s 1-z=%s', (a, b, w, log) => {
    expect(Math.abs(logHyp2f1APlusOneIntegral(a, b, 1 - w, w) / log - 1)).toBeLessThan(1e-12);
  });

  it('matches the closed forms -ln(1-z)/z and, for b = a + 1, (1-z)^-a', () => {
    expect(logHyp2f1APlusOneIntegral(1, 1, 0.75, 0.25)).toBeCloseTo(
      Math.log(-Math.log(0.25) / 0.75),
      14,
    );
    const w = 1e-12;
    const log = logHyp2f1APlusOneIntegral(1e6, 1e6 + 1, 1 - w, w);
    expect(Math.abs(log / (-1e6 * Math.log(w)) - 1)).toBeLessThan(1e-13);
  });

  it('evaluates its integrand a bounded number of times, whatever the shapes and z', () => {
    for (const a of [0.01, 1, 1e4, 1e8, 1e15]) {
      for (const w of [0.5, 1e-3, 1e-9, 1e-300]) {
        hyp2f1Work.terms = 0;
        const log = logHyp2f1APlusOneIntegral(a, 1.5, 1 - w, w);
        expect(Number.isFinite(log)).toBe(true);
        expect(hyp2f1Work.terms).toBeLessThanOrEqual(20 * MAX_PANELS);
      }
    }
  });
});

describe('paretoNbdLogLikelihood at shapes in the thousands', () => {
  it('matches references from mpmath (its ₂F₁ or quadrature at 40-60 digits)', () => {
    const far = {
      r: 9651.146740365604,
      alpha: 4.568109722201972e287,
      s: 110.58046352145023,
      beta: 1.828715791212593e303,
    };
    // t_x = 10 against beta + t_x ≈ 1.8e303: z is within 2.5e-16 of 1 (it was 8,000 off).
    const near = paretoNbdLogLikelihood(far, [{ x: 2, tx: 10, T: 1e300 }]);
    expect(Math.abs(near / -1346.7673428722701 - 1)).toBeLessThan(1e-11);
    const fitted = {
      r: 9870.073234179707,
      alpha: 251157.5951045584,
      s: 9999.828251619692,
      beta: 11690172.678785488,
    };
    const rows = [
      { x: 9, tx: 168.857, T: 231.286, weight: 830 },
      { x: 2, tx: 32.571, T: 62.714, weight: 459 },
    ];
    expect(Math.abs(paretoNbdLogLikelihood(fitted, rows) / -35811.83808765025 - 1)).toBeLessThan(
      1e-10,
    );
  });
});

describe('the Pareto/NBD gradient where z > 0.99 (from the quadrature)', () => {
  it('agrees with central differences of the likelihood', () => {
    const rows = groupFrequencyRows([
      { x: 0, tx: 0, T: 30 },
      { x: 3, tx: 2, T: 30 },
      { x: 40, tx: 0.5, T: 35 },
    ]);
    // alpha / beta = 5000: z = (alpha - beta) / (alpha + t) > 0.999 for t <= 0.5.
    for (const params of [
      { r: 0.5, alpha: 1000, s: 0.7, beta: 0.2 },
      { r: 300, alpha: 0.01, s: 4000, beta: 50 },
    ]) {
      const gradient = [0, 0, 0, 0];
      paretoNbdRowsLogLikelihood(params, rows, gradient);
      (['r', 'alpha', 's', 'beta'] as const).forEach((name, i) => {
        const h = 1e-5;
        const at = (step: number) =>
          paretoNbdRowsLogLikelihood({ ...params, [name]: params[name] * Math.exp(step) }, rows);
        const numeric = (at(h) - at(-h)) / (2 * h);
        expect(Math.abs((gradient[i] as number) - numeric)).toBeLessThan(
          1e-7 * Math.max(1, Math.abs(numeric)),
        );
      });
    }
  });
});

describe('fitParetoNbd on the rows the models fuzz found to run for minutes', () => {
  it.each([
    [
      [
        { x: 9, tx: 168.857, T: 231.286, weight: 830 },
        { x: 2, tx: 32.571, T: 62.714, weight: 459 },
      ],
    ],
    [
      [
        { x: 2, tx: 0, T: 20 },
        { x: 0, tx: 0, T: 5 },
      ],
    ],
    [
      [
        { x: 2, tx: 10, T: 1e300 },
        { x: 0, tx: 0, T: 5 },
        { x: 1, tx: 3, T: 7 },
      ],
    ],
    [
      [
        { x: 2, tx: 10, T: 20 },
        { x: 0, tx: 0, T: 1e300 },
      ],
    ],
    [
      [
        { x: 1e7, tx: 10, T: 20 },
        { x: 0, tx: 0, T: 5 },
        { x: 1, tx: 3, T: 7 },
      ],
    ],
    [
      [
        { x: 1e300, tx: 1 / 7, T: 2 / 7 },
        { x: 0, tx: 0, T: 1e299 },
      ],
    ],
  ])('ends with finite numbers and a bounded number of series terms: %j', (rows) => {
    hyp2f1Work.terms = 0;
    const fit = fitParetoNbd(rows, { maxEvaluations: 500 });
    // Measured: at most 150,000 terms over 500 evaluations (before: up to a million per
    // series, and a wrong value after it).
    expect(fit.evaluations).toBeLessThanOrEqual(500);
    expect(hyp2f1Work.terms).toBeLessThan(1_000_000);
    expect(Number.isFinite(fit.logLikelihood)).toBe(true);
    for (const value of Object.values(fit.params)) expect(Number.isFinite(value)).toBe(true);
    if (!fit.converged) expect(fit.reason).toMatch(/./);
  });
});
