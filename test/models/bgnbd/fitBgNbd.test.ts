import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isTenureError } from '../../../src/errors/TenureError.js';
import {
  bgNbdLogLikelihood,
  fitBgNbd,
  simulateBgNbd,
  simulateBgNbdHistories,
} from '../../../src/models/bgnbd/index.js';
import { summarizeCustomers } from '../../../src/models/summary/summarizeCustomers.js';

const truth = { r: 0.5, alpha: 6, a: 0.9, b: 3 };
const customers = simulateBgNbdHistories(truth, { customers: 4000, seed: 11, minT: 30, maxT: 50 });

describe('fitBgNbd', () => {
  it('recovers the parameters of data drawn from the model, within about two standard errors', () => {
    const fit = fitBgNbd(customers);
    expect(fit.converged).toBe(true);
    expect(fit.customers).toBe(4000);
    for (const name of ['r', 'alpha', 'a', 'b'] as const) {
      const se = fit.se?.[name] ?? Number.NaN;
      expect(Math.abs(fit.params[name] - truth[name])).toBeLessThan(3 * se);
    }
    expect(fit.logLikelihood).toBeCloseTo(bgNbdLogLikelihood(fit.params, customers), 8);
  });

  it('gives the same fit for weighted rows as for the customers they stand for', () => {
    const rows = [
      { x: 0, tx: 0, T: 20, weight: 30 },
      { x: 1, tx: 5, T: 20, weight: 10 },
      { x: 4, tx: 18, T: 20, weight: 6 },
      { x: 2, tx: 3, T: 12, weight: 4 },
    ];
    const expanded = rows.flatMap(({ weight, ...row }) =>
      Array.from({ length: weight }, () => row),
    );
    const weighted = fitBgNbd(rows);
    const plain = fitBgNbd(expanded);
    expect(weighted.params.r).toBeCloseTo(plain.params.r, 6);
    expect(weighted.logLikelihood).toBeCloseTo(plain.logLikelihood, 6);
  });

  it('is invariant to the order of customers', () => {
    const sample = customers.slice(0, 300);
    const reference = fitBgNbd(sample);
    fc.assert(
      fc.property(fc.shuffledSubarray(sample, { minLength: 300, maxLength: 300 }), (shuffled) => {
        const fit = fitBgNbd(shuffled);
        expect(fit.logLikelihood).toBeCloseTo(reference.logLikelihood, 6);
        expect(fit.params.alpha).toBeCloseTo(reference.params.alpha, 4);
      }),
      { numRuns: 10 },
    );
  });

  it('applies an L2 penalty on the log-parameters, pulling them towards 1', () => {
    const plain = fitBgNbd(customers.slice(0, 500));
    const penalised = fitBgNbd(customers.slice(0, 500), { penalty: 50 });
    expect(Math.abs(Math.log(penalised.params.alpha))).toBeLessThan(
      Math.abs(Math.log(plain.params.alpha)),
    );
    expect(penalised.logLikelihood).toBeLessThan(plain.logLikelihood);
  });

  it('never returns NaN: a single customer, all customers without repeat purchases, huge x', () => {
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
      const fit = fitBgNbd(rows);
      for (const value of [...Object.values(fit.params), fit.logLikelihood]) {
        expect(Number.isFinite(value)).toBe(true);
      }
      if (fit.se !== undefined)
        for (const value of Object.values(fit.se)) expect(Number.isFinite(value)).toBe(true);
    }
    // Without any repeat purchase the likelihood has no interior maximum: say so.
    expect(fitBgNbd(cases[1] ?? []).converged).toBe(false);
  });

  it('rejects an empty data set with a typed error', () => {
    let thrown: unknown;
    try {
      fitBgNbd([]);
    } catch (error) {
      thrown = error;
    }
    expect(isTenureError(thrown, 'TENURE_INVALID_MODEL_INPUT')).toBe(true);
  });
});

describe('simulateBgNbd', () => {
  it('is deterministic for a seed and yields valid purchase events', () => {
    const options = {
      customers: 50,
      seed: 3,
      start: '2024-01-01',
      acquisitionDays: 30,
      end: '2024-06-30',
    };
    const first = [...simulateBgNbd(truth, options)];
    const second = [...simulateBgNbd(truth, options)];
    expect(second).toEqual(first);
    expect(new Set(first.map((event) => event.customerId)).size).toBe(50);
    for (const event of first) {
      expect(event.type).toBe('purchase');
      expect(event.at).toBeLessThan(Date.parse('2024-07-01'));
      expect((event.data as { amount: number }).amount).toBeGreaterThanOrEqual(0);
    }
  });

  it('feeds the summary and the fit end to end', () => {
    const events = simulateBgNbd(truth, {
      customers: 3000,
      seed: 5,
      start: '2024-01-01',
      acquisitionDays: 60,
      end: '2024-12-31',
    });
    const summary = summarizeCustomers(events, { calibrationEnd: '2024-12-31' });
    expect(summary.customers).toHaveLength(3000);
    const fit = fitBgNbd(summary);
    expect(fit.converged).toBe(true);
    expect(fit.params.r / fit.params.alpha).toBeCloseTo(truth.r / truth.alpha, 1);
  });
});

describe('the analytic gradient of the BG/NBD likelihood', () => {
  it('agrees with central differences', async () => {
    const { bgNbdLogLikelihoodAndGradient } = await import(
      '../../../src/models/bgnbd/bgNbdLogLikelihood.js'
    );
    const { groupFrequencyRows } = await import('../../../src/models/summary/FrequencyRows.js');
    const rows = groupFrequencyRows(customers.slice(0, 200));
    const names = ['r', 'alpha', 'a', 'b'] as const;
    for (const params of [truth, { r: 2, alpha: 0.5, a: 3, b: 0.4 }]) {
      const gradient = [0, 0, 0, 0];
      bgNbdLogLikelihoodAndGradient(params, rows, gradient);
      names.forEach((name, i) => {
        const h = 1e-5;
        const at = (factor: number) =>
          bgNbdLogLikelihoodAndGradient(
            { ...params, [name]: params[name] * factor },
            rows,
            undefined,
          );
        expect(gradient[i]).toBeCloseTo((at(Math.exp(h)) - at(Math.exp(-h))) / (2 * h), 4);
      });
    }
  });
});
