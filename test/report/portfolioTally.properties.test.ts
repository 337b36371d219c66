import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { crmCycleLifecycle } from '../../src/machines/presets/crmCycleLifecycle.js';
import { fiveStageLifecycle } from '../../src/machines/presets/fiveStageLifecycle.js';
import type { CustomerState, Projection } from '../../src/projection/index.js';
import {
  attritionRate,
  cohortRetention,
  createLifecycle,
  funnelConversion,
  stageCounts,
} from '../../src/projection/index.js';
import { createPortfolioTally } from '../../src/report/PortfolioTally.js';
import { createReportTally } from '../../src/report/ReportTally.js';
import { storedCorrectedLogArbitrary } from '../projection/support/storedCorrectedLogArbitrary.js';

// The streamed figures (`tenure project --csv/--json`, the report from a log) must be the whole
// projection's views, whatever the preset, the passes and the order the customers come in.
const lifecycles = [
  createLifecycle(),
  createLifecycle({ definition: fiveStageLifecycle }),
  createLifecycle({ definition: crmCycleLifecycle }),
];
/** A log with late events and voids (a customer may have no stage), and a time to cut it at. */
const logAndCut = fc.tuple(
  storedCorrectedLogArbitrary(8),
  fc.constantFrom(...lifecycles.keys()),
  fc.option(fc.nat(), { nil: undefined }),
);

/** The views of the whole projection that the tallies sum up, in the tallies' shapes. */
function viewsOf(whole: Projection) {
  const asOf = whole.asOf!;
  return {
    stageCounts: stageCounts(whole, { at: asOf }).counts,
    attrition: attritionRate(whole),
    funnel: funnelConversion(whole).steps.map(({ from, to, entered, converted }) => ({
      from,
      to,
      entered,
      converted,
    })),
    cohorts: cohortRetention(whole).cohorts.map(({ cohort, size, retention }) => ({
      cohort,
      size,
      retention,
    })),
  };
}

/** The tallies' figures of `customers`, added in the order given. */
function tallied(whole: Projection, customers: Iterable<CustomerState>) {
  const portfolio = createPortfolioTally(whole, whole.asOf);
  const report = createReportTally(whole, whole.asOf, 3);
  for (const customer of customers) {
    portfolio.add(customer);
    report.add(customer);
  }
  const figures = portfolio.result();
  const { funnel, cohorts } = report.result();
  return {
    people: figures.people,
    events: figures.events,
    stageCounts: figures.stageCounts,
    attrition: figures.attrition,
    funnel: funnel.map(({ from, to, entered, converted }) => ({ from, to, entered, converted })),
    cohorts,
  };
}

describe('the portfolio tallies (properties, three presets)', () => {
  it('give the whole projection views of the customers streamed in 1 to 3 passes', async () => {
    await fc.assert(
      fc.asyncProperty(logAndCut, async ([events, which, cut]) => {
        const lifecycle = lifecycles[which]!;
        const times = events.map((event) => event.at).sort((a, b) => a - b);
        const asOf =
          cut === undefined || times.length === 0 ? undefined : times[cut % times.length];
        const whole = lifecycle.projectEvents(events, { asOf });
        fc.pre(whole.customers.length > 0);
        const views = viewsOf(whole);
        for (const passes of [1, 2, 3]) {
          const streamed: CustomerState[] = [];
          for await (const customer of lifecycle.projectCustomers(events, { asOf, passes })) {
            streamed.push(customer);
          }
          const figures = tallied(whole, streamed);
          expect(figures).toEqual({
            people: whole.customers.length,
            events: whole.events,
            stageCounts: views.stageCounts,
            attrition: {
              activeAtStart: views.attrition.activeAtStart,
              lost: views.attrition.lost,
              rate: views.attrition.rate ?? null,
            },
            funnel: views.funnel,
            cohorts: views.cohorts,
          });
        }
      }),
      { numRuns: 40 },
    );
  });

  it('add up chunks of customers to the figures of all of them at once', () => {
    // More customers than a chunk holds (2,048): the views run on parts and their counts add.
    fc.assert(
      fc.property(logAndCut, ([events, which]) => {
        const whole = lifecycles[which]!.projectEvents(events);
        fc.pre(whole.customers.length > 0);
        const copies = Math.ceil(2100 / whole.customers.length);
        const many = Array.from({ length: copies }, (_, copy) =>
          whole.customers.map((customer) => ({
            ...customer,
            customerId: `${customer.customerId}#${copy}`,
          })),
        ).flat();
        const views = viewsOf({ ...whole, customers: many });
        const once = viewsOf(whole);
        // Copies multiply every count and leave every share as it was.
        for (const stage of whole.stages) {
          expect(views.stageCounts[stage]).toBe(copies * once.stageCounts[stage]!);
        }
        expect(views.attrition.rate).toBe(once.attrition.rate);
        expect(views.cohorts.map((cohort) => cohort.retention)).toEqual(
          once.cohorts.map((cohort) => cohort.retention),
        );
        const figures = tallied(whole, many);
        expect(figures).toMatchObject({
          people: many.length,
          stageCounts: views.stageCounts,
          attrition: { activeAtStart: views.attrition.activeAtStart, lost: views.attrition.lost },
          funnel: views.funnel,
          cohorts: views.cohorts,
        });
      }),
      { numRuns: 8 },
    );
  });
});
