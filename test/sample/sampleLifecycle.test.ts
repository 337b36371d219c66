import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defaultEventCatalog } from '../../src/events/createEventCatalog.js';
import type { TenureEvent } from '../../src/events/TenureEvent.js';
import { validateEvents } from '../../src/events/validateEvents.js';
import { generateSampleBusiness } from '../../src/sample/generateSampleBusiness.js';

/** Events that must come before each type in a customer's history (same customer). */
const REQUIRES: Readonly<Record<string, readonly string[]>> = {
  'lead.contacted': ['lead.captured'],
  'lead.qualified': ['lead.contacted'],
  'lead.disqualified': ['lead.contacted'],
  'opportunity.opened': ['lead.qualified'],
  'opportunity.won': ['opportunity.opened'],
  'opportunity.lost': ['opportunity.opened'],
  refund: ['purchase'],
  'subscription.started': ['purchase'],
  'subscription.renewed': ['subscription.started'],
  'subscription.changed': ['subscription.started'],
  'subscription.cancelled': ['subscription.started'],
  'usage.login': ['subscription.started'],
  'usage.feature': ['subscription.started'],
  'support.opened': ['purchase'],
  'support.resolved': ['support.opened'],
  review: ['purchase'],
  referral: ['survey.answered'],
  collaboration: ['purchase'],
};

/** Every causal rule the sample breaks, as readable strings (empty when it keeps them all). */
function causalViolations(events: readonly TenureEvent[]): string[] {
  const violations: string[] = [];
  const seen = new Map<string, Set<string>>();
  const cancelled = new Set<string>();
  for (const event of events) {
    const types = seen.get(event.customerId) ?? new Set<string>();
    for (const required of REQUIRES[event.type] ?? []) {
      if (!types.has(required))
        violations.push(`${event.id}: ${event.type} before any ${required}`);
    }
    if (event.type.startsWith('subscription.') && cancelled.has(event.customerId)) {
      violations.push(`${event.id}: ${event.type} after the cancellation`);
    }
    if (event.type === 'subscription.cancelled') cancelled.add(event.customerId);
    if (event.type === 'lead.captured' && types.has('lead.captured'))
      violations.push(`${event.id}: a second lead.captured`);
    types.add(event.type);
    seen.set(event.customerId, types);
  }
  return violations;
}

describe('the sample business life cycle', () => {
  it('moves every person through the funnel in causal order', () => {
    expect(causalViolations([...generateSampleBusiness({ seed: 5, customers: 600 })])).toEqual([]);
  });

  it('makes valid, causally ordered histories for any seed and window', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 2 ** 31 - 1 }),
        fc.integer({ min: 2000, max: 2030 }),
        fc.integer({ min: 30, max: 2000 }),
        async (seed, year, days) => {
          const start = Date.UTC(year, 0, 1);
          const end = start + days * 86_400_000;
          const events = [...generateSampleBusiness({ seed, customers: 15, start, end })];
          const result = await validateEvents(events, defaultEventCatalog);
          expect(result.ok).toBe(true);
          expect(causalViolations(events)).toEqual([]);
          expect(events.every((event) => event.at >= start && event.at <= end)).toBe(true);
        },
      ),
      { numRuns: 25 },
    );
  });
});
