import { describe, expect, it } from 'vitest';
import { fitModelOnEvents } from '../../src/cli/commands/fitModelOnEvents.js';
import type { StoredEvent } from '../../src/events/TenureEvent.js';
import { bgbbLogLikelihood } from '../../src/models/bgbb/bgbbLogLikelihood.js';
import { createLifecycle } from '../../src/projection/createLifecycle.js';
import { AS_OF, sampleEvents, uniformSpendLog } from '../valuation/support.js';

const DAY_MS = 86_400_000;
const START = Date.UTC(2024, 0, 1);

function purchase(customerId: string, day: number, position: number): StoredEvent {
  return {
    id: `p${position}`,
    type: 'purchase',
    customerId,
    at: START + day * DAY_MS + 3_600_000,
    position,
    version: 0,
    data: { amount: 10, currency: 'USD' },
  } as StoredEvent;
}

describe('tenure fit --model bgbb: the purchase opportunities', () => {
  // Calibration to the end of day 7, holdout to the end of day 20, unit week: opportunity 1 is
  // days 1..7, opportunity 2 days 8..14 (the holdout's only whole week).
  const events: StoredEvent[] = [purchase('c1', 0, 1), purchase('c1', 3, 2), purchase('c1', 9, 3)];
  for (let k = 0; k < 30; k++) {
    events.push(purchase(`o${k}`, 0, 10 + k));
    if (k % 2 === 1) events.push(purchase(`o${k}`, 2 + (k % 5), 100 + k));
  }
  const result = fitModelOnEvents(events, {
    model: 'bgbb',
    calibrationEnd: START + 8 * DAY_MS - 1,
    holdoutEnd: START + 21 * DAY_MS - 1,
    unit: 'week',
    currency: 'USD',
  });

  it('counts a repeat purchase in the first week after the first one, and none of the holdout, in the calibration', () => {
    // 16 customers bought again within days 1..7, 15 did not; c1's day-9 purchase is the holdout's.
    const rows = [
      { x: 1, tx: 1, n: 1, count: 16 },
      { x: 0, tx: 0, n: 1, count: 15 },
    ];
    const params = result.params as { alpha: number; beta: number; gamma: number; delta: number };
    expect(result.observations).toBe(31);
    expect(result.logLikelihood).toBeCloseTo(bgbbLogLikelihood(params, rows), 10);
  });

  it("counts the holdout's purchase in the holdout", () => {
    expect(result.holdout?.actual).toBe(1);
  });
});

describe('tenure fit: the holdout of a fit that did not converge', () => {
  it('bgbb gives no forecast (one opportunity each pins nothing down)', () => {
    const events: StoredEvent[] = [];
    for (let k = 0; k < 30; k++) {
      events.push(purchase(`o${k}`, 0, 1 + 2 * k));
      if (k % 2 === 1) events.push(purchase(`o${k}`, 10, 2 + 2 * k));
    }
    const result = fitModelOnEvents(events, {
      model: 'bgbb',
      calibrationEnd: START + 8 * DAY_MS - 1,
      holdoutEnd: START + 21 * DAY_MS - 1,
      unit: 'week',
      currency: 'USD',
    });
    expect(result.converged).toBe(false);
    expect(result.holdout).toMatchObject({ forecast: null, actual: 15 });
  });

  it("gamma-gamma gives no forecast, and still the holdout buyers' actual mean spend", () => {
    // Every repeat purchase costs 10: the spend's spread, hence p, q and gamma, is not identified.
    const events: StoredEvent[] = [];
    for (let k = 0; k < 10; k++) {
      for (const day of [0, 3, 20]) events.push(purchase(`c${k}`, day, events.length + 1));
    }
    const result = fitModelOnEvents(events, {
      model: 'gamma-gamma',
      calibrationEnd: START + 8 * DAY_MS - 1,
      holdoutEnd: START + 30 * DAY_MS - 1,
      unit: 'week',
      currency: 'USD',
    });
    expect(result.converged).toBe(false);
    expect(result.holdout).toMatchObject({ forecast: null, actual: 10 });
  });
});

describe('tenure fit: a fit at a limit, which the optimiser calls converged', () => {
  it('gamma-gamma at p beyond 1e6 is not converged, with the reason, and forecasts nothing', () => {
    const events = uniformSpendLog();
    const asOf = Date.parse(AS_OF);
    const result = fitModelOnEvents(events, {
      model: 'gamma-gamma',
      calibrationEnd: asOf - 14 * DAY_MS,
      holdoutEnd: asOf,
      unit: 'week',
      currency: 'USD',
    });
    expect(result.params.p).toBeGreaterThan(1e6);
    expect(result.converged).toBe(false);
    expect(result.reason).toMatch(
      /^the optimiser stopped at a limit: p = \d\.\d\de\+\d+ is not identified$/,
    );
    expect(result.holdout?.forecast).toBeNull();
    expect(result.holdout?.actual).toBeGreaterThan(0);
  });

  it('a fit that pins its parameters down is converged, with no reason', () => {
    const events = sampleEvents(2, 400);
    const asOf = Date.parse(AS_OF);
    for (const model of ['bgnbd', 'gamma-gamma'] as const) {
      const result = fitModelOnEvents(events, {
        model,
        calibrationEnd: asOf,
        holdoutEnd: undefined,
        unit: 'week',
        currency: 'USD',
      });
      expect({ model, converged: result.converged, reason: result.reason }).toEqual({
        model,
        converged: true,
        reason: null,
      });
    }
  });
});

describe('tenure fit --model sbg: the subscriptions the projection fits', () => {
  // Monthly subscriptions started on day k: 12 cancel after k % 4 + 1 payments, 10 stop paying
  // without a cancellation (lapsed, as the projection counts them), 18 still pay; and 6 yearly
  // ones, a renewal period of their own.
  const events: StoredEvent[] = [];
  const add = (type: string, customerId: string, day: number, data: object): void => {
    const position = events.length + 1;
    events.push({
      id: `s${position}`,
      type,
      customerId,
      at: START + day * DAY_MS + 3_600_000,
      position,
      version: 0,
      data,
    } as StoredEvent);
  };
  const monthly = { plan: 'basic', amount: 10, currency: 'USD', interval: 'month' };
  for (let k = 0; k < 40; k++) {
    const id = `m${k}`;
    const subscriptionId = `${id}-sub`;
    add('subscription.started', id, k, { subscriptionId, ...monthly });
    const payments = k < 12 ? (k % 4) + 1 : k < 22 ? (k % 3) + 2 : 12;
    for (let n = 1; n < payments && k + 30 * n < 365; n++) {
      add('subscription.renewed', id, k + 30 * n, { subscriptionId, amount: 10, currency: 'USD' });
    }
    if (k < 12) add('subscription.cancelled', id, k + 30 * payments - 2, { subscriptionId });
  }
  for (let k = 0; k < 6; k++) {
    add('subscription.started', `y${k}`, k, {
      subscriptionId: `y${k}-sub`,
      plan: 'pro',
      amount: 100,
      currency: 'USD',
      interval: 'year',
    });
  }
  const asOf = START + 365 * DAY_MS - 1;

  it("gives the projection's sBG fit of the subscriptions' main renewal period", () => {
    const projection = createLifecycle().projectEvents(events, { asOf, churn: true, clv: true });
    const reference = projection.valuation?.subscriptions['1 month'];
    expect(reference?.converged).toBe(true);
    const result = fitModelOnEvents(events, {
      model: 'sbg',
      calibrationEnd: asOf,
      holdoutEnd: undefined,
      unit: 'week',
      currency: 'USD',
    });
    expect(result.observations).toBe(40);
    expect(result.logLikelihood).toBeCloseTo(reference?.logLikelihood as number, 8);
    for (const name of ['alpha', 'beta']) {
      const value = result.params[name] as number;
      expect(Math.abs(value / (reference?.params?.[name] as number) - 1)).toBeLessThan(1e-6);
    }
  });
});
