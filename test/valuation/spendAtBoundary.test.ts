import { describe, expect, it } from 'vitest';
import type { StoredEvent } from '../../src/events/TenureEvent.js';
import { fitGammaGamma } from '../../src/models/gammaGamma/fitGammaGamma.js';
import { createRandom } from '../../src/models/numerics/random.js';
import { summarizeCustomers } from '../../src/models/summary/summarizeCustomers.js';
import { createLifecycle } from '../../src/projection/createLifecycle.js';
import { sampleEvents } from './support.js';

const AS_OF = '2024-06-30T00:00:00Z';

/**
 * The sample business's purchases (a BG/NBD fit that converges), each customer paying one amount
 * every time, drawn within ±15 % of 20 USD: the repeat buyers' mean spend spreads no less for
 * four purchases than for one, so Gamma-Gamma puts no noise within a customer and its maximum
 * runs to p ≈ 3e8 (gamma near 0), where the optimiser reports convergence.
 */
function uniformSpendLog(): StoredEvent[] {
  const random = createRandom(3);
  const amounts = new Map<string, number>();
  return sampleEvents(2, 400)
    .filter((event) => event.at <= Date.parse(AS_OF))
    .map((event) => {
      if (event.type !== 'purchase') return event;
      let amount = amounts.get(event.customerId);
      if (amount === undefined) {
        amount = Math.round(2000 * (1 + 0.3 * (random.uniform() - 0.5))) / 100;
        amounts.set(event.customerId, amount);
      }
      return { ...event, data: { ...(event.data as object), amount } } as StoredEvent;
    });
}

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
});
