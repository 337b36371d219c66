import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  attritionRate,
  cohortRetention,
  createLifecycle,
  findCustomer,
  funnelConversion,
  replacementNeeds,
  stageCounts,
} from '../../src/projection/index.js';
import { lifecycleLogArbitrary } from '../../src/testing/lifecycleArbitraries.js';
import { storeEvents } from './support/storeEvents.js';

// The portfolio views read one projection's stage histories; each figure must be what
// projections run at the dates it names would say (the logs here void nothing).
const lifecycle = createLifecycle();
const active = new Set<string>(lifecycle.projectEvents([]).activeStages);
const logArbitrary = lifecycleLogArbitrary({ minCustomers: 1, maxCustomers: 6 }).map(storeEvents);
/** A log and a time within it, as a fraction of its span. */
const logAndTime = fc.tuple(logArbitrary, fc.double({ min: 0, max: 1, noNaN: true }));
const runs = { numRuns: 40 };

const spanOf = (events: readonly { at: number }[]) => {
  const first = events[0]!.at;
  return { first, last: events[events.length - 1]!.at };
};

describe('portfolio views (properties, default lifecycle)', () => {
  it('count each stage at a date as a projection run at that date does', () => {
    fc.assert(
      fc.property(logAndTime, ([events, fraction]) => {
        const { first, last } = spanOf(events);
        const at = Math.round(first + (last - first) * fraction);
        const counts = stageCounts(lifecycle.projectEvents(events), { at });
        const then = lifecycle.projectEvents(events, { asOf: at });
        expect(counts).toEqual(stageCounts(then));
        expect(counts.total).toBe(then.customers.length);
        expect(Object.values(counts.counts).reduce((sum, n) => sum + n, 0)).toBe(counts.total);
      }),
      runs,
    );
  });

  it('measure attrition as the active customers at from who are not active at to', () => {
    fc.assert(
      fc.property(logAndTime, ([events, fraction]) => {
        const { first, last } = spanOf(events);
        fc.pre(last > first);
        const from = Math.round(first + (last - first) * fraction * 0.99);
        const to = last;
        const atFrom = lifecycle.projectEvents(events, { asOf: from });
        const atTo = lifecycle.projectEvents(events, { asOf: to });
        const starters = atFrom.customers.filter((customer) => active.has(customer.stage));
        const lost = starters.filter(
          (customer) => !active.has(findCustomer(atTo, customer.customerId)!.stage),
        );
        const attrition = attritionRate(atTo, { from, to });
        expect(attrition).toMatchObject({ activeAtStart: starters.length, lost: lost.length });
        if (attrition.rate === undefined) return;
        expect(attrition.rate).toBeGreaterThanOrEqual(0);
        expect(attrition.annualRate!).toBeLessThanOrEqual(1);
        const needs = replacementNeeds(atTo, { from, to });
        const base = atTo.customers.filter((customer) => active.has(customer.stage)).length;
        expect(needs.activeBase).toBe(base);
        // New customers leave too: never fewer than the base loses in a year.
        expect(needs.perYear!).toBeGreaterThanOrEqual(base * attrition.annualRate! - 1e-9);
      }),
      runs,
    );
  });

  it('follow each cohort as projections run at the end of each month do', () => {
    fc.assert(
      fc.property(logArbitrary, (events) => {
        const projection = lifecycle.projectEvents(events);
        const { cohorts } = cohortRetention(projection);
        const acquired = projection.customers.filter((customer) =>
          customer.history.some((entry) => active.has(entry.stage)),
        );
        expect(cohorts.reduce((sum, cohort) => sum + cohort.size, 0)).toBe(acquired.length);
        for (const cohort of cohorts) {
          const members = acquired.filter((customer) =>
            new Date(customer.history.find((entry) => active.has(entry.stage))!.at)
              .toISOString()
              .startsWith(cohort.cohort),
          );
          expect(members).toHaveLength(cohort.size);
          cohort.retention.forEach((share, month) => {
            const start = new Date(cohort.start);
            const end = Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + month + 1, 1) - 1;
            const then = lifecycle.projectEvents(events, { asOf: end });
            const still = members.filter((member) => {
              const customer = findCustomer(then, member.customerId);
              return customer !== undefined && active.has(customer.stage);
            });
            expect(share).toBe(still.length / cohort.size);
          });
        }
      }),
      { numRuns: 15 },
    );
  });

  it('convert no more customers than entered a step, in no negative time', () => {
    fc.assert(
      fc.property(logArbitrary, (events) => {
        const funnel = funnelConversion(lifecycle.projectEvents(events));
        for (const step of funnel.steps) {
          expect(step.entered).toBe(funnel.entered[step.from as keyof typeof funnel.entered]);
          expect(step.converted).toBeLessThanOrEqual(step.entered);
          if (step.entered > 0) expect(step.rate).toBe(step.converted / step.entered);
          // A customer past `from` before entering it converts with no time for the step.
          if (step.medianDays !== undefined) expect(step.medianDays).toBeGreaterThanOrEqual(0);
          if (step.converted === 0) expect(step.medianDays).toBeUndefined();
        }
      }),
      runs,
    );
  });
});
