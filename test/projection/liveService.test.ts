import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { StoredEvent } from '../../src/events/TenureEvent.js';
import { createLifecycle, type LiveProjection } from '../../src/projection/index.js';
import { storedCorrectedLogArbitrary } from './support/storedCorrectedLogArbitrary.js';
import { DAY, toyLifecycle, toyWakesEarlyLifecycle } from './support/toyLifecycle.js';

const json = (value: unknown) => JSON.stringify(value);

const lifecycles = [
  ['default', createLifecycle()],
  ['toy', createLifecycle({ definition: toyLifecycle })],
  ['toy woken early', createLifecycle({ definition: toyWakesEarlyLifecycle })],
] as const;

/** What a service does: apply the next event (or a repeat), a batch, a daily clock, a restart. */
type Operation =
  | { readonly kind: 'apply'; readonly repeat: number | undefined }
  | { readonly kind: 'batch'; readonly size: number }
  | { readonly kind: 'advance'; readonly offset: number; readonly form: 'ms' | 'iso' | 'date' }
  | { readonly kind: 'restart' };

const operationArbitrary: fc.Arbitrary<Operation> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('apply'), repeat: fc.option(fc.nat()) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('batch'), size: fc.nat(6) }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('advance'),
      offset: fc.integer({ min: -40 * DAY, max: 200 * DAY }),
      form: fc.constantFrom('ms', 'iso', 'date'),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('restart') }) },
) as fc.Arbitrary<Operation>;

describe('live projection run as a service', () => {
  for (const [name, lifecycle] of lifecycles) {
    it(`equals a full replay of the distinct events applied, through restarts (${name} lifecycle)`, () => {
      fc.assert(
        fc.property(
          // Delivered in any order (a queue), not only the log's.
          storedCorrectedLogArbitrary(5).chain((log) =>
            fc.shuffledSubarray(log, { minLength: log.length, maxLength: log.length }),
          ),
          fc.array(operationArbitrary, { maxLength: 40 }),
          fc.boolean(),
          (events, operations, listen) => {
            fc.pre(events.length > 0);
            const start = (live: LiveProjection) => {
              if (listen) live.onStageChange(() => undefined);
              return live;
            };
            let live = start(lifecycle.createProjection());
            // The same service that never restarts, fed event by event.
            const twin = lifecycle.createProjection();
            const applied = new Map<number, StoredEvent>();
            let next = 0;
            const take = (repeat: number | undefined | null): StoredEvent => {
              const event =
                repeat != null && next > 0
                  ? events[repeat % Math.min(next, events.length)]!
                  : events[next++ % events.length]!;
              applied.set(event.position, event);
              twin.apply(event);
              return event;
            };
            for (const operation of operations) {
              if (operation.kind === 'apply') live.apply(take(operation.repeat));
              else if (operation.kind === 'batch') {
                live.applyAll(Array.from({ length: operation.size }, () => take(undefined)));
              } else if (operation.kind === 'advance') {
                const at = (live.now ?? events[0]!.at) + operation.offset;
                const time =
                  operation.form === 'ms'
                    ? at
                    : operation.form === 'iso'
                      ? new Date(at).toISOString()
                      : new Date(at);
                live.advanceTo(time);
                twin.advanceTo(at);
              } else {
                live = start(lifecycle.resume(JSON.parse(json(live.snapshot()))));
              }
            }
            const distinct = [...applied.values()];
            expect(json(live.snapshot())).toBe(json(twin.snapshot()));
            // Now, and around the applied events (voids come up to a week after what they void).
            const times = [
              live.now,
              ...distinct.slice(-6).flatMap((event) => [event.at - DAY, event.at + DAY]),
            ];
            for (const asOf of times) {
              if (asOf === undefined) continue;
              const expected = lifecycle.projectEvents(distinct, { asOf });
              expect(json(live.state({ asOf }))).toBe(json(expected));
              for (const customer of expected.customers) {
                expect(json(live.customer(customer.customerId, { asOf }))).toBe(json(customer));
              }
            }
          },
        ),
        { numRuns: 80 },
      );
    });
  }
});
