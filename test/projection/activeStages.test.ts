import { describe, expect, it } from 'vitest';
import {
  crmCycleLifecycle,
  defaultLifecycle,
  defineLifecycle,
  fiveStageLifecycle,
  fourProcessesLifecycle,
  isCustomer,
  type LifecycleDefinition,
  machineValue,
  relationshipJourneyLifecycle,
  threePartLifecycle,
} from '../../src/machines/index.js';
import { createLifecycle, defaultActiveStages } from '../../src/projection/index.js';
import { attritionRate } from '../../src/projection/portfolio/attritionRate.js';
import { sampleEvents } from '../valuation/support.js';

const events = sampleEvents(3, 400);
const presets: readonly LifecycleDefinition[] = [
  defaultLifecycle,
  crmCycleLifecycle,
  fiveStageLifecycle,
  fourProcessesLifecycle,
  threePartLifecycle,
];

describe('the active stages a lifecycle names', () => {
  it.each(presets.map((definition) => [definition.name, definition] as const))(
    '%s: a customer is in an active stage exactly when acquired and not churned',
    (_, definition) => {
      const active = new Set(definition.activeStages);
      for (const asOf of ['2023-06-30T00:00:00Z', '2024-06-30T00:00:00Z', undefined]) {
        const projection = createLifecycle({ definition }).projectEvents(events, { asOf });
        expect(projection.activeStages).toEqual(definition.activeStages);
        for (const customer of projection.customers) {
          const acquired =
            isCustomer(customer) && machineValue(customer, 'retention') !== 'churned';
          expect({
            id: customer.customerId,
            stage: customer.stage,
            active: active.has(customer.stage),
          }).toEqual({
            id: customer.customerId,
            stage: customer.stage,
            active: acquired,
          });
        }
      }
    },
  );

  it('let the portfolio views measure attrition with a preset, with no stages passed', () => {
    const projection = createLifecycle({ definition: fiveStageLifecycle }).projectEvents(events);
    const attrition = attritionRate(projection);
    expect(attrition.activeAtStart).toBeGreaterThan(50);
    expect(attrition.rate).toBeGreaterThan(0);
    // The same customers as the default lifecycle's active ones: both mean acquired, not churned.
    const byDefault = attritionRate(createLifecycle().projectEvents(events));
    expect(attrition).toMatchObject({
      activeAtStart: byDefault.activeAtStart,
      lost: byDefault.lost,
    });
  });

  it('are the default lifecycle’s defaultActiveStages; the relationship journey names none', () => {
    expect(defaultLifecycle.activeStages).toEqual(defaultActiveStages);
    expect(relationshipJourneyLifecycle.activeStages).toBeUndefined();
    expect(
      createLifecycle({ definition: relationshipJourneyLifecycle }).projectEvents(events)
        .activeStages,
    ).toBeUndefined();
  });

  it('are overridden by createLifecycle’s, and refused when they are not stages', () => {
    const own = createLifecycle({ definition: fiveStageLifecycle, activeStages: ['loyalty'] });
    expect(own.projectEvents(events).activeStages).toEqual(['loyalty']);
    expect(() =>
      defineLifecycle({ ...fiveStageLifecycle, activeStages: ['loyalty', 'vip'] as never }),
    ).toThrow(
      /lifecycle "five-stages" has `activeStages` \["loyalty","vip"\]; list some of its stages/,
    );
  });
});
