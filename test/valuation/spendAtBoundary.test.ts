import { describe, expect, it } from 'vitest';
import { fitGammaGamma } from '../../src/models/gammaGamma/fitGammaGamma.js';
import { summarizeCustomers } from '../../src/models/summary/summarizeCustomers.js';
import { createLifecycle } from '../../src/projection/createLifecycle.js';
import { customerEquity } from '../../src/valuation/customerEquity.js';
import { AS_OF, uniformSpendLog } from './support.js';

describe('a spend model fitted at a boundary', () => {
  const events = uniformSpendLog();
  const projection = createLifecycle().projectEvents(events, {
    asOf: AS_OF,
    churn: true,
    clv: true,
  });

  it('is a fit that reports convergence with p beyond 1e6', () => {
    const summary = summarizeCustomers(events, {
      calibrationEnd: Date.parse(AS_OF),
      unit: 'week',
      currency: 'USD',
    });
    const fit = fitGammaGamma(summary, { nonPositiveSpend: 'exclude' });
    expect(fit.converged).toBe(true);
    expect(fit.params.p).toBeGreaterThan(1e6);
  });

  it('is reported not identified, as a purchase model at a limit is, and values no purchase', () => {
    const valuation = projection.valuation;
    expect(valuation?.purchases.converged).toBe(true);
    expect(valuation?.spend).toMatchObject({ converged: false, params: undefined });
    expect(valuation?.spend.reason).toMatch(
      /^the fit did not converge \(p = \d\.\d\de\+\d+ is not identified: spend too uniform/,
    );
    expect(valuation?.spend.populationMean).toBeUndefined();
    // Buyers keep their churn risk (the purchase model is sound); none gets a value from spend.
    const subscribers = new Set(
      events.filter((event) => event.type.startsWith('subscription.')).map((e) => e.customerId),
    );
    const buyers = projection.customers.filter(
      (customer) => customer.churnRisk !== undefined && !subscribers.has(customer.customerId),
    );
    expect(buyers.length).toBeGreaterThan(50);
    for (const buyer of buyers) expect(buyer.clv).toBeUndefined();
  });

  it('leaves customer equity the purchases expected of the buyers it cannot value', () => {
    const expected = projection.customers.reduce(
      (sum, customer) => sum + (customer.expectedPurchases ?? 0),
      0,
    );
    const ofValued = projection.customers.reduce(
      (sum, customer) => sum + (customer.clv === undefined ? 0 : (customer.expectedPurchases ?? 0)),
      0,
    );
    // The buyers' purchases are expected all the same: the purchase model converged.
    expect(expected - ofValued).toBeGreaterThan(100);
    const equity = customerEquity(projection);
    expect(equity.expectedPurchases).toBeCloseTo(expected, 9);
    expect(equity.valued).toBe(projection.customers.filter((c) => c.clv !== undefined).length);
  });

  it('gives the reason of every customer left without a value, the buyers included', () => {
    // notValued listed the 213 people without a purchase alone: the 110 buyers the spend model
    // could not value were in customerEquity's notValued (323) with no reason anywhere, and
    // tenure project's equity said nothing of them.
    const notValued = projection.valuation?.valued.notValued ?? {};
    const reasons = Object.values(notValued).reduce((sum, count) => sum + count, 0);
    expect(reasons).toBe(customerEquity(projection).notValued);
    expect(Object.keys(notValued)).toContain(`spend model: ${projection.valuation?.spend.reason}`);
  });
});
