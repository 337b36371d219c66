/**
 * Stage names are types: a projection of the default lifecycle has `DefaultStage` stages, one of
 * `defineLifecycle` the literal `stages` it was given, so that a misspelt stage fails to compile.
 * The type assertions are checked by `npm run typecheck` (this file is in the TypeScript project);
 * each `@ts-expect-error` below fails the typecheck if its line compiles.
 */
import { describe, expect, expectTypeOf, it } from 'vitest';
import { createMachine } from 'xstate';
import {
  createLifecycle,
  createMemoryLog,
  type DefaultStage,
  defineLifecycle,
  findCustomer,
  funnelConversion,
  type Lifecycle,
  type LifecycleDefinition,
  type LifecycleOptions,
  projectWithValues,
  stageAt,
  stageCounts,
} from '../../src/index.js';
import { purchase } from './support/storeEvents.js';

const DAY = 86_400_000;
const T0 = Date.UTC(2024, 0, 1);

describe('the default lifecycle', () => {
  const lifecycle = createLifecycle();
  const projection = lifecycle.projectEvents([purchase('c1', T0), purchase('c1', T0 + 30 * DAY)]);

  it('types stages, customers, portfolio views and stage changes with DefaultStage', () => {
    expectTypeOf(lifecycle).toEqualTypeOf<Lifecycle<DefaultStage>>();
    const customer = findCustomer(projection, 'c1')!;
    expectTypeOf(customer.stage).toEqualTypeOf<DefaultStage>();
    expectTypeOf(customer.history[0]!.stage).toEqualTypeOf<DefaultStage>();
    expectTypeOf(stageAt(customer, T0)).toEqualTypeOf<DefaultStage | undefined>();
    expectTypeOf(stageCounts(projection).counts.repeat).toEqualTypeOf<number>();
    expect(customer.stage).toBe('repeat');
    expect(stageCounts(projection).counts.repeat).toBe(1);

    const changes: DefaultStage[] = [];
    const live = lifecycle.createProjection();
    live.onStageChange((change) => {
      // `undefined` when a void leaves the customer without a counted event.
      expectTypeOf(change.to).toEqualTypeOf<DefaultStage | undefined>();
      if (change.to !== undefined) changes.push(change.to);
    });
    live.apply(purchase('c2', T0));
    expect(changes).toEqual(['new customer']);
  });

  it('fails to compile a misspelt stage, which also fails at run time', () => {
    const customer = findCustomer(projection, 'c1')!;
    // @ts-expect-error: the stage is 'at risk'
    expect(customer.stage === 'at-risk').toBe(false);
    // @ts-expect-error: no stage 'repaet'
    expect(stageCounts(projection).counts.repaet).toBeUndefined();
    // @ts-expect-error: no stage 'customer' in the default lifecycle
    expect(() => funnelConversion(projection, { stages: ['lead', 'customer'] })).toThrow(
      /"customer" is not a stage/,
    );
  });
});

describe('your own lifecycle', () => {
  const trial = defineLifecycle({
    name: 'trial',
    machines: { m: createMachine({}) },
    stages: ['visitor', 'trial', 'paying'],
    stageOf: () => 'visitor',
  });

  it('types its stages from the stages it was defined with', () => {
    expectTypeOf(trial).toEqualTypeOf<LifecycleDefinition<'visitor' | 'trial' | 'paying'>>();
    const lifecycle = createLifecycle({ definition: trial, activeStages: ['paying'] });
    expectTypeOf(lifecycle).toEqualTypeOf<Lifecycle<'visitor' | 'trial' | 'paying'>>();
    const projection = lifecycle.projectEvents([purchase('c1', T0)]);
    expectTypeOf(projection.customers[0]!.stage).toEqualTypeOf<'visitor' | 'trial' | 'paying'>();
    expect(funnelConversion(projection, { stages: ['visitor', 'paying'] }).steps).toHaveLength(1);
    // @ts-expect-error: 'customer' is not one of its stages
    expect(() => createLifecycle({ definition: trial, activeStages: ['customer'] })).toThrow(
      /"customer", which is not a stage/,
    );
  });

  it('keeps its stages through projectWithValues, as the report and the CLI read them', async () => {
    const lifecycle = createLifecycle({ definition: trial });
    const valued = await projectWithValues(createMemoryLog(), { lifecycle });
    // It was Projection<string>: customer.stage === 'payin' compiled.
    expectTypeOf(valued.projection.customers)
      .items.toHaveProperty('stage')
      .toEqualTypeOf<'visitor' | 'trial' | 'paying'>();
    const byDefault = await projectWithValues(createMemoryLog());
    expectTypeOf(byDefault.projection.customers)
      .items.toHaveProperty('stage')
      .toEqualTypeOf<DefaultStage>();
    expect(valued.projection.lifecycle).toBe('trial');
  });

  it('is a plain string union when the stages are not known at compile time', () => {
    const options: LifecycleOptions = { definition: trial };
    expectTypeOf(createLifecycle(options)).toEqualTypeOf<Lifecycle>();
    const untyped: LifecycleDefinition = trial;
    expectTypeOf(createLifecycle({ definition: untyped })).toEqualTypeOf<Lifecycle<string>>();
  });
});
