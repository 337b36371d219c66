/**
 * Spend and value models (issue 4, part B): fit times of Gamma-Gamma (CDNOW, 946 repeat buyers),
 * BG/BB (donations, 22 patterns / 11,104 donors) and sBG (one cohort), each against one
 * log-likelihood evaluation on the same data measured in the same run; and per-customer value
 * throughput: BG/BB DERT × Gamma-Gamma spend (closed-form series) against the same value from a
 * numerically discounted expected-transactions curve.
 *
 * `TENURE_BENCH_CLV_CUSTOMERS` sets how many simulated customers the DERT row values (default
 * 100,000); `TENURE_BENCH_CLV_CURVE_CUSTOMERS` how many of them the curve row values (default
 * 10,000: adaptive quadrature per customer is slower).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { bgbbDiscountedExpectedTransactions } from '../src/models/bgbb/bgbbDiscountedExpectedTransactions.js';
import { bgbbLogLikelihood } from '../src/models/bgbb/bgbbLogLikelihood.js';
import { fitBgBb } from '../src/models/bgbb/fitBgBb.js';
import { customerValue } from '../src/models/clv/customerValue.js';
import { fitGammaGamma } from '../src/models/gammaGamma/fitGammaGamma.js';
import { gammaGammaExpectedSpend } from '../src/models/gammaGamma/gammaGammaExpectedSpend.js';
import { gammaGammaLogLikelihood } from '../src/models/gammaGamma/gammaGammaLogLikelihood.js';
import { fitSbg } from '../src/models/sbg/fitSbg.js';
import { sbgLogLikelihood } from '../src/models/sbg/sbgLogLikelihood.js';
import { createSeededRandom } from '../src/sample/createSeededRandom.js';
import { measure, report } from './harness.js';

const RUNS = 5;
const CUSTOMERS = Number(process.env.TENURE_BENCH_CLV_CUSTOMERS ?? 100_000);
const CURVE_CUSTOMERS = Number(process.env.TENURE_BENCH_CLV_CURVE_CUSTOMERS ?? 10_000);

const csv = readFileSync(
  fileURLToPath(new URL('../../shared/data/cdnow_cbs_btyd.csv', import.meta.url)),
  'utf8',
);
const spendRows = csv
  .trim()
  .split('\n')
  .slice(1)
  .map((line) => line.split(',').map(Number))
  .map((fields) => ({ x: fields[1] ?? 0, meanSpend: fields[5] ?? 0 }));
const donations = [
  [6, 6, 1203],
  [5, 6, 728],
  [4, 6, 512],
  [3, 6, 357],
  [2, 6, 234],
  [1, 6, 129],
  [5, 5, 335],
  [4, 5, 284],
  [3, 5, 225],
  [2, 5, 173],
  [1, 5, 119],
  [4, 4, 240],
  [3, 4, 181],
  [2, 4, 155],
  [1, 4, 78],
  [3, 3, 322],
  [2, 3, 255],
  [1, 3, 129],
  [2, 2, 613],
  [1, 2, 277],
  [1, 1, 1091],
  [0, 0, 3464],
].map(([x = 0, tx = 0, count = 0]) => ({ x, tx, n: 6, count }));
const cohort = [1000, 631, 468, 382, 326, 289, 262, 241];

/** Median seconds of `runs` runs of `fn`. */
async function median(fn: () => unknown, runs = RUNS): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) times.push((await measure(fn)).seconds);
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] as number;
}

const ggFit = fitGammaGamma(spendRows);
const bbFit = fitBgBb(donations);
const sbgFit = fitSbg(cohort);
const ggUsed = spendRows.filter((row) => row.x > 0);

const fits = [
  {
    name: 'fitGammaGamma, CDNOW 946 repeat buyers',
    fit: () => fitGammaGamma(spendRows),
    ll: () => gammaGammaLogLikelihood(ggFit.params, ggUsed),
  },
  {
    name: 'fitBgBb, donations 11,104 donors',
    fit: () => fitBgBb(donations),
    ll: () => bgbbLogLikelihood(bbFit.params, donations),
  },
  {
    name: 'fitSbg, one cohort of 8 periods',
    fit: () => fitSbg(cohort),
    ll: () => sbgLogLikelihood(sbgFit.params, cohort),
  },
];
const rows = [];
for (const { name, fit, ll } of fits) {
  const fitSeconds = await median(fit);
  const llSeconds = await median(() => {
    for (let i = 0; i < 100; i++) ll();
  });
  rows.push({
    case: name,
    value: fitSeconds * 1000,
    unit: 'ms per fit',
    ratio: `${Math.round(fitSeconds / (llSeconds / 100))}x one log-likelihood`,
  });
}

const random = createSeededRandom(42);
const histories = Array.from({ length: CUSTOMERS }, () => {
  const n = 1 + Math.floor(random.next() * 20);
  const tx = Math.floor(random.next() * (n + 1));
  const x = tx === 0 ? 0 : 1 + Math.floor(random.next() * tx);
  return { x, tx, n, meanSpend: 5 + random.next() * 100 };
});
const dertSeconds = await median(() => {
  let total = 0;
  for (const history of histories) {
    total += customerValue({
      discountedTransactions: bgbbDiscountedExpectedTransactions(bbFit.params, history, {
        discountRate: 0.1,
      }),
      expectedSpend: gammaGammaExpectedSpend(ggFit.params, history),
      margin: 0.3,
    }).total;
  }
  return total;
}, 3);
const curveHistories = histories.slice(0, CURVE_CUSTOMERS);
const curveSeconds = await median(() => {
  let total = 0;
  for (const history of curveHistories) {
    const lambda = (history.x + 0.5) / (history.n + 1);
    total += customerValue({
      curve: {
        expectedTransactions: (t) => (lambda / 0.05) * -Math.expm1(-0.05 * t),
        timeUnit: { days: 365.25 },
        horizon: { length: 10, unit: { days: 365.25 } },
        discount: { rate: 0.1, per: { days: 365.25 } },
      },
      expectedSpend: gammaGammaExpectedSpend(ggFit.params, history),
      margin: 0.3,
    }).total;
  }
  return total;
}, 3);
const dertRate = CUSTOMERS / dertSeconds;
const curveRate = curveHistories.length / curveSeconds;
rows.push(
  {
    case: 'customerValue from BG/BB DERT x Gamma-Gamma spend',
    value: dertRate,
    unit: 'customers/s',
    ratio: '1x (baseline)',
  },
  {
    case: 'customerValue from a 10-year curve (adaptive quadrature)',
    value: curveRate,
    unit: 'customers/s',
    ratio: `${(curveRate / dertRate).toFixed(2)}x of DERT`,
  },
);
report('clv: spend and value models', rows);
