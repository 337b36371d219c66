import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  createLifecycle,
  type LiveProjection,
  type StageChange,
} from '../../src/projection/index.js';
import { stepsArbitrary } from './support/liveStepsArbitrary.js';
import { purchase } from './support/storeEvents.js';
import { DAY, toyLifecycle, toyWakesEarlyLifecycle } from './support/toyLifecycle.js';

const json = (value: unknown) => JSON.stringify(value);

// `wakesAtChanges`: the machines ask to be woken whenever a clock can change them, so that a
// listener hears every change (see StageChange.cause); the early one's are seen by state() only.
const lifecycles = [
  ['default', createLifecycle(), true],
  ['toy', createLifecycle({ definition: toyLifecycle }), true],
  ['toy woken early', createLifecycle({ definition: toyWakesEarlyLifecycle }), false],
] as const;

/**
 * What a win-back service relies on: it keeps each customer's stage from the changes it hears,
 * restarts from snapshots now and then (subscribing again to the resumed projection), and acts
 * on each change once.
 */
describe('stage changes heard by a service that restarts', () => {
  for (const [name, lifecycle, wakesAtChanges] of lifecycles) {
    it(`are those a projection that never restarted reports, and add up to the stages (${name} lifecycle)`, () => {
      fc.assert(
        fc.property(stepsArbitrary, fc.array(fc.nat(), { maxLength: 4 }), (steps, restarts) => {
          const restartAt = new Set(restarts.map((pick) => pick % (steps.length + 1)));
          const heard: StageChange[] = [];
          const subscribed = (live: LiveProjection) => {
            live.onStageChange((change) => heard.push(change));
            return live;
          };
          let live = subscribed(lifecycle.createProjection());
          const twin = lifecycle.createProjection();
          const twinHeard: StageChange[] = [];
          twin.onStageChange((change) => twinHeard.push(change));
          steps.forEach((step, index) => {
            if (restartAt.has(index)) {
              live = subscribed(lifecycle.resume(JSON.parse(json(live.snapshot()))));
            }
            if ('advanceTo' in step) {
              live.advanceTo(step.advanceTo);
              twin.advanceTo(step.advanceTo);
            } else {
              live.applyAll(step.batch);
              twin.applyAll(step.batch);
            }
          });
          expect(json(heard)).toBe(json(twinHeard));
          // Each change goes on from the one before it: a customer enters with `from` undefined,
          // leaves (every event voided) with `to` undefined, and may come back.
          const stages = new Map<string, string>();
          for (const change of heard) {
            expect(change.from).toBe(stages.get(change.customerId));
            if (change.to === undefined) stages.delete(change.customerId);
            else stages.set(change.customerId, change.to);
          }
          if (!wakesAtChanges) return;
          // The table built from the changes alone is the projection's: no stale row.
          const expected = live
            .state()
            .customers.map((customer) => [customer.customerId, customer.stage]);
          expect([...stages].sort()).toEqual(expected.sort());
        }),
        { numRuns: 120 },
      );
    });
  }

  it('come in the same order after a restart when they fall due together', () => {
    // Three customers at risk at the same instant, who came in out of id order: a resumed
    // projection queues them anew, and must report them in the order the first one would.
    const lifecycle = createLifecycle({ definition: toyLifecycle });
    const order = (restart: boolean) => {
      let live = lifecycle.createProjection();
      live.applyAll([purchase('c3', 0, 10, 1), purchase('c1', 0, 10, 2), purchase('c2', 0, 10, 3)]);
      if (restart) live = lifecycle.resume(JSON.parse(json(live.snapshot())));
      const heard: string[] = [];
      live.onStageChange((change) => heard.push(`${change.customerId} ${change.to}`));
      live.advanceTo(30 * DAY);
      return heard;
    };
    expect(order(false)).toEqual(['c1 at-risk', 'c2 at-risk', 'c3 at-risk']);
    expect(order(true)).toEqual(order(false));
  });
});
