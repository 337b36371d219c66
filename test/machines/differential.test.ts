import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type AnyMachineSnapshot,
  assign,
  createActor,
  initialTransition,
  setup,
  transition,
} from 'xstate';
import { type FoldingState, inPlaceStepsOf } from '../../src/machines/compileLifecycle.js';
import {
  compileLifecycle,
  crmCycleLifecycle,
  defaultLifecycle,
  defineJourney,
  defineLifecycle,
  fiveStageLifecycle,
  formatStateValue,
  fourProcessesLifecycle,
  type LifecycleDefinition,
  type LifecycleEvent,
  type LifecycleState,
  relationshipJourneyLifecycle,
  threePartLifecycle,
} from '../../src/machines/index.js';
import { inputArbitrary, materialise, stepsArbitrary } from './lifecycleArbitraries.js';
import { loyaltyLifecycle, notesLifecycle } from './userLifecycle.js';

const sevenStageJourney = defineJourney({
  name: 'journey-7',
  stages: ['discover', 'learn', 'choose', 'use', 'engage', 'advocate', 'dropped out'],
  stageOfState: {
    discover: 'discover',
    learn: 'learn',
    choose: 'choose',
    use: 'use',
    engage: 'engage',
    advocate: 'advocate',
    droppedOut: 'dropped out',
  },
});

const lifecycles: readonly LifecycleDefinition[] = [
  defaultLifecycle,
  fourProcessesLifecycle,
  threePartLifecycle,
  fiveStageLifecycle,
  crmCycleLifecycle,
  relationshipJourneyLifecycle,
  sevenStageJourney,
  loyaltyLifecycle,
  notesLifecycle,
];

/** Input for the machines the lifecycle has (the generated input covers retention and engagement). */
function inputFor(definition: LifecycleDefinition, input: Record<string, unknown> | undefined) {
  if (input === undefined) return undefined;
  return Object.fromEntries(Object.entries(input).filter(([id]) => id in definition.machines));
}

function expectSame(compiled: LifecycleState, reference: Record<string, AnyMachineSnapshot>) {
  for (const [id, snapshot] of Object.entries(reference)) {
    expect(snapshot.status).toBe('active');
    expect(compiled.machines[id]?.value).toBe(formatStateValue(snapshot.value));
    expect(compiled.machines[id]?.context).toStrictEqual(snapshot.context);
    // The same keys in the same order, so that serialised states match byte for byte.
    expect(keysOf(compiled.machines[id]?.context)).toEqual(keysOf(snapshot.context));
  }
}

/** A folding state that shares `state` (nothing of it owned yet), as a fold starts. */
function folding(state: LifecycleState): FoldingState {
  return { machines: state.machines as FoldingState['machines'], owned: 0 };
}

function keysOf(value: unknown): readonly string[] {
  return typeof value === 'object' && value !== null ? Object.keys(value) : [];
}

/**
 * A copy of `state` as a caller might hand it back (e.g. restored from JSON): the machines and
 * every context's keys in reverse order, so no object has the shape the compiled path made.
 */
function reshaped(state: LifecycleState): LifecycleState {
  const reverse = (value: unknown): unknown =>
    typeof value === 'object' && value !== null && !Array.isArray(value)
      ? Object.fromEntries(Object.entries(value).reverse())
      : value;
  const machines = Object.entries(state.machines)
    .reverse()
    .map(([id, machine]) => [id, { value: machine.value, context: reverse(machine.context) }]);
  return { machines: Object.fromEntries(machines) };
}

describe.each(lifecycles.map((definition) => [definition.name, definition] as const))(
  'compiled lifecycle "%s"',
  (_name, definition) => {
    it("gives the same state values and contexts as XState's transition() on any history", () => {
      fc.assert(
        fc.property(
          stepsArbitrary(40),
          inputArbitrary,
          fc.array(fc.boolean(), { minLength: 1, maxLength: 8 }),
          (steps, generatedInput, handOuts) => {
            const input = inputFor(definition, generatedInput);
            const lifecycle = compileLifecycle(definition, input === undefined ? {} : { input });
            let state = lifecycle.initial();
            const reference: Record<string, AnyMachineSnapshot> = {};
            for (const [id, machine] of Object.entries(definition.machines)) {
              reference[id] = initialTransition(machine, input?.[id])[0];
            }
            expectSame(state, reference);
            // The projection's path: one state folded, sharing the initial state until an event
            // changes a part, the assigns written into the parts it owns.
            const initialJson = JSON.stringify(state);
            const inPlace = inPlaceStepsOf(lifecycle)!;
            const owned = folding(state);
            let index = 0;
            for (const event of materialise(steps, () => lifecycle.wakeAt(state))) {
              const before = state;
              // Now and then the folded state is handed out (a result, a snapshot): it stays as
              // it was while the fold goes on.
              const handedOut = handOuts[index++ % handOuts.length] ? owned.machines : undefined;
              const handedOutJson = JSON.stringify(handedOut);
              if (handedOut !== undefined) owned.owned = 0;
              state = lifecycle.transition(state, event);
              for (const [id, machine] of Object.entries(definition.machines)) {
                reference[id] = transition(machine, reference[id]!, event as never)[0];
              }
              expectSame(state, reference);
              const ownedBefore = JSON.stringify(owned.machines);
              const reshapedOwned = folding(reshaped(before));
              expect(inPlace.apply(owned, event)).toBe(state !== before);
              expectSame(owned, reference);
              expect(JSON.stringify(owned.machines)).toBe(JSON.stringify(state.machines));
              if (state === before) expect(JSON.stringify(owned.machines)).toBe(ownedBefore);
              expect(JSON.stringify(handedOut)).toBe(handedOutJson);
              inPlace.apply(reshapedOwned, event);
              expect(lifecycle.stages).toContain(lifecycle.stageOf(state));
              if (state === before) expect(lifecycle.transition(before, event)).toBe(before);
              // A state of another shape (restored, or built by a caller) gives the same result.
              const fromReshaped = lifecycle.transition(reshaped(before), event);
              expect(fromReshaped).toStrictEqual(state);
              expect(JSON.stringify(reshapedOwned.machines)).toBe(
                JSON.stringify(fromReshaped.machines),
              );
              expect(lifecycle.wakeAt(fromReshaped)).toBe(lifecycle.wakeAt(state));
              expect(lifecycle.stageOf(fromReshaped)).toBe(lifecycle.stageOf(state));
            }
            expect(JSON.stringify(lifecycle.initial())).toBe(initialJson);
          },
        ),
        { numRuns: 60 },
      );
    });
  },
);

describe('compiled default lifecycle and XState actors', () => {
  it('agree with one actor per machine receiving the same events', () => {
    fc.assert(
      fc.property(stepsArbitrary(30), inputArbitrary, (steps, input) => {
        const lifecycle = compileLifecycle(defaultLifecycle, input === undefined ? {} : { input });
        const actors = Object.entries(defaultLifecycle.machines).map(([id, machine]) => {
          const actor = createActor(machine, { input: input?.[id] });
          actor.start();
          return [id, actor] as const;
        });
        let state = lifecycle.initial();
        for (const event of materialise(steps, () => lifecycle.wakeAt(state))) {
          state = lifecycle.transition(state, event);
          for (const [, actor] of actors) actor.send(event as never);
        }
        expectSame(
          state,
          Object.fromEntries(actors.map(([id, actor]) => [id, actor.getSnapshot()])),
        );
        for (const [, actor] of actors) actor.stop();
      }),
      { numRuns: 40 },
    );
  });
});

describe('the in-place path of a compiled lifecycle', () => {
  // Assigns that keep the context object itself (directly, or nested in an array): writing into
  // that object would change the kept one too, so the in-place path copies the context there.
  const keeper = setup({
    types: {
      context: {} as { count: number; previous: unknown; trail: readonly unknown[] },
      events: {} as LifecycleEvent,
    },
  }).createMachine({
    id: 'keeper',
    context: { count: 0, previous: null, trail: [] },
    on: {
      purchase: {
        actions: assign(({ context }) => ({ count: context.count + 1, previous: context })),
      },
      refund: {
        actions: assign({
          count: ({ context }) => context.count + 1,
          trail: ({ context }) => [...context.trail, { at: [context] }],
        }),
      },
    },
  });
  const keeperLifecycle = defineLifecycle({
    name: 'keeper',
    machines: { keeper },
    stages: ['kept'],
    stageOf: () => 'kept',
  });

  // The object form of assign in every way XState allows it: computed and constant values,
  // static and computed params, a key the context lacks set to undefined, and updates that
  // change nothing.
  const assigner = setup({
    types: {
      context: {} as { count: number; label: string; step: number; note?: string },
      events: {} as LifecycleEvent,
    },
    actions: {
      bump: assign({
        count: ({ context }, params: { by: number }) => context.count + params.by,
      }),
    },
  }).createMachine({
    id: 'assigner',
    context: { count: 0, label: 'new', step: 1 },
    on: {
      purchase: { actions: { type: 'bump', params: ({ context }) => ({ by: context.step }) } },
      refund: { actions: assign({ label: 'new', step: ({ context }) => context.step }) },
      'usage.login': { actions: assign({ label: 'seen' }) },
      'usage.feature': { actions: assign({ note: undefined }) },
      'support.opened': {
        actions: [
          { type: 'bump', params: { by: 2 } },
          assign({
            step: ({ context }) => context.step + 1,
            count: ({ context }) => context.count * 2,
          }),
        ],
      },
    },
  });
  const assignerLifecycle = defineLifecycle({
    name: 'assigner',
    machines: { assigner },
    stages: ['any'],
    stageOf: () => 'any',
  });

  it("gives XState's contexts for object-form assigns, and says whether anything changed", () => {
    const types = ['purchase', 'refund', 'usage.login', 'usage.feature', 'support.opened'] as const;
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...types), { maxLength: 10 }), (sequence) => {
        const lifecycle = compileLifecycle(assignerLifecycle);
        const inPlace = inPlaceStepsOf(lifecycle)!;
        const owned = folding(lifecycle.initial());
        let reference = initialTransition(assigner)[0];
        sequence.forEach((type, at) => {
          const event = { type, at } as never;
          const before = reference.context;
          reference = transition(assigner, reference, event)[0];
          expect(inPlace.apply(owned, event)).toBe(!isDeepStrictEqual(before, reference.context));
          expect(owned.machines.assigner!.context).toStrictEqual(reference.context);
        });
      }),
      { numRuns: 60 },
    );
  });

  it("gives XState's contexts when an assign keeps the context object", () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom('purchase', 'refund'), { maxLength: 8 }), (types) => {
        const lifecycle = compileLifecycle(keeperLifecycle);
        const inPlace = inPlaceStepsOf(lifecycle)!;
        const owned = folding(lifecycle.initial());
        let reference = initialTransition(keeper)[0];
        types.forEach((type, at) => {
          const event = { type, at } as never;
          expect(inPlace.apply(owned, event)).toBe(true);
          reference = transition(keeper, reference, event)[0];
          // Deep: the contexts kept inside are those XState kept, unchanged since.
          expect(owned.machines.keeper!.context).toStrictEqual(reference.context);
        });
      }),
      { numRuns: 40 },
    );
  });
});
