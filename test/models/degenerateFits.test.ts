import { describe, expect, it } from 'vitest';
import { fitBgBb } from '../../src/models/bgbb/fitBgBb.js';
import { fitBgNbd } from '../../src/models/bgnbd/fitBgNbd.js';
import { simulateBgNbdHistories } from '../../src/models/bgnbd/simulateBgNbdHistories.js';
import { DEGENERATE_MAX_EVALUATIONS } from '../../src/models/clv/fitFrequencyModel.js';
import { fitGammaGamma } from '../../src/models/gammaGamma/fitGammaGamma.js';
import { fitParetoNbd } from '../../src/models/paretoNbd/fitParetoNbd.js';
import { fitSbg } from '../../src/models/sbg/fitSbg.js';

interface AnyFit {
  readonly params: object;
  readonly se: object | undefined;
  readonly logLikelihood: number;
  readonly converged: boolean;
  readonly reason: string | undefined;
  readonly evaluations: number;
}

/** A degenerate fit: not converged, says why, spent a short search, and has finite numbers. */
function expectDegenerate(fit: AnyFit, reason: RegExp): void {
  expect(fit.converged).toBe(false);
  expect(fit.reason).toMatch(reason);
  expect(fit.se).toBeUndefined();
  expect(fit.evaluations).toBeLessThanOrEqual(DEGENERATE_MAX_EVALUATIONS);
  for (const value of Object.values(fit.params)) expect(Number.isFinite(value)).toBe(true);
  expect(Number.isFinite(fit.logLikelihood)).toBe(true);
}

const frequencyCases = {
  'a single customer': [{ x: 3, tx: 10, T: 12 }],
  'a single customer without repeat purchases': [{ x: 0, tx: 0, T: 12 }],
  'all customers with x = 0': Array.from({ length: 50 }, (_, i) => ({ x: 0, tx: 0, T: 10 + i })),
  'identical customers': Array.from({ length: 50 }, () => ({ x: 2, tx: 5, T: 10 })),
  'every T = 0': Array.from({ length: 50 }, () => ({ x: 0, tx: 0, T: 0 })),
  'near-zero T without repeats': Array.from({ length: 50 }, (_, i) => ({
    x: 0,
    tx: 0,
    T: 1e-9 * (i + 1),
  })),
};
const frequencyReasons: Record<keyof typeof frequencyCases, RegExp> = {
  'a single customer': /same \(x, t_x, T\).*pass a penalty/,
  'a single customer without repeat purchases': /no repeat purchase/,
  'all customers with x = 0': /no repeat purchase among 50 customer/,
  'identical customers': /all 50 customer\(s\) have the same \(x, t_x, T\)/,
  'every T = 0': /no observation time.*end the calibration period later/,
  'near-zero T without repeats': /no repeat purchase/,
};

describe('fits on data without an estimate return converged: false and the reason, fast', () => {
  for (const [name, rows] of Object.entries(frequencyCases)) {
    const reason = frequencyReasons[name as keyof typeof frequencyCases];
    it(`BG/NBD and Pareto/NBD: ${name}`, () => {
      expectDegenerate(fitBgNbd(rows), reason);
      expectDegenerate(fitParetoNbd(rows), reason);
    });
  }

  it('BG/NBD and Pareto/NBD: a penalty gives identical customers an estimate', () => {
    const rows = frequencyCases['identical customers'];
    for (const fit of [fitBgNbd(rows, { penalty: 0.1 }), fitParetoNbd(rows, { penalty: 0.1 })]) {
      expect(fit.converged).toBe(true);
      expect(fit.reason).toBeUndefined();
    }
  });

  it('Gamma-Gamma: one buyer, identical rows, or the same mean spend for every x', () => {
    const cases = [
      [{ x: 2, meanSpend: 10 }],
      [{ x: 2, meanSpend: 10, count: 50 }],
      Array.from({ length: 50 }, (_, i) => ({ x: 1 + (i % 5), meanSpend: 10 })),
    ];
    for (const rows of cases) {
      expectDegenerate(fitGammaGamma(rows), /same mean spend.*pass a penalty/);
    }
  });

  it('BG/BB: no opportunity, no transaction, a transaction every time, one history', () => {
    expectDegenerate(fitBgBb([{ x: 0, tx: 0, n: 0, count: 100 }]), /no transaction opportunity/);
    expectDegenerate(fitBgBb([{ x: 0, tx: 0, n: 6, count: 100 }]), /no transaction among 100/);
    expectDegenerate(
      fitBgBb([
        { x: 6, tx: 6, n: 6, count: 100 },
        { x: 3, tx: 3, n: 3, count: 10 },
      ]),
      /every opportunity/,
    );
    expectDegenerate(fitBgBb([{ x: 3, tx: 4, n: 6, count: 7 }]), /same history/);
  });

  it('sBG: nobody churned, only the first renewal observed, everyone churned alike', () => {
    expectDegenerate(fitSbg([1000, 1000, 1000]), /nobody of 1000 customer\(s\) churned/);
    expectDegenerate(fitSbg([1000]), /nobody/);
    expectDegenerate(fitSbg([1000, 0, 0]), /only the first renewal/);
    expectDegenerate(fitSbg([1000, 631]), /only the first renewal/);
    expectDegenerate(
      fitSbg({
        rows: [
          { payments: 3, churned: true, count: 4 },
          { payments: 3, churned: true, count: 6 },
        ],
      }),
      /churned after the same number of payments/,
    );
  });
});

describe('the evaluation budget bounds every fit', () => {
  const customers = simulateBgNbdHistories(
    { r: 0.5, alpha: 6, a: 0.9, b: 3 },
    { customers: 300, seed: 5, minT: 30, maxT: 50 },
  );

  it('stops at maxEvaluations with converged: false and says so', () => {
    for (const fit of [
      fitBgNbd(customers, { maxEvaluations: 10 }),
      fitParetoNbd(customers, { maxEvaluations: 10 }),
    ]) {
      expect(fit.converged).toBe(false);
      expect(fit.evaluations).toBe(10);
      expect(fit.reason).toMatch(/spent its 10 evaluations.*maxEvaluations/);
    }
    const spend = fitGammaGamma(
      [
        { x: 1, meanSpend: 10 },
        { x: 2, meanSpend: 30 },
        { x: 4, meanSpend: 12 },
      ],
      { maxEvaluations: 12 },
    );
    expect(spend.converged).toBe(false);
    expect(spend.evaluations).toBe(12);
  });

  it('leaves a usual fit well inside the default budget of 3000', () => {
    const fit = fitBgNbd(customers);
    expect(fit.converged).toBe(true);
    expect(fit.reason).toBeUndefined();
    expect(fit.evaluations).toBeLessThan(300);
  });

  it('keeps each Pareto/NBD evaluation cheap where the shapes run off to infinity', () => {
    // Before the search was bounded, one of these ran for minutes inside single evaluations
    // (hypergeometric series of millions of terms): the budget alone could not stop it.
    for (const rows of [
      [
        { x: 9, tx: 168.857, T: 231.286, weight: 830 },
        { x: 2, tx: 32.571, T: 62.714, weight: 459 },
      ],
      [
        { x: 2, tx: 0, T: 20 },
        { x: 0, tx: 0, T: 20 },
      ],
    ]) {
      const fit = fitParetoNbd(rows, { maxEvaluations: 300 });
      expect(fit.converged).toBe(false);
      expect(fit.evaluations).toBeLessThanOrEqual(300);
      for (const value of Object.values(fit.params)) expect(Number.isFinite(value)).toBe(true);
    }
  });

  it('rejects a budget that is not a positive integer', () => {
    expect(() => fitBgNbd(customers, { maxEvaluations: 0 })).toThrow(/maxEvaluations/);
    expect(() => fitGammaGamma([{ x: 1, meanSpend: 3 }], { maxEvaluations: 1.5 })).toThrow(
      /maxEvaluations/,
    );
  });
});
