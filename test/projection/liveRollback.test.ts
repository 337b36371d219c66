import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assign, setup } from 'xstate';
import type { StoredEvent } from '../../src/events/TenureEvent.js';
import { defineLifecycle } from '../../src/machines/defineLifecycle.js';
import type { LifecycleEvent } from '../../src/machines/LifecycleEvent.js';
import {
  createLifecycle,
  type LiveProjection,
  type StageChange,
} from '../../src/projection/index.js';
import { type Step, stepsArbitrary } from './support/liveStepsArbitrary.js';
import { purchase } from './support/storeEvents.js';
import { DAY, toyLifecycle } from './support/toyLifecycle.js';

const json = (value: unknown) => JSON.stringify(value);

/** Ids of the events the lifecycle below throws on, and of those that make its clocks throw. */
let failsOn = new Set<string>();
let armedBy = new Set<string>();
const idOf = (event: LifecycleEvent) => (event as { id?: string }).id ?? '';

/**
 * A machine with a bug a user could write: it throws on some events, and once armed by some
 * others, on every clock the customer's wake-ups bring (or a projection's `asOf`).
 */
const poison = setup({
  types: { context: {} as { armed: boolean }, events: {} as LifecycleEvent },
}).createMachine({
  id: 'poison',
  context: { armed: false },
  on: {
    clock: {
      guard: ({ context }) => {
        if (context.armed) throw new Error('the clock found the machine armed');
        return false;
      },
    },
    '*': [
      {
        guard: ({ event }) => {
          if (failsOn.has(idOf(event))) throw new Error(`cannot take event ${idOf(event)}`);
          return false;
        },
      },
      { guard: ({ event }) => armedBy.has(idOf(event)), actions: assign({ armed: true }) },
    ],
  },
});

const lifecycle = createLifecycle({
  definition: defineLifecycle({
    name: 'toy-with-a-bug',
    machines: { ...toyLifecycle.machines, poison },
    stages: toyLifecycle.stages,
    stageOf: (state) => toyLifecycle.stageOf(state),
  }),
});

/** `call`'s error, undefined when it returns. */
function errorOf(call: () => unknown): Error | undefined {
  try {
    call();
    return undefined;
  } catch (error) {
    return error as Error;
  }
}

/** A projection that records its stage changes. */
function listened(live: LiveProjection, listen: boolean): StageChange[] {
  const changes: StageChange[] = [];
  if (listen) live.onStageChange((change) => changes.push(change));
  return changes;
}

const ids = (steps: readonly Step[], picks: readonly number[]): Set<string> => {
  const events = steps.flatMap((step) => ('batch' in step ? step.batch : []));
  return new Set(
    picks.flatMap((pick) => (events.length === 0 ? [] : [events[pick % events.length]!.id])),
  );
};

describe('a live projection whose lifecycle throws', () => {
  it('is left as it was before the call that threw: apply and advanceTo; applyAll after the events before the failing one', () => {
    fc.assert(
      fc.property(
        stepsArbitrary,
        fc.array(fc.nat(), { maxLength: 3 }),
        fc.array(fc.nat(), { maxLength: 3 }),
        fc.boolean(),
        (steps, failPicks, armPicks, listen) => {
          failsOn = ids(steps, failPicks);
          armedBy = ids(steps, armPicks);
          const live = lifecycle.createProjection();
          const changes = listened(live, listen);
          // Each batch's events before the one that threw (all when none did).
          const applied: (readonly StoredEvent[])[] = [];
          for (const step of steps) {
            const before = json(live.snapshot());
            if ('advanceTo' in step) {
              const error = errorOf(() => live.advanceTo(step.advanceTo));
              if (error !== undefined) {
                expect(error).toMatchObject({ code: 'TENURE_MACHINE_FAILED' });
                expect(json(live.snapshot())).toBe(before);
              }
              continue;
            }
            // The same projection, event by event: each event that throws changes nothing.
            const reference = lifecycle.resume(JSON.parse(before));
            const expectedChanges = listened(reference, listen);
            let expectedError: Error | undefined;
            let expectedCount = 0;
            let taken = 0;
            for (const event of step.batch) {
              const was = json(reference.snapshot());
              expectedError = errorOf(() => {
                if (reference.apply(event)) expectedCount++;
              });
              if (expectedError !== undefined) {
                expect(expectedError).toMatchObject({ code: 'TENURE_MACHINE_FAILED' });
                expect(json(reference.snapshot())).toBe(was);
                break;
              }
              taken++;
            }
            applied.push(step.batch.slice(0, taken));
            const heard = changes.length;
            let count = 0;
            const error = errorOf(() => {
              count = live.applyAll(step.batch);
            });
            expect(error?.message).toBe(expectedError?.message);
            if (error === undefined) expect(count).toBe(expectedCount);
            expect(json(live.snapshot())).toBe(json(reference.snapshot()));
            expect(json(changes.slice(heard))).toBe(json(expectedChanges));
          }
          if (armedBy.size > 0) return;
          // Without clocks that fail, an event that threw is as if it and the rest of its batch
          // had never been given.
          const clean = lifecycle.createProjection();
          for (const step of steps) {
            if ('advanceTo' in step) clean.advanceTo(step.advanceTo);
            else clean.applyAll(applied.shift()!);
          }
          expect(json(live.snapshot())).toBe(json(clean.snapshot()));
          expect(json(live.state())).toBe(json(clean.state()));
        },
      ),
      { numRuns: 150 },
    );
  });

  it('keeps the customer who made it throw, as they were, and folds their next events', () => {
    failsOn = new Set(['bad']);
    armedBy = new Set();
    const live = lifecycle.createProjection();
    live.apply(purchase('c1', DAY, 10, 1));
    const before = json(live.snapshot());
    const bad: StoredEvent = { ...purchase('c1', 40 * DAY, 10, 2), id: 'bad' };
    expect(() => live.apply(bad)).toThrow(/cannot take event bad/);
    expect(json(live.snapshot())).toBe(before);
    expect(live.customer('c1', { asOf: 40 * DAY })?.stage).toBe('at-risk');
    expect([live.position, live.now]).toEqual([1, DAY]);
    live.apply(purchase('c1', 41 * DAY, 10, 3));
    expect(live.customer('c1')).toMatchObject({ stage: 'active', facts: { purchases: 2 } });
  });

  it('forgets a customer whose first event it threw on', () => {
    failsOn = new Set(['bad']);
    armedBy = new Set();
    const live = lifecycle.createProjection();
    expect(() => live.apply({ ...purchase('c9', DAY, 10, 1), id: 'bad' })).toThrow();
    expect([live.size, live.now, live.position]).toEqual([0, undefined, 0]);
    expect(live.snapshot().customers).toEqual([]);
  });
});
