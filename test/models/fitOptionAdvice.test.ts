import { describe, expect, it } from 'vitest';
import { fitBgBb } from '../../src/models/bgbb/fitBgBb.js';
import { fitBgNbd } from '../../src/models/bgnbd/fitBgNbd.js';
import { simulateBgNbdHistories } from '../../src/models/bgnbd/simulateBgNbdHistories.js';
import { withoutFitOptionAdvice } from '../../src/models/fitOptionAdvice.js';
import { fitGammaGamma } from '../../src/models/gammaGamma/fitGammaGamma.js';
import { fitParetoNbd } from '../../src/models/paretoNbd/fitParetoNbd.js';
import { fitSbg } from '../../src/models/sbg/fitSbg.js';

// The valuation and `tenure fit` fit without options: the reasons they pass on keep what is
// wrong and what to do with the data, and nothing about options their callers cannot pass.
const OPTION_ADVICE = /penalty|starting values|maxEvaluations/;

const fitsWithOptionAdvice = {
  'BG/NBD, one customer': () => fitBgNbd([{ x: 3, tx: 10, T: 12 }]),
  'Pareto/NBD, no repeat purchase': () =>
    fitParetoNbd(Array.from({ length: 50 }, (_, i) => ({ x: 0, tx: 0, T: 10 + i }))),
  'Gamma-Gamma, the same mean spend': () => fitGammaGamma([{ x: 2, meanSpend: 10, count: 50 }]),
  'BG/BB, no transaction': () => fitBgBb([{ x: 0, tx: 0, n: 6, count: 100 }]),
  'sBG, nobody churned': () => fitSbg([1000, 1000, 1000]),
  'BG/NBD, evaluations used up': () =>
    fitBgNbd(
      simulateBgNbdHistories(
        { r: 0.5, alpha: 6, a: 0.9, b: 3 },
        { customers: 300, seed: 5, minT: 30, maxT: 50 },
      ),
      { maxEvaluations: 10 },
    ),
};

describe('a fit reason without the advice to pass fit options', () => {
  for (const [name, runFit] of Object.entries(fitsWithOptionAdvice)) {
    it(`${name}: keeps the problem and the data's fix, drops the options`, () => {
      const reason = runFit().reason ?? '';
      expect(reason).toMatch(OPTION_ADVICE);
      const kept = withoutFitOptionAdvice(reason);
      expect(kept).not.toMatch(OPTION_ADVICE);
      expect(kept).toBe(reason.slice(0, kept.length));
      expect(kept.length).toBeGreaterThan(20);
    });
  }

  it('says what to do with the data when there is something to do', () => {
    expect(withoutFitOptionAdvice(fitBgNbd([{ x: 3, tx: 10, T: 12 }]).reason ?? '')).toMatch(
      /; fit on more customers$/,
    );
    expect(withoutFitOptionAdvice(fitSbg([1000, 1000, 1000]).reason ?? '')).toMatch(
      /; observe the cohort for longer$/,
    );
  });

  it('leaves a reason without such advice as it is', () => {
    const reason = fitBgBb([{ x: 0, tx: 0, n: 0, count: 100 }]).reason ?? '';
    expect(reason).toMatch(/no transaction opportunity/);
    expect(withoutFitOptionAdvice(reason)).toBe(reason);
  });
});
