import { describe, expect, it } from 'vitest';
import {
  bgNbdLogLikelihood,
  bgNbdLogLikelihoodAndGradient,
} from '../../../src/models/bgnbd/bgNbdLogLikelihood.js';
import { fitBgNbd } from '../../../src/models/bgnbd/fitBgNbd.js';
import { fitParetoNbd } from '../../../src/models/paretoNbd/fitParetoNbd.js';
import { groupFrequencyRows } from '../../../src/models/summary/FrequencyRows.js';

const params = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };

/** Eq. 6 of Fader, Hardie & Lee (2005) with the products written out term by term. */
function byProducts(x: number, tx: number, T: number): number {
  const { r, alpha, a, b } = params;
  let gammaRatio = 0; // ln Γ(r+x)/Γ(r)
  let betaRatio = 0; // ln B(a, b+x)/B(a, b)
  for (let k = 0; k < x; k++) {
    gammaRatio += Math.log(r + k);
    betaRatio += Math.log((b + k) / (a + b + k));
  }
  const alive = -(r + x) * Math.log(alpha + T);
  if (x === 0) return gammaRatio + r * Math.log(alpha) + betaRatio + alive;
  const dead = Math.log(a / (b + x - 1)) - (r + x) * Math.log(alpha + tx);
  const high = Math.max(alive, dead);
  const mix = high + Math.log(Math.exp(alive - high) + Math.exp(dead - high));
  return gammaRatio + r * Math.log(alpha) + betaRatio + mix;
}

describe('bgNbdLogLikelihood', () => {
  it('equals the likelihood written as products over each purchase', () => {
    for (const [x, tx, T] of [
      [0, 0, 30],
      [1, 5, 30],
      [7, 20.5, 38],
      [250, 70, 71],
    ] as const) {
      const expected = byProducts(x, tx, T);
      expect(Math.abs(bgNbdLogLikelihood(params, [{ x, tx, T }]) - expected)).toBeLessThan(
        1e-9 * Math.abs(expected),
      );
    }
  });

  it('is finite for counts up to 1e300: the gamma terms are closed forms, not loops', () => {
    for (const x of [1e5, 1e7, 2 ** 53, 1e300]) {
      const value = bgNbdLogLikelihood(params, [{ x, tx: 10, T: 20 }]);
      expect(Number.isFinite(value)).toBe(true);
    }
  });

  it('has a gradient that agrees with central differences, also for huge counts', () => {
    const rows = groupFrequencyRows([
      { x: 0, tx: 0, T: 30 },
      { x: 3, tx: 12, T: 30 },
      { x: 1e6, tx: 29, T: 30 },
    ]);
    const gradient = [0, 0, 0, 0];
    bgNbdLogLikelihoodAndGradient(params, rows, gradient);
    const names = ['r', 'alpha', 'a', 'b'] as const;
    names.forEach((name, i) => {
      const h = 1e-4;
      const at = (factor: number) =>
        bgNbdLogLikelihoodAndGradient(
          { ...params, [name]: params[name] * Math.exp(factor) },
          rows,
          undefined,
        );
      const numeric = (at(h) - at(-h)) / (2 * h);
      expect(Math.abs((gradient[i] as number) - numeric)).toBeLessThan(
        1e-5 * Math.max(1, Math.abs(numeric)),
      );
    });
  });
});

describe('fitBgNbd on huge counts', () => {
  it('ends within its evaluation budget with a finite result', () => {
    for (const x of [1e7, 1e300]) {
      const fit = fitBgNbd(
        [
          { x, tx: 10, T: 20 },
          { x: 0, tx: 0, T: 5 },
          { x: 1, tx: 3, T: 7 },
        ],
        { maxEvaluations: 500 },
      );
      expect(fit.evaluations).toBeLessThanOrEqual(500);
      expect(Number.isFinite(fit.logLikelihood)).toBe(true);
      for (const value of Object.values(fit.params)) expect(Number.isFinite(value)).toBe(true);
    }
  });
});

describe('the frequency fits name themselves and the field in input errors', () => {
  it.each([
    ['fitBgNbd', fitBgNbd],
    ['fitParetoNbd', fitParetoNbd],
  ] as const)('%s', (api, fitRows) => {
    expect(() =>
      fitRows([
        { x: 2, tx: 1, T: 3 },
        { x: -1, tx: 0, T: 5 },
      ]),
    ).toThrow(`${api}: rows.1.x must be an integer >= 0 (repeat purchases), received -1.`);
    expect(() => fitRows([{ x: 2, tx: 4, T: 3 }])).toThrow(
      `${api}: rows.0.tx must be a number from 0 to T = 3, received 4.`,
    );
  });
});
