/**
 * The valuation on the CDNOW sample, projected as of 1997-09-30 (the published calibration end):
 * each customer's P(alive) is the BG/NBD P(alive) of the reference fit, the lifetime values add
 * up to a finite positive customer equity, and the tracking check through the 39-week holdout
 * follows the actual repeat purchases.
 */
import { beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import type { TenureEvent } from '../../src/events/TenureEvent.js';
import { createMemoryLog } from '../../src/log/createMemoryLog.js';
import type { BgNbdParams } from '../../src/models/bgnbd/BgNbdParams.js';
import { bgNbdPAlive } from '../../src/models/bgnbd/bgNbdPAlive.js';
import type { ParetoNbdParams } from '../../src/models/paretoNbd/ParetoNbdParams.js';
import { paretoNbdPAlive } from '../../src/models/paretoNbd/paretoNbdPAlive.js';
import { createLifecycle } from '../../src/projection/createLifecycle.js';
import { findCustomer, type Projection } from '../../src/projection/Projection.js';
import { checkHoldout } from '../../src/valuation/checkHoldout.js';
import { customerEquity } from '../../src/valuation/customerEquity.js';
import { loadCdnowEvents, readCsv } from '../models/cdnowFixture.js';

/** Fader, Hardie & Lee (2005), unrounded (REFERENCES.md). */
const REFERENCE = { r: 0.242593, alpha: 4.41353, a: 0.792886, b: 2.42575 };
const AS_OF = '1997-09-30T23:59:59Z';

let events: TenureEvent[];
let projection: Projection;

beforeAll(async () => {
  events = await loadCdnowEvents();
  const log = createMemoryLog();
  await log.append(events);
  projection = await createLifecycle().project(log, {
    asOf: AS_OF,
    churn: true,
    clv: { margin: 0.3 },
  });
});

describe('CDNOW projected as of 1997-09-30 with churn and clv', () => {
  it('fits BG/NBD and Gamma-Gamma on the calibration period only: the published estimates', () => {
    const report = projection.valuation;
    expect(report?.calibrationEnd).toBe('1997-09-30');
    expect(report?.purchases.converged).toBe(true);
    const params = report?.purchases.params as Record<string, number>;
    for (const [name, value] of Object.entries(REFERENCE)) {
      expect(params[name]).toBeCloseTo(value, 3);
    }
    expect(report?.purchases.logLikelihood).toBeCloseTo(-9582.43, 1);
    expect(report?.spend.params?.p).toBeCloseTo(6.25, 2);
    expect(report?.spend.params?.q).toBeCloseTo(3.74, 2);
    expect(report?.spend.params?.gamma).toBeCloseTo(15.44, 1);
    expect(report?.valued).toEqual({ churnRisk: 2357, clv: 2357, notValued: {} });
  });

  it("gives customer 1 (x = 2, t_x = 30.43, T = 38.86) the reference fit's P(alive)", () => {
    const customer = findCustomer(projection, '1');
    const reference = bgNbdPAlive(REFERENCE, { x: 2, tx: 213 / 7, T: 272 / 7 });
    expect(customer?.pAlive).toBeCloseTo(reference, 3);
    expect(customer?.churnRisk?.probability).toBeCloseTo(1 - reference, 3);
    expect(customer?.churnRisk?.band).toBe('low');
    expect(customer?.churnRisk?.drivers).toContain('no purchase for 59 days; usual gap 107 days');
  });

  it('matches the reference P(alive) of every customer of the BTYD summary to 1e-3', () => {
    for (const row of readCsv('cdnow_cbs_btyd.csv')) {
      const history = { x: Number(row.x), tx: Number(row['t.x']), T: Number(row['T.cal']) };
      const customer = findCustomer(projection, String(Number(row.cust)));
      expect(Math.abs((customer?.pAlive as number) - bgNbdPAlive(REFERENCE, history))).toBeLessThan(
        1e-3,
      );
    }
  });

  it('values every customer: historical margin of net spend, positive finite customer equity', () => {
    const customer = findCustomer(projection, '1');
    expect(customer?.clv?.historical).toBeCloseTo(0.3 * (customer?.facts.revenue as number), 9);
    expect(customer?.clv?.currency).toBe('USD');
    const equity = customerEquity(projection);
    expect(equity.valued).toBe(2357);
    expect(Number.isFinite(equity.total)).toBe(true);
    expect(equity.residual).toBeGreaterThan(0);
    expect(equity.total).toBeCloseTo(equity.historical + equity.residual, 6);
    expect(equity.currency).toBe('USD');
  });

  it('does not see the holdout: projecting the calibration events alone gives the same values', async () => {
    const log = createMemoryLog();
    await log.append(events.filter((event) => event.at <= Date.parse(AS_OF)));
    const alone = await createLifecycle().project(log, {
      asOf: AS_OF,
      churn: true,
      clv: { margin: 0.3 },
    });
    expect(alone.valuation).toEqual(projection.valuation);
    expect(findCustomer(alone, '1')?.clv).toEqual(findCustomer(projection, '1')?.clv);
  });
});

describe('CDNOW with the Pareto/NBD model', () => {
  it('gives every customer the Pareto/NBD P(alive) of the published fit (to 1e-2)', async () => {
    const log = createMemoryLog();
    await log.append(events);
    const pareto = await createLifecycle().project(log, {
      asOf: AS_OF,
      churn: { model: 'pareto-nbd' },
    });
    expect(pareto.valuation?.purchases).toMatchObject({ model: 'pareto/nbd', converged: true });
    const published = { r: 0.553, alpha: 10.578, s: 0.606, beta: 11.669 };
    for (const row of readCsv('cdnow_cbs_btyd.csv').slice(0, 200)) {
      const history = { x: Number(row.x), tx: Number(row['t.x']), T: Number(row['T.cal']) };
      const customer = findCustomer(pareto, String(Number(row.cust)));
      expect(customer?.churnRisk?.model).toBe('pareto/nbd');
      expect(
        Math.abs((customer?.pAlive as number) - paretoNbdPAlive(published, history)),
      ).toBeLessThan(1e-2);
    }
    expect(findCustomer(pareto, '1')).not.toHaveProperty('clv');
  });
});

describe('checkHoldout on CDNOW', () => {
  it('tracks the actual cumulative repeat purchases: 2,457 at week 39, 4,339 at week 78', () => {
    const check = checkHoldout(events, { calibrationEnd: '1997-09-30', holdoutEnd: '1998-06-30' });
    expect(check.converged).toBe(true);
    expect(check.periods).toHaveLength(78);
    expect(check.periods[38]?.cumulativeActual).toBe(2457);
    expect(check.periods[77]?.cumulativeActual).toBe(4339);
    expect(check.periods[38]?.holdout).toBe(false);
    expect(check.periods[39]?.holdout).toBe(true);
    expect(check.holdout.actual).toBe(1882);
    // BG/NBD under-forecasts CDNOW's holdout slightly (Fader, Hardie & Lee 2005, figure 3):
    // 4,161 forecast at week 78 against 4,339 actual, 1,667 against 1,882 in the holdout.
    const week78 = check.periods[77]?.cumulativeForecast as number;
    expect(Math.abs(week78 - 4339) / 4339).toBeLessThan(0.05);
    expect(Math.abs((check.periods[38]?.cumulativeForecast as number) - 2457)).toBeLessThan(
      0.03 * 2457,
    );
    expect(check.holdout.relativeError).toBeGreaterThan(-0.15);
    expect(check.holdout.relativeError).toBeLessThan(0);
    expect(JSON.parse(JSON.stringify(check))).toEqual(check);
  });

  it("gives the model's own parameters, typed by the model (the paper's, fitted on the calibration)", () => {
    const options = { calibrationEnd: '1997-09-30', holdoutEnd: '1998-06-30' } as const;
    const bgNbd = checkHoldout(events, options);
    if (bgNbd.model !== 'bg/nbd') throw new Error('expected BG/NBD, the default');
    expectTypeOf(bgNbd.params).toEqualTypeOf<Readonly<BgNbdParams> | undefined>();
    for (const [name, value] of Object.entries(REFERENCE)) {
      expect(bgNbd.params?.[name as keyof BgNbdParams]).toBeCloseTo(value, 2);
    }
    const pareto = checkHoldout(events, { ...options, model: 'pareto-nbd' });
    if (pareto.model !== 'pareto/nbd') throw new Error('expected Pareto/NBD');
    expectTypeOf(pareto.params).toEqualTypeOf<Readonly<ParetoNbdParams> | undefined>();
    expect(Object.keys(pareto.params ?? {}).sort()).toEqual(['alpha', 'beta', 'r', 's']);
  });

  it('counts the forecast from the start given, as the actual is counted', () => {
    // 1997-02-26 starts week 9 of the cohort's 78: the tracking from there is the tail of the
    // full one. The forecast of the first period held every purchase expected since each
    // customer's birth (379 against 68 actual from 1997-03-01).
    const options = { calibrationEnd: '1997-09-30', holdoutEnd: '1998-06-30' } as const;
    const full = checkHoldout(events, options);
    const late = checkHoldout(events, { ...options, start: '1997-02-26' });
    expect(late.periods).toHaveLength(70);
    expect(late.periods[0]?.start).toBe('1997-02-26');
    const before = full.periods[7]?.cumulativeForecast as number;
    for (const [k, period] of late.periods.entries()) {
      const same = full.periods[k + 8];
      expect(period.actual).toBe(same?.actual);
      expect(Math.abs(period.forecast - (same?.forecast as number))).toBeLessThan(1e-7);
      const cumulative = (same?.cumulativeForecast as number) - before;
      expect(Math.abs(period.cumulativeForecast - cumulative)).toBeLessThan(1e-7);
    }
    expect(late.holdout).toEqual(full.holdout);
  });

  it('forecasts each month to its last whole day, the day trackRepeatPurchases counts it to', () => {
    // Month 1 from 1997-01-01 holds days 0..30 (30 < 30.4375): its forecast is the daily one at
    // day 30, as its actual is; it was taken at day 29.4375.
    const options = { calibrationEnd: '1997-09-30', holdoutEnd: '1998-06-30' } as const;
    const monthly = checkHoldout(events, { ...options, unit: { days: 30.4375 } });
    const daily = checkHoldout(events, { ...options, unit: 'day' });
    for (const [month, day] of [
      [0, 30],
      [1, 60],
      [8, 273],
    ] as const) {
      expect(monthly.periods[month]?.cumulativeActual).toBe(daily.periods[day]?.cumulativeActual);
      const forecast = monthly.periods[month]?.cumulativeForecast as number;
      const expected = daily.periods[day]?.cumulativeForecast as number;
      expect(Math.abs(forecast / expected - 1)).toBeLessThan(1e-4);
    }
  });

  it.each([
    ['months', { days: 30.4375 }],
    ['10-day periods', { days: 10 }],
  ] as const)(
    'totals the whole holdout with %s, whose boundaries miss the calibration end',
    (_, unit) => {
      // The period holding 1997-09-30 also holds holdout days: the totals were those of the
      // periods that start after it (months: 1,877 actual, 10 days: 1,832, of 1,882).
      const check = checkHoldout(events, {
        calibrationEnd: '1997-09-30',
        holdoutEnd: '1998-06-30',
        unit,
      });
      expect(check.holdout.actual).toBe(1882);
      // The same forecast whatever the periods: the cohort's E[X(t)] from 1997-09-30 to 1998-06-30.
      const weekly = checkHoldout(events, {
        calibrationEnd: '1997-09-30',
        holdoutEnd: '1998-06-30',
      });
      const forecast = check.holdout.forecast as number;
      expect(Math.abs(forecast / (weekly.holdout.forecast as number) - 1)).toBeLessThan(1e-3);
    },
  );
});
