import type { TenureEvent } from '../events/TenureEvent.js';
import type { CustomerFacts } from './CustomerState.js';
import { pointerFieldsOnFirst } from './makePointerFields.js';

/**
 * The running facts of a customer, kept as plain numbers on the customer's fold (no object of
 * their own while folding); {@link factsOf} turns them into the public {@link CustomerFacts}.
 * The times of the first and last activity are not kept here: the fold has them already (its
 * first stage entry and its last event). Internal to the projection.
 */
export interface FactsFields {
  /** Events counted so far (0: none yet, and the times below are meaningless). */
  events: number;
  /** Meaningful when `purchases > 0`. */
  firstPurchaseAt: number;
  lastPurchaseAt: number;
  purchases: number;
  revenue: number;
  refundCount: number;
  refunds: number;
  /** Copy-on-write: replaced, never changed in place (most customers share the empty one). */
  currencies: readonly string[];
}

/** The currencies of a customer who has none (shared, frozen). */
export const NO_CURRENCIES: readonly string[] = Object.freeze([]);

/**
 * Counts one event into the facts. Events must come in (at, position) order, which the fold
 * guarantees, so that sums are added in the same order on every path (floating point).
 */
export function addToFacts(facts: FactsFields, event: TenureEvent): void {
  const at = event.at;
  facts.events++;
  const type = event.type;
  if (type === 'purchase') {
    if (facts.purchases === 0) facts.firstPurchaseAt = at;
    facts.purchases++;
    facts.lastPurchaseAt = at;
    facts.revenue += amountOf(event.data);
    addCurrency(facts, event.data);
  } else if (type === 'refund') {
    facts.refundCount++;
    facts.refunds += amountOf(event.data);
    addCurrency(facts, event.data);
  }
}

/**
 * The public facts object (a new one, fixed shape) of the facts counted so far, with the times
 * of the customer's first and last counted events.
 */
export function factsOf(
  facts: FactsFields,
  firstActivityAt: number,
  lastActivityAt: number,
): CustomerFacts {
  const bought = facts.purchases > 0;
  const result: CustomerFacts = {
    firstActivityAt,
    lastActivityAt,
    firstPurchaseAt: bought ? facts.firstPurchaseAt : undefined,
    lastPurchaseAt: bought ? facts.lastPurchaseAt : undefined,
    purchases: facts.purchases,
    revenue: facts.revenue,
    refundCount: facts.refundCount,
    refunds: facts.refunds,
    currencies: facts.currencies,
    events: facts.events,
  };
  tagFacts(result);
  return result;
}

/**
 * The facts' pointer fields (see `makePointerFields`): the activity times share the numbers of
 * the stage history and the fold, and sums of 0 (most customers' refunds) are unboxed.
 */
const tagFacts = pointerFieldsOnFirst(['firstActivityAt', 'lastActivityAt', 'revenue', 'refunds']);

function amountOf(data: unknown): number {
  const amount = (data as { amount?: unknown } | null)?.amount;
  return typeof amount === 'number' && Number.isFinite(amount) ? amount : 0;
}

function addCurrency(facts: FactsFields, data: unknown): void {
  const currency = (data as { currency?: unknown } | null)?.currency;
  if (typeof currency !== 'string' || facts.currencies.includes(currency)) return;
  facts.currencies =
    facts.currencies.length === 0
      ? singleCurrency(currency)
      : [...facts.currencies, currency].sort();
}

/**
 * Most buyers pay in one currency: they share one frozen list per currency rather than each
 * holding an array of their own (bounded, so that odd currency strings cannot grow it forever).
 */
const SINGLE_CURRENCIES = new Map<string, readonly string[]>();
const MAX_SINGLE_CURRENCIES = 256;

function singleCurrency(currency: string): readonly string[] {
  let list = SINGLE_CURRENCIES.get(currency);
  if (list === undefined) {
    list = Object.freeze([currency]);
    if (SINGLE_CURRENCIES.size < MAX_SINGLE_CURRENCIES) SINGLE_CURRENCIES.set(currency, list);
  }
  return list;
}
