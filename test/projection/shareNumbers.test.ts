import { describe, expect, it } from 'vitest';
import type { MachineState } from '../../src/machines/index.js';
import type { CustomerState } from '../../src/projection/CustomerState.js';
import { shareNumbers } from '../../src/projection/shareNumbers.js';

const T0 = 1_700_000_000_000.5;
const T1 = T0 + 86_400_000;

function customer(contexts: Record<string, unknown>): CustomerState {
  return {
    customerId: 'c1',
    stage: 'lead',
    stageEnteredAt: T1,
    timeInStage: 0,
    machines: Object.fromEntries(
      Object.entries(contexts).map(([id, context]) => [id, { value: 'a', context }]),
    ),
    history: [
      { stage: 'prospect', at: T0 },
      { stage: 'lead', at: T1 },
    ],
    facts: {
      firstActivityAt: T0,
      lastActivityAt: T1,
      firstPurchaseAt: T1,
      lastPurchaseAt: T1,
      purchases: 1,
      revenue: 9.5,
      refundCount: 0,
      refunds: 0,
      currencies: [],
      events: 2,
    },
  };
}

describe('shareNumbers', () => {
  it('leaves every value of the customer as it was (same JSON, Object.is-equal fields)', () => {
    const subject = customer({
      a: { leadAt: T1, wakeAt: T1 + 0.25, churnAt: T1 + 0.25, count: 3, zero: -0, nan: Number.NaN },
      b: { at: T0, label: 'x', nested: { at: T0 } },
    });
    const before = structuredClone(subject);

    shareNumbers(subject, T1, {});

    expect(JSON.stringify(subject)).toBe(JSON.stringify(before));
    expect(subject).toStrictEqual(before);
    const context = subject.machines.a?.context as { zero: number };
    expect(Object.is(context.zero, -0)).toBe(true);
  });

  it('leaves frozen contexts, non-plain contexts and read-only fields alone, without throwing', () => {
    const frozen = Object.freeze({ at: T0 });
    const readOnly = Object.defineProperty({}, 'at', { value: T0, enumerable: true });
    class Context {
      at = T0;
    }
    const subject = customer({ frozen, readOnly, instance: new Context(), none: null });

    expect(() => shareNumbers(subject, T1, {})).not.toThrow();
    expect(subject.machines.frozen?.context).toBe(frozen);
    const context = subject.machines.readOnly?.context as { at: number };
    expect(context.at).toBe(T0);
  });

  it("leaves the lifecycle's initial states alone (every prospect shares them)", () => {
    let writes = 0;
    const context = Object.defineProperty({}, 'at', {
      get: () => T0,
      set: () => {
        writes++;
      },
      enumerable: true,
    });
    const subject = customer({ a: context });
    const initial = { a: subject.machines.a as MachineState };

    shareNumbers(subject, T1, initial);
    expect(writes).toBe(0);
    shareNumbers(subject, T1, {});
    expect(writes).toBe(1);
  });
});
