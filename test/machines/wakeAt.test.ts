import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  compileLifecycle,
  crmCycleLifecycle,
  defaultLifecycle,
  fiveStageLifecycle,
  fourProcessesLifecycle,
  type LifecycleDefinition,
  relationshipJourneyLifecycle,
  threePartLifecycle,
} from '../../src/machines/index.js';
import { inputArbitrary, materialise, stepsArbitrary } from './lifecycleArbitraries.js';

const lifecycles: readonly LifecycleDefinition[] = [
  defaultLifecycle,
  fourProcessesLifecycle,
  threePartLifecycle,
  fiveStageLifecycle,
  crmCycleLifecycle,
  relationshipJourneyLifecycle,
];

const inputFor = (definition: LifecycleDefinition, input: Record<string, unknown> | undefined) =>
  input === undefined
    ? {}
    : {
        input: Object.fromEntries(
          Object.entries(input).filter(([id]) => id in definition.machines),
        ),
      };

describe.each(lifecycles.map((definition) => [definition.name, definition] as const))(
  'wakeAt of "%s"',
  (_name, definition) => {
    it('is a promise: no clock before it changes the state, a clock at it moves time forward', () => {
      fc.assert(
        fc.property(stepsArbitrary(30), inputArbitrary, (steps, input) => {
          const lifecycle = compileLifecycle(definition, inputFor(definition, input));
          let state = lifecycle.initial();
          for (const event of materialise(steps, () => lifecycle.wakeAt(state))) {
            state = lifecycle.transition(state, event);
            const wakeAt = lifecycle.wakeAt(state);
            const lastAt = event.at;
            if (wakeAt === undefined) {
              expect(lifecycle.transition(state, { type: 'clock', at: lastAt + 1e12 })).toBe(state);
              continue;
            }
            if (wakeAt - 1 >= lastAt) {
              expect(lifecycle.transition(state, { type: 'clock', at: wakeAt - 1 })).toBe(state);
            }
            const woken = lifecycle.transition(state, { type: 'clock', at: wakeAt });
            const next = lifecycle.wakeAt(woken);
            if (next !== undefined) expect(next).toBeGreaterThan(wakeAt);
          }
        }),
        { numRuns: 50 },
      );
    });

    it('comes to rest when caught up to a time: no further clock up to it changes the state', () => {
      fc.assert(
        fc.property(stepsArbitrary(30), (steps) => {
          const lifecycle = compileLifecycle(definition);
          // Deliver the events, then catch up to a far horizon with the projection's protocol.
          const horizon = Date.UTC(2040, 0, 1);
          const catchUp = (start: ReturnType<typeof lifecycle.initial>) => {
            let state = start;
            const entered: string[] = [];
            for (
              let wakeAt = lifecycle.wakeAt(state);
              wakeAt !== undefined && wakeAt <= horizon;
              wakeAt = lifecycle.wakeAt(state)
            ) {
              state = lifecycle.transition(state, { type: 'clock', at: wakeAt });
              entered.push(`${lifecycle.stageOf(state)}@${wakeAt}`);
            }
            return { state, entered };
          };
          let state = lifecycle.initial();
          const events = [
            ...materialise(
              steps.filter((step) => step.kind === 'event'),
              () => undefined,
            ),
          ];
          for (const event of events) state = lifecycle.transition(state, event);
          const once = catchUp(state);
          const again = catchUp(once.state);
          expect(again.entered).toEqual([]);
          expect(again.state).toBe(once.state);
          expect(lifecycle.transition(once.state, { type: 'clock', at: horizon })).toBe(once.state);
        }),
        { numRuns: 50 },
      );
    });
  },
);
