import { describe, expect, it } from 'vitest';
import { isTenureError } from '../../src/errors/TenureError.js';
import { subscriptionValue } from '../../src/models/clv/subscriptionValue.js';
import { createLifecycle } from '../../src/projection/createLifecycle.js';
import { checkHoldout } from '../../src/valuation/checkHoldout.js';
import { customerEquity } from '../../src/valuation/customerEquity.js';
import { hasOnlyFiniteNumbers, sampleEvents, toStored } from './support.js';

const lifecycle = createLifecycle();
const AS_OF = '2024-06-30T00:00:00Z';
const DAY = 86_400_000;

describe('a log with too little data', () => {
  const events = toStored([
    purchase('a', '2024-01-01', 20),
    purchase('a', '2024-02-01', 30),
    purchase('b', '2024-03-01', 15),
    {
      id: 'lead',
      type: 'lead.created',
      customerId: 'c',
      at: Date.parse('2024-03-02'),
      data: { source: 'web' },
    },
  ]);
  const projection = lifecycle.projectEvents(events, { asOf: AS_OF, churn: true, clv: true });

  it('says so in the model report, with converged: false and the reason', () => {
    expect(projection.valuation?.purchases.converged).toBe(false);
    expect(projection.valuation?.purchases.reason).toMatch(/too little data: 2 customer\(s\)/);
    expect(projection.valuation?.spend.converged).toBe(false);
    expect(projection.valuation?.valued.churnRisk).toBe(0);
  });

  it('gives customers undefined churn risk and value instead of invented numbers, and no NaN', () => {
    for (const customer of projection.customers) {
      expect(customer).toHaveProperty('churnRisk', undefined);
      expect(customer).toHaveProperty('clv', undefined);
      expect(customer).toHaveProperty('pAlive', undefined);
    }
    expect(hasOnlyFiniteNumbers(projection.valuation)).toBe(true);
    expect(customerEquity(projection)).toMatchObject({ total: 0, valued: 0, notValued: 3 });
  });

  it('counts why customers were not valued', () => {
    expect(projection.valuation?.valued.notValued).toEqual({
      'no purchase or subscription': 1,
      'purchase model: too little data: 2 customer(s) with a purchase, at least 20 needed': 2,
    });
  });
});

describe('corrections', () => {
  const events = sampleEvents(2, 400).filter((event) => event.at <= Date.parse(AS_OF));
  const target = events.find((event) => event.type === 'purchase');
  if (target === undefined) throw new Error('the sample has purchases');
  const voidAt = (at: number) =>
    toStored(
      [
        {
          id: 'void-1',
          type: 'event.voided',
          customerId: target.customerId,
          at,
          data: { eventId: target.id },
        },
      ],
      events.length,
    );
  const value = (log: typeof events) =>
    lifecycle.projectEvents(log, { asOf: AS_OF, churn: true, clv: true });
  const customer = (projection: ReturnType<typeof value>) =>
    projection.customers.find((candidate) => candidate.customerId === target.customerId);

  it('values a log with a voided purchase as the log without it', () => {
    const voided = value([...events, ...voidAt(target.at + 1)]);
    const without = value(events.filter((event) => event !== target));
    expect(voided.valuation).toEqual(without.valuation);
    expect(customer(voided)?.clv).toEqual(customer(without)?.clv);
  });

  it('does not apply a void made after asOf (it is not known yet)', () => {
    const later = value([...events, ...voidAt(Date.parse(AS_OF) + 86_400_000)]);
    expect(later.valuation).toEqual(value(events).valuation);
  });
});

describe('a projection without churn or clv', () => {
  it('has no valuation fields at all', () => {
    const projection = lifecycle.projectEvents(toStored([purchase('a', '2024-01-01', 20)]));
    expect(projection.valuation).toBeUndefined();
    expect(projection.customers[0]).not.toHaveProperty('churnRisk');
    expect(projection.customers[0]).not.toHaveProperty('clv');
  });
});

describe('options', () => {
  const events = toStored([purchase('a', '2024-01-01', 20)]);
  const unitExpected =
    "'day', 'week' or { days: n } with n > 0 (e.g. { days: 30.4375 } for a month)";
  it.each([
    [
      { clv: { margin: 1.5 } },
      'clv.margin must be a share in [0, 1] (1 for revenue), received 1.5.',
    ],
    [
      // Ignored, it would value at margin 1 without a word.
      { clv: { margn: 0.3 } },
      'clv.margn must be left out (no such option), received 0.3. Check its spelling (did you mean "margin"?); clv takes model, unit, margin, discount, horizon, period, currency.',
    ],
    [
      // A stray key beside the two thresholds is a typo, not something to ignore.
      { churn: { bands: { medium: 0.2, hihg: 0.6, high: 0.8 } } },
      'churn.bands.hihg must be left out (no such option), received 0.6. Check its spelling (did you mean "high"?); churn.bands takes medium, high.',
    ],
    [
      { churn: { band: { medium: 0.2, high: 0.6 } } },
      'churn.band must be left out (no such option), received {"medium":0.2,"high":0.6}. Check its spelling (did you mean "bands"?); churn takes model, unit, bands.',
    ],
    [
      { churn: { bands: { medium: 0.8, high: 0.5 } } },
      'churn.bands must be thresholds with 0 < medium < high < 1, received {"medium":0.8,"high":0.5}.',
    ],
    [
      { clv: { discount: { rate: 0, per: 'day' as const } } },
      'clv.horizon must be finite when the discount rate is 0, received Infinity. An undiscounted value over an unlimited horizon is not finite: pass a horizon such as { length: 3, unit: { days: 365.25 } } or a discount rate > 0.',
    ],
    [
      { churn: { model: 'bgnbd' as const }, clv: { model: 'pareto-nbd' as const } },
      'clv.model must be the same as churn.model ("bgnbd"): one model values a customer, received "pareto-nbd".',
    ],
    [
      { churn: { unit: 'week' as const }, clv: { unit: { days: 30 } } },
      'clv.unit must be the same as churn.unit ("week"): one model values a customer, received {"days":30}.',
    ],
    [{ churn: { unit: 'month' } }, `churn.unit must be ${unitExpected}, received "month".`],
    [{ clv: { unit: 'month' } }, `clv.unit must be ${unitExpected}, received "month".`],
    [
      { clv: { horizon: { length: 3, unit: 'month' } } },
      `clv.horizon.unit must be ${unitExpected}, received "month".`,
    ],
    [
      // Threw sbgDiscountedExpectedResidualLifetime's options.periods error for a monthly
      // subscriber (1.2e18 periods is no safe integer), an API the caller never called.
      { clv: { horizon: { length: 1e17, unit: { days: 365.25 } } } },
      'clv.horizon.length must be Infinity or at most 9007199254740991 days (2.5e13 years), received 100000000000000000.',
    ],
    [
      { clv: { horizon: '3 years' } },
      'clv.horizon must be a duration { length, unit }, e.g. { length: 3, unit: { days: 365.25 } }, received "3 years".',
    ],
    [
      { clv: { period: { length: -1, unit: 'day' } } },
      'clv.period.length must be a number >= 0, received -1.',
    ],
    [
      { clv: { period: { length: 1, unit: { days: 0 } } } },
      `clv.period.unit must be ${unitExpected}, received {"days":0}.`,
    ],
    [
      { clv: { discount: { rate: 0.1, per: 'year' } } },
      `clv.discount.per must be ${unitExpected}, received "year".`,
    ],
    [
      // Read as true, it valued with BG/NBD: the model asked for was dropped without a word.
      { churn: 'pareto-nbd' },
      `churn must be true, false or an options object such as { model: 'pareto-nbd' }, received "pareto-nbd".`,
    ],
    [
      // Read as true, it valued at margin 1.
      { clv: 0.3 },
      'clv must be true, false or an options object such as { margin: 0.3 }, received 0.3.',
    ],
  ])('rejects %j with the option named once and the value quoted once', (options, message) => {
    expect.assertions(2);
    try {
      // Values a TypeScript caller cannot pass, a JavaScript one can.
      lifecycle.projectEvents(events, { asOf: AS_OF, ...(options as object) });
    } catch (error) {
      expect(isTenureError(error, 'TENURE_INVALID_MODEL_INPUT')).toBe(true);
      expect((error as Error).message).toBe(`lifecycle.projectEvents: ${message}`);
    }
  });
});

describe("a fit's reason in the valuation report", () => {
  it('gives no advice to pass a penalty, an option the valuation does not take', () => {
    // 30 customers with the same history: the purchase model has nothing to tell them apart.
    const events = toStored(
      Array.from({ length: 30 }, (_, i) => [
        purchase(`c${i}`, '2024-01-01', 20),
        purchase(`c${i}`, '2024-02-01', 20),
      ]).flat(),
    );
    const report = lifecycle.projectEvents(events, { asOf: AS_OF, churn: true }).valuation;
    expect(report?.purchases.reason).toMatch(
      /^the fit did not converge \(all 30 customer\(s\) have the same \(x, t_x, T\)/,
    );
    expect(report?.purchases.reason).not.toMatch(/penalty/);
  });
});

describe('checkHoldout options', () => {
  it('names its own option for a unit it cannot use, not unitDays', () => {
    const call = () =>
      checkHoldout([], {
        calibrationEnd: '2024-01-01',
        holdoutEnd: '2024-06-30',
        unit: 'month' as unknown as 'week',
      });
    expect(call).toThrow(
      `checkHoldout: options.unit must be 'day', 'week' or { days: n } with n > 0 (e.g. { days: 30.4375 } for a month), received "month".`,
    );
  });

  it.each([
    [
      'a calibration end that is not a date',
      { calibrationEnd: 'x', holdoutEnd: '2024-06-30' },
      `checkHoldout: options.calibrationEnd must be an ISO-8601 date such as '1997-09-30', epoch milliseconds or a Date, received "x".`,
    ],
    [
      'a start that is not a date',
      { calibrationEnd: '2024-03-31', holdoutEnd: '2024-06-30', start: 'soon' },
      `checkHoldout: options.start must be an ISO-8601 date such as '1997-09-30', epoch milliseconds or a Date, received "soon".`,
    ],
    [
      'no holdout end',
      { calibrationEnd: '2024-03-31' },
      `checkHoldout: options.holdoutEnd must be the last day of the holdout, e.g. '1998-06-30', received undefined. The check compares the forecast with the purchases up to it.`,
    ],
    [
      'a holdout end before the calibration end',
      { calibrationEnd: '2024-03-31', holdoutEnd: '2024-01-31' },
      `checkHoldout: options.holdoutEnd must be a day on or after calibrationEnd (2024-03-31), received "2024-01-31".`,
    ],
    [
      'a currency that is not a string',
      { calibrationEnd: '2024-03-31', holdoutEnd: '2024-06-30', currency: 5 },
      `checkHoldout: options.currency must be a currency code such as 'USD', received 5.`,
    ],
    [
      'no options',
      undefined,
      `checkHoldout: options must be an object with calibrationEnd and holdoutEnd, e.g. { calibrationEnd: '1997-09-30', holdoutEnd: '1998-06-30' }, received undefined.`,
    ],
  ])('names its own options for %s, not summarizeCustomers', (_, options, message) => {
    const events = toStored([purchase('a', '2024-01-01', 20), purchase('a', '2024-02-01', 20)]);
    expect(() => checkHoldout(events, options as never)).toThrow(
      expect.objectContaining({ code: 'TENURE_INVALID_MODEL_INPUT', message }),
    );
  });

  it('refuses a model it does not fit, as the projection does, instead of fitting Pareto/NBD', () => {
    // Any name but 'bgnbd' once fitted Pareto/NBD.
    const call = () =>
      checkHoldout(toStored([purchase('a', '2024-01-01', 20), purchase('a', '2024-02-01', 20)]), {
        calibrationEnd: '2024-03-31',
        holdoutEnd: '2024-06-30',
        model: 'bg-nbd' as unknown as 'bgnbd',
      });
    expect(call).toThrow(
      `checkHoldout: options.model must be 'bgnbd' or 'pareto-nbd' (or the results' names 'bg/nbd' and 'pareto/nbd'), received "bg-nbd".`,
    );
  });
});

describe('contractual customers (the sample business, 600 people)', () => {
  const events = sampleEvents(11, 600);
  const asOf = Date.parse(AS_OF);
  const projection = lifecycle.projectEvents(events, {
    asOf: AS_OF,
    churn: true,
    clv: { margin: 0.5 },
  });
  const report = projection.valuation?.subscriptions['1 month'];

  it('fits sBG on the monthly subscriptions started before asOf', () => {
    expect(report?.converged).toBe(true);
    const started = events.filter((e) => e.type === 'subscription.started' && e.at <= asOf);
    expect(report?.observations).toBe(started.length);
  });

  it('gives active subscribers the sBG churn probability of their next renewal and DERL value', () => {
    const { alpha, beta } = (report?.params ?? {}) as { alpha: number; beta: number };
    const byCustomer = new Map<string, typeof events>();
    for (const e of events) {
      if (e.at > asOf || !e.type.startsWith('subscription.')) continue;
      byCustomer.set(e.customerId, [...(byCustomer.get(e.customerId) ?? []), e]);
    }
    let checked = 0;
    for (const customer of projection.customers) {
      const own = byCustomer.get(customer.customerId) ?? [];
      const cancelled = own.some((e) => e.type === 'subscription.cancelled');
      const payments = own.filter(
        (e) => e.type === 'subscription.started' || e.type === 'subscription.renewed',
      );
      const last = payments.at(-1);
      if (last === undefined || cancelled || last.at + 38 * DAY < asOf) continue;
      checked++;
      const n = payments.length;
      expect(customer.churnRisk?.model).toBe('sbg');
      expect(customer.churnRisk?.probability).toBeCloseTo(alpha / (alpha + beta + n - 1), 12);
      expect(customer.pAlive).toBeUndefined();
      const price = (last.data as { amount: number }).amount;
      const value = subscriptionValue({
        params: { alpha, beta },
        renewals: n - 1,
        period: { days: 30.4375 },
        paymentPerPeriod: price,
        margin: 0.5,
        discount: { rate: 0.1, per: { days: 365.25 } },
      });
      expect(customer.clv?.residual).toBeCloseTo(value.residual, 9);
      expect(customer.clv?.model).toBe('sbg');
    }
    expect(checked).toBeGreaterThan(5);
  });

  it('marks customers whose subscriptions all ended as churned, with realised value only', () => {
    const lapsed = projection.customers.filter(
      (customer) => customer.churnRisk?.model === 'sbg' && customer.churnRisk.probability === 1,
    );
    for (const customer of lapsed) {
      expect(customer.churnRisk?.band).toBe('high');
      expect(customer.clv?.residual).toBe(0);
      expect(customer.churnRisk?.drivers[0]).toMatch(/subscription (cancelled on|lapsed)/);
    }
  });

  it('gives buyers plain-words drivers', () => {
    const buyer = projection.customers.find(
      (customer) => customer.churnRisk?.model === 'bg/nbd' && customer.facts.purchases > 2,
    );
    expect(buyer?.churnRisk?.drivers[0]).toMatch(
      /^no purchase for \d+ days?; usual gap \d+ days?$/,
    );
  });
});

describe('subscribers at a discount rate too small for an unlimited horizon', () => {
  // 0.001 % a year is 8.3e-7 a month, below the 1e-6 per period at which the sBG's unlimited
  // sum of discounted renewals is cut (sbgDiscountedExpectedResidualLifetime refuses it). The
  // projection threw that function's error, naming an API the caller never called, and no
  // customer was valued; buyers' DERT has no such limit (BG/NBD: 117 discounted purchases for
  // FHL's x = 2, t_x = 30.43, T = 38.86 at this rate).
  const events = sampleEvents(11, 600);
  const projection = lifecycle.projectEvents(events, {
    asOf: AS_OF,
    churn: true,
    clv: { margin: 0.5, discount: { rate: 1e-5, per: { days: 365.25 } } },
  });
  const subscribers = projection.customers.filter(
    (customer) => customer.churnRisk?.model === 'sbg' && customer.churnRisk.probability < 1,
  );

  it("values buyers, keeps the subscribers' churn risk, and says why their clv is undefined", () => {
    expect(subscribers.length).toBeGreaterThan(5);
    for (const customer of subscribers) expect(customer.clv).toBeUndefined();
    const buyers = projection.customers.filter((customer) => customer.clv?.model === 'bg/nbd');
    expect(buyers.length).toBeGreaterThan(100);
    expect(projection.valuation?.valued.notValued).toMatchObject({
      'subscriptions (1 month): a discount rate of 8.3e-7 per period is below 1e-6, too small to sum renewals over an unlimited horizon; pass clv.horizon or a larger clv.discount.rate':
        subscribers.length,
    });
  });
});

describe('subscribers whose payments name no currency, and no purchases', () => {
  // The sample business's subscriptions without their currency, its purchases left out: 54
  // subscriptions by 2024-06-30, 40 still paid. Nothing says what currency to value them in.
  // The 14 lapsed ones lost their churn risk (1: they left) to the missing currency, and the 40
  // active ones had clv undefined with no reason in the report.
  const events = sampleEvents(11, 600)
    .filter((event) => event.type !== 'purchase' && event.type !== 'refund')
    .map((event) => {
      if (!event.type.startsWith('subscription.')) return event;
      const { currency: _currency, ...data } = event.data as Record<string, unknown>;
      return { ...event, data };
    });
  const projection = lifecycle.projectEvents(events, { asOf: AS_OF, churn: true, clv: true });
  const subscribers = projection.customers.filter((customer) =>
    events.some(
      (event) =>
        event.customerId === customer.customerId &&
        event.type === 'subscription.started' &&
        event.at <= Date.parse(AS_OF),
    ),
  );

  it("keeps every subscriber's churn risk, lapsed ones included, and says why none has a value", () => {
    expect(subscribers).toHaveLength(54);
    for (const customer of subscribers) {
      expect(customer.churnRisk?.model).toBe('sbg');
      expect(customer.clv).toBeUndefined();
    }
    expect(subscribers.filter((c) => c.churnRisk?.probability === 1)).toHaveLength(14);
    expect(projection.valuation?.valued.notValued).toEqual({
      'no currency to value payments in': 54,
      'no purchase or subscription': 476,
    });
  });
});

describe('subscribers who pay in another currency than the valued one', () => {
  // The sample business values USD; two subscribers pay in EUR only: one still paying, one
  // whose subscription lapsed. They had clv { historical: 0, residual: 0, total: 0, USD }.
  const base = sampleEvents(11, 600);
  const asOf = Date.parse(AS_OF);
  const euro = (type: string, customerId: string, at: number, data: object) => ({
    id: `${customerId}-${type}-${at}`,
    type,
    customerId,
    at,
    data: { subscriptionId: `${customerId}-sub`, ...data },
  });
  const plan = { plan: 'basic', amount: 9, currency: 'EUR', interval: 'month' };
  const paying = asOf - 75 * DAY;
  const lapsed = asOf - 200 * DAY;
  const extra = [
    euro('subscription.started', 'eur-paying', paying, plan),
    euro('subscription.renewed', 'eur-paying', paying + 30 * DAY, { amount: 9, currency: 'EUR' }),
    euro('subscription.renewed', 'eur-paying', paying + 61 * DAY, { amount: 9, currency: 'EUR' }),
    euro('subscription.started', 'eur-lapsed', lapsed, plan),
  ];
  const events = toStored([...base, ...extra].sort((a, b) => a.at - b.at));
  const projection = lifecycle.projectEvents(events, { asOf: AS_OF, churn: true, clv: true });
  const find = (id: string) => projection.customers.find((customer) => customer.customerId === id);

  it('get clv: undefined with the reason, as buyers in another currency do, and keep their churn risk', () => {
    expect(projection.valuation?.currency).toBe('USD');
    for (const id of ['eur-paying', 'eur-lapsed']) {
      expect(find(id)?.clv, id).toBeUndefined();
      expect(find(id)?.churnRisk?.model, id).toBe('sbg');
    }
    expect(find('eur-lapsed')?.churnRisk?.probability).toBe(1);
    expect(projection.valuation?.valued.notValued['pays in another currency than USD']).toBe(2);
    const equity = customerEquity(projection);
    expect(equity.valued).toBe(projection.valuation?.valued.clv);
  });

  it('is no reason not valued when only churn is asked for: their churn risk is valued', () => {
    const churnOnly = lifecycle.projectEvents(events, { asOf: AS_OF, churn: true });
    expect(churnOnly.valuation?.valued.notValued).not.toHaveProperty(
      'pays in another currency than USD',
    );
    expect(churnOnly.customers.find((c) => c.customerId === 'eur-paying')?.churnRisk?.model).toBe(
      'sbg',
    );
  });
});

function purchase(customerId: string, day: string, amount: number) {
  return {
    id: `${customerId}-${day}`,
    type: 'purchase',
    customerId,
    at: Date.parse(day),
    data: { orderId: `${customerId}-${day}`, amount, currency: 'USD' },
  };
}
