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

describe('compileEarliestContextWakeAt', () => {
  const compiled = compileEarliestContextWakeAt(ids);

  it('answers as the generic default for any state, of the lifecycle’s shape or not', () => {
    fc.assert(
      fc.property(state, (s) => {
        expect(compiled(s)).toBe(earliestContextWakeAt(s));
      }),
      { numRuns: 300 },
    );
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
