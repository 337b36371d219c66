import type { StoredEvent, TenureEvent } from '../../src/events/TenureEvent.js';
import { createRandom } from '../../src/models/numerics/random.js';
import { generateSampleBusiness } from '../../src/sample/index.js';

/** The sample business's events as stored events (positions in generation order). */
export function sampleEvents(seed: number, customers: number): StoredEvent[] {
  return toStored([...generateSampleBusiness({ seed, customers })]);
}

/** Events with positions, as a log would store them. */
export function toStored(events: readonly TenureEvent[], from = 0): StoredEvent[] {
  return events.map(
    (event, i) => ({ ...event, position: from + i + 1, version: 0 }) as StoredEvent,
  );
}

/** True when JSON.stringify of `value` would print no NaN/Infinity (they become null). */
export function hasOnlyFiniteNumbers(value: unknown): boolean {
  if (typeof value === 'number') return Number.isFinite(value);
  if (Array.isArray(value)) return value.every(hasOnlyFiniteNumbers);
  if (typeof value === 'object' && value !== null) {
    return Object.values(value).every(hasOnlyFiniteNumbers);
  }
  return true;
}

/** The end of {@link uniformSpendLog}. */
export const AS_OF = '2024-06-30T00:00:00Z';

/**
 * The sample business's purchases (a BG/NBD fit that converges), each customer paying one amount
 * every time, drawn within ±15 % of 20 USD: the repeat buyers' mean spend spreads no less for
 * four purchases than for one, so Gamma-Gamma puts no noise within a customer and its maximum
 * runs to p ≈ 3e8 (gamma near 0), where the optimiser reports convergence.
 */
export function uniformSpendLog(): StoredEvent[] {
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
