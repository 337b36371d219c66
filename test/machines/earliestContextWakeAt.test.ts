import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  compileEarliestContextWakeAt,
  earliestContextWakeAt,
} from '../../src/machines/earliestContextWakeAt.js';
import type { LifecycleState } from '../../src/machines/index.js';

const ids = ['acquisition', 'retention', 'engagement'] as const;
const wakeAt = fc.oneof(
  fc.constant(undefined),
  fc.constant(null),
  fc.double(),
  fc.integer(),
  fc.constant('soon'),
);
const context = fc.oneof(
  fc.constant(null),
  fc.constant(7),
  fc.record({ wakeAt, purchases: fc.nat() }, { requiredKeys: [] }),
);
const state: fc.Arbitrary<LifecycleState> = fc
  .tuple(
    fc.shuffledSubarray([...ids, 'extra'], { minLength: 0 }),
    fc.array(context, { minLength: 4, maxLength: 4 }),
  )
  .map(([names, contexts]) => ({
    machines: Object.fromEntries(
      names.map((name, index) => [name, { value: 'x', context: contexts[index] }]),
    ),
  }));

/** What `call` returns, or the message of what it throws. */
function outcome(call: () => unknown): unknown {
  try {
    return { value: call() };
  } catch (error) {
    return { error: (error as Error).message };
  }
}

describe('compileEarliestContextWakeAt', () => {
  const compiled = compileEarliestContextWakeAt(ids);

  it('answers as the generic default for any state, of the lifecycle’s shape or not', () => {
    fc.assert(
      fc.property(state, (s) => {
        expect(outcome(() => compiled(s))).toEqual(outcome(() => earliestContextWakeAt(s)));
      }),
      { numRuns: 300 },
    );
  });

  it('takes undefined, null and Infinity as no wake-up', () => {
    for (const none of [undefined, null, Number.POSITIVE_INFINITY]) {
      const s = { machines: { retention: { value: 'active', context: { wakeAt: none } } } };
      expect(earliestContextWakeAt(s)).toBeUndefined();
    }
  });

  it('refuses a wakeAt that is not a time, naming the machine and the value', () => {
    const cases: [unknown, string][] = [
      ['2024-01-31', '"2024-01-31"'],
      [new Date(Date.UTC(2024, 0, 31)), 'a Date (2024-01-31T00:00:00.000Z)'],
      [Number.NaN, 'NaN'],
      [Number.NEGATIVE_INFINITY, '-Infinity'],
    ];
    for (const [value, shown] of cases) {
      const s: LifecycleState = {
        machines: {
          acquisition: { value: 'reach', context: { wakeAt: null } },
          retention: { value: 'active', context: { wakeAt: value } },
          engagement: { value: 'use', context: { wakeAt: 10 } },
        },
      };
      for (const wakeAtOf of [compiled, earliestContextWakeAt]) {
        expect(() => wakeAtOf(s)).toThrow(
          expect.objectContaining({
            code: 'TENURE_INVALID_LIFECYCLE',
            machineId: 'retention',
            message: `wakeAt: machine "retention" has context.wakeAt = ${shown}; a wake-up time is a time in epoch milliseconds (a number; from a Date, date.getTime()), or null for none. Fix the action that assigns wakeAt.`,
          }),
        );
      }
    }
  });

  it('is the smallest finite wakeAt over the machines', () => {
    const s: LifecycleState = {
      machines: {
        acquisition: { value: 'reach', context: { wakeAt: null } },
        retention: { value: 'active', context: { wakeAt: 20 } },
        engagement: { value: 'use', context: { wakeAt: 10 } },
      },
    };
    expect(compiled(s)).toBe(10);
    expect(
      compiled({ machines: { ...s.machines, engagement: { value: 'use', context: {} } } }),
    ).toBe(20);
  });
});
