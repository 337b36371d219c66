import type { TenureEvent } from '../events/TenureEvent.js';

/** The mutable accumulator behind {@link CustomerFacts}; internal to the projection. */
export interface FactsAccumulator {
  firstActivityAt: number;
  lastActivityAt: number;
  firstPurchaseAt: number | undefined;
  lastPurchaseAt: number | undefined;
  purchases: number;
  revenue: number;
  refundCount: number;
  refunds: number;
  /** Copy-on-write: replaced, never changed in place (most customers share the empty one). */
  currencies: readonly string[];
  events: number;
}

const NO_CURRENCIES: readonly string[] = Object.freeze([]);

/** Facts of a customer with no events yet. */
export function emptyFacts(): FactsAccumulator {
  return {
    firstActivityAt: Number.NaN,
    lastActivityAt: Number.NaN,
    firstPurchaseAt: undefined,
    lastPurchaseAt: undefined,
    purchases: 0,
    revenue: 0,
    refundCount: 0,
    refunds: 0,
    currencies: NO_CURRENCIES,
    events: 0,
  };
}

/**
 * Counts one event into the facts (the `CustomerFacts` of a customer state). Events must come in (at, position) order, which the fold
 * guarantees, so that sums are added in the same order on every path (floating point).
 */
export function addToFacts(facts: FactsAccumulator, event: TenureEvent): void {
  if (facts.events === 0) facts.firstActivityAt = event.at;
  facts.lastActivityAt = event.at;
  facts.events++;
  if (event.type === 'purchase') {
    facts.purchases++;
    if (facts.firstPurchaseAt === undefined) facts.firstPurchaseAt = event.at;
    facts.lastPurchaseAt = event.at;
    facts.revenue += amountOf(event.data);
    addCurrency(facts, event.data);
  } else if (event.type === 'refund') {
    facts.refundCount++;
    facts.refunds += amountOf(event.data);
    addCurrency(facts, event.data);
  }
}

/** A copy of the accumulator (the live projection keeps folding the original). */
export function copyFacts(facts: FactsAccumulator): FactsAccumulator {
  return { ...facts };
}

function amountOf(data: unknown): number {
  const amount = (data as { amount?: unknown } | null)?.amount;
  return typeof amount === 'number' && Number.isFinite(amount) ? amount : 0;
}

function addCurrency(facts: FactsAccumulator, data: unknown): void {
  const currency = (data as { currency?: unknown } | null)?.currency;
  if (typeof currency !== 'string' || facts.currencies.includes(currency)) return;
  facts.currencies = [...facts.currencies, currency].sort();
}
