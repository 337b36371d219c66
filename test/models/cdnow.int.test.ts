/**
 * End to end on the CDNOW sample: the raw transactions (cdnowElog.csv) through tenure's own
 * importer and summary to the published figures of /work/shared/REFERENCES.md.
 *
 * Tolerance: 1e-3 relative, or the rounding of the published figure where it is printed with
 * fewer digits than that (e.g. a standard error of 0.0126 is any value in [0.01255, 0.01265]).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { TenureEvent } from '../../src/events/TenureEvent.js';
import {
  type BgNbdFit,
  bgNbdConditionalExpectedPurchases,
  bgNbdExpectedPurchases,
  bgNbdPAlive,
  bgNbdPurchaseProbability,
  fitBgNbd,
} from '../../src/models/bgnbd/index.js';
import { fitGammaGamma } from '../../src/models/gammaGamma/index.js';
import {
  fitParetoNbd,
  type ParetoNbdFit,
  paretoNbdConditionalExpectedPurchases,
  paretoNbdExpectedPurchases,
  paretoNbdPAlive,
} from '../../src/models/paretoNbd/index.js';
import {
  type RfmSummary,
  summarizeCustomers,
  trackRepeatPurchases,
} from '../../src/models/summary/index.js';
import { loadCdnowEvents, readCsv } from './cdnowFixture.js';

/** |actual - published| within 1e-3 relative or half a unit of the published figure's last digit. */
function expectPublished(actual: number, published: string): void {
  const value = Number(published);
  const mantissa = published.replace(/^-/, '').split('e')[0] ?? '';
  const decimals = mantissa.includes('.') ? (mantissa.split('.')[1]?.length ?? 0) : 0;
  const exponent = published.includes('e') ? Number(published.split('e')[1]) : 0;
  const halfUnit = 0.5 * 10 ** (exponent - decimals);
  const tolerance = Math.max(1e-3 * Math.abs(value), halfUnit);
  expect(Math.abs(actual - value), `${actual} vs published ${published}`).toBeLessThanOrEqual(
    tolerance,
  );
}

let events: TenureEvent[];
let summary: RfmSummary;
let bgNbd: BgNbdFit;
let paretoNbd: ParetoNbdFit;

beforeAll(async () => {
  events = await loadCdnowEvents();
  summary = summarizeCustomers(events, {
    calibrationEnd: '1997-09-30',
    holdoutEnd: '1998-06-30',
    unit: 'week',
  });
  bgNbd = fitBgNbd(summary);
  paretoNbd = fitParetoNbd(summary);
});

describe('CDNOW: from the raw transactions to model inputs', () => {
  it('imports 6,919 purchases of 2,357 customers', () => {
    expect(events).toHaveLength(6919);
    expect(summary.customers).toHaveLength(2357);
    expect(summary.holdoutLength).toBe(39);
  });

  it('gives the BTYD summary (x, t.x, T.cal, x.star, m.x) for every customer', () => {
    const byId = new Map(summary.customers.map((customer) => [customer.customerId, customer]));
    const reference = readCsv('cdnow_cbs_btyd.csv');
    expect(reference).toHaveLength(2357);
    const mismatches: string[] = [];
    for (const row of reference) {
      const customer = byId.get(row.cust ?? '');
      const same =
        customer !== undefined &&
        customer.x === Number(row.x) &&
        customer.holdoutX === Number(row['x.star']) &&
        Math.abs(customer.tx - Number(row['t.x'])) < 1e-9 &&
        Math.abs(customer.T - Number(row['T.cal'])) < 1e-9 &&
        Math.abs(customer.spend - Number(row['m.x'])) < 1e-9;
      if (!same) mismatches.push(`${JSON.stringify(row)} vs ${JSON.stringify(customer)}`);
    }
    expect(mismatches).toEqual([]);
  });

  it('has the published totals: 2,457 repeat purchase days, 946 repeat buyers, 1,882 in the holdout', () => {
    const sum = (pick: (customer: RfmSummary['customers'][number]) => number) =>
      summary.customers.reduce((total, customer) => total + pick(customer), 0);
    expect(sum((customer) => customer.x)).toBe(2457);
    expect(sum((customer) => (customer.x > 0 ? 1 : 0))).toBe(946);
    expect(sum((customer) => customer.holdoutX)).toBe(1882);
    expect(summary.nonPositiveSpend).toEqual([]);
    expect(summary.rows.customers).toBe(2357);
  });

  it('gives the weekly tracking series: 2,457 at week 39 and 4,339 at week 78', () => {
    const tracking = trackRepeatPurchases(events, { start: '1997-01-01', periods: 78 });
    const reference = readCsv('cdnow_weekly_cum_repeat_tracking.csv');
    expect(tracking.cumulative).toEqual(
      reference.map((row) => Number(row.cum_repeat_transactions)),
    );
    expect(tracking.cumulative[38]).toBe(2457);
    expect(tracking.cumulative[77]).toBe(4339);
  });
});

describe('CDNOW: BG/NBD (Fader, Hardie & Lee 2005; BTYD; lifetimes)', () => {
  it('fits r, alpha, a, b and the log-likelihood', () => {
    const fit = bgNbd;
    expect(fit.converged).toBe(true);
    const { r, alpha, a, b } = fit.params;
    for (const [actual, published] of [
      [r, '0.242593'],
      [alpha, '4.41353'],
      [a, '0.792886'],
      [b, '2.42575'],
      [r, '0.243'],
      [alpha, '4.414'],
      [a, '0.793'],
      [b, '2.426'],
      [fit.logLikelihood, '-9582.43'],
    ] as const) {
      expectPublished(actual, published);
    }
  });

  it('has the published standard errors', () => {
    const se = bgNbd.se;
    expect(se).toBeDefined();
    expectPublished(se?.r ?? Number.NaN, '0.0126');
    expectPublished(se?.alpha ?? Number.NaN, '0.378');
    expectPublished(se?.a ?? Number.NaN, '0.186');
    expectPublished(se?.b ?? Number.NaN, '0.705');
  });

  it('predicts the published conditional expectations and P(alive)', () => {
    const { params } = bgNbd;
    expectPublished(
      bgNbdConditionalExpectedPurchases(params, { x: 2, tx: 30.43, T: 38.86 }, 39),
      '1.226',
    );
    const heavy = { x: 26, tx: 30.857, T: 31 };
    expectPublished(bgNbdConditionalExpectedPurchases(params, heavy, 52), '25.757');
    expectPublished(bgNbdPAlive(params, heavy), '0.96885');
    expectPublished(bgNbdExpectedPurchases(params, 52), '1.444004');
  });

  it('gives E[X(t)] of the lifetimes test suite', () => {
    const { params } = bgNbd;
    const times = [0.1429, 1, 3, 31.8571, 32, 78];
    const published = ['0.0078', '0.0532', '0.1506', '1.0405', '1.0437', '1.8576'];
    for (const [i, t] of times.entries()) {
      expectPublished(bgNbdExpectedPurchases(params, t), published[i] ?? '');
    }
  });

  it('gives P(X(t) = n) of the lifetimes test suite (which uses the rounded published parameters)', () => {
    const rounded = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
    expectPublished(bgNbdPurchaseProbability(rounded, 10, 2), '1.07869e-7');
    expectPublished(bgNbdPurchaseProbability(rounded, 0, 39), '0.5737864');
  });
});

describe('CDNOW: Pareto/NBD (Fader, Hardie & Lee 2005; BTYD)', () => {
  it('fits r, alpha, s, beta and the log-likelihood', () => {
    const fit = paretoNbd;
    expect(fit.converged).toBe(true);
    expectPublished(fit.params.r, '0.553');
    expectPublished(fit.params.alpha, '10.578');
    expectPublished(fit.params.s, '0.606');
    expectPublished(fit.params.beta, '11.669');
    expectPublished(fit.logLikelihood, '-9595.0');
  });

  it('predicts the published conditional expectation, P(alive) and new-customer expectation', () => {
    const { params } = paretoNbd;
    const heavy = { x: 26, tx: 30.857, T: 31 };
    expectPublished(paretoNbdConditionalExpectedPurchases(params, heavy, 52), '25.456');
    expectPublished(paretoNbdPAlive(params, heavy), '0.99787');
    expectPublished(paretoNbdExpectedPurchases(params, 52), '1.473434');
  });
});

describe('CDNOW: Gamma-Gamma on the summary (Fader & Hardie 2013)', () => {
  it('fits p, q, gamma and the log-likelihood of the 946 repeat buyers', () => {
    const fit = fitGammaGamma(summary);
    expect(fit.converged).toBe(true);
    expect(fit.customers).toBe(946);
    expectPublished(fit.params.p, '6.25');
    expectPublished(fit.params.q, '3.74');
    expectPublished(fit.params.gamma, '15.44');
    expectPublished(fit.logLikelihood, '-4055.92');
  });
});
