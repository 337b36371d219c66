import { describe, expect, it } from 'vitest';
import { createRandom } from '../../../src/models/numerics/random.js';
import { fitParetoNbd, paretoNbdLogLikelihood } from '../../../src/models/paretoNbd/index.js';

/** Customers drawn from the Pareto/NBD process in continuous time. */
function draw(
  params: { r: number; alpha: number; s: number; beta: number },
  n: number,
  seed: number,
) {
  const random = createRandom(seed);
  return Array.from({ length: n }, () => {
    const rate = random.gamma(params.r, 1 / params.alpha);
    const death = random.exponential(random.gamma(params.s, 1 / params.beta));
    const T = 30 + 20 * random.uniform();
    const end = Math.min(T, death);
    let t = 0;
    let x = 0;
    let tx = 0;
    for (;;) {
      t += random.exponential(rate);
      if (t >= end) break;
      x++;
      tx = t;
    }
    return { x, tx, T };
  });
}

const truth = { r: 0.6, alpha: 8, s: 0.8, beta: 15 };
const customers = draw(truth, 4000, 21);

describe('fitParetoNbd', () => {
  it('recovers the parameters of data drawn from the model, within three standard errors', () => {
    const fit = fitParetoNbd(customers);
    expect(fit.converged).toBe(true);
    for (const name of ['r', 'alpha', 's', 'beta'] as const) {
      expect(Math.abs(fit.params[name] - truth[name])).toBeLessThan(
        3 * (fit.se?.[name] ?? Number.NaN),
      );
    }
    expect(fit.logLikelihood).toBeCloseTo(paretoNbdLogLikelihood(fit.params, customers), 8);
  });

  it('is invariant to the order of customers', () => {
    const sample = customers.slice(0, 400);
    const reversed = [...sample].reverse();
    expect(fitParetoNbd(reversed).logLikelihood).toBeCloseTo(fitParetoNbd(sample).logLikelihood, 6);
  });

  it('never returns NaN: a single customer, no repeat purchases, huge x and T', () => {
    const cases = [
      [{ x: 3, tx: 10, T: 12 }],
      Array.from({ length: 50 }, (_, i) => ({ x: 0, tx: 0, T: 10 + i })),
      [
        { x: 5000, tx: 999, T: 1000 },
        { x: 0, tx: 0, T: 1000 },
        { x: 2, tx: 400, T: 2080 },
      ],
    ];
    for (const rows of cases) {
      const fit = fitParetoNbd(rows);
      for (const value of [...Object.values(fit.params), fit.logLikelihood]) {
        expect(Number.isFinite(value)).toBe(true);
      }
    }
    expect(fitParetoNbd(cases[1] ?? []).converged).toBe(false);
  });
});

describe('the analytic gradient of the Pareto/NBD likelihood', () => {
  it('agrees with central differences, for alpha above, below and equal to beta', async () => {
    const { paretoNbdRowsLogLikelihood } = await import(
      '../../../src/models/paretoNbd/paretoNbdLogLikelihood.js'
    );
    const { groupFrequencyRows } = await import('../../../src/models/summary/FrequencyRows.js');
    const rows = groupFrequencyRows([
      { x: 0, tx: 0, T: 30 },
      { x: 1, tx: 5, T: 30 },
      { x: 4, tx: 20, T: 25 },
      { x: 30, tx: 29, T: 31 },
      { x: 2, tx: 10, T: 10 },
    ]);
    const names = ['r', 'alpha', 's', 'beta'] as const;
    for (const params of [
      { r: 0.55, alpha: 10.6, s: 0.6, beta: 11.7 },
      { r: 0.55, alpha: 10.6, s: 0.6, beta: 3 },
      { r: 1, alpha: 5, s: 1, beta: 5 },
      { r: 0.5, alpha: 1e-3, s: 0.7, beta: 40 },
    ]) {
      const gradient = [0, 0, 0, 0];
      paretoNbdRowsLogLikelihood(params, rows, gradient);
      names.forEach((name, i) => {
        const h = 1e-5;
        const up = paretoNbdRowsLogLikelihood(
          { ...params, [name]: params[name] * Math.exp(h) },
          rows,
        );
        const down = paretoNbdRowsLogLikelihood(
          { ...params, [name]: params[name] * Math.exp(-h) },
          rows,
        );
        expect(gradient[i]).toBeCloseTo((up - down) / (2 * h), 5);
      });
    }
  });
});
