import { assign, setup } from 'xstate';
import { defineLifecycle } from '../../../src/machines/defineLifecycle.js';
import type { LifecycleEvent } from '../../../src/machines/LifecycleEvent.js';

export const DAY = 86_400_000;

interface ToyContext {
  readonly lastPurchaseAt: number | null;
  readonly wakeAt: number | null;
}

/**
 * A small lifecycle with known behaviour for the engine's unit tests: visitor -> lead (on
 * lead.captured) -> active (on purchase) -> at-risk 30 days after the last purchase -> lost 60
 * days after it; a purchase brings the customer back to active.
 */
const status = setup({
  types: { context: {} as ToyContext, events: {} as LifecycleEvent },
  guards: {
    due: ({ context, event }) =>
      event.type === 'clock' && context.wakeAt !== null && event.at >= context.wakeAt,
  },
  actions: {
    bought: assign(({ event }) => ({ lastPurchaseAt: event.at, wakeAt: event.at + 30 * DAY })),
    slipping: assign(({ context }) => ({ wakeAt: (context.lastPurchaseAt ?? 0) + 60 * DAY })),
    gone: assign({ wakeAt: null }),
  },
}).createMachine({
  id: 'status',
  context: { lastPurchaseAt: null, wakeAt: null },
  initial: 'visitor',
  states: {
    visitor: {
      on: {
        'lead.captured': { target: 'lead' },
        purchase: { target: 'active', actions: 'bought' },
      },
    },
    lead: { on: { purchase: { target: 'active', actions: 'bought' } } },
    active: {
      on: {
        purchase: { actions: 'bought' },
        clock: { guard: 'due', target: 'atRisk', actions: 'slipping' },
      },
    },
    atRisk: {
      on: {
        purchase: { target: 'active', actions: 'bought' },
        clock: { guard: 'due', target: 'lost', actions: 'gone' },
      },
    },
    lost: { on: { purchase: { target: 'active', actions: 'bought' } } },
  },
});

const stageByValue: Record<string, string> = {
  visitor: 'visitor',
  lead: 'lead',
  active: 'active',
  atRisk: 'at-risk',
  lost: 'lost',
};

export const toyLifecycle = defineLifecycle({
  name: 'toy',
  machines: { status },
  stages: ['visitor', 'lead', 'active', 'at-risk', 'lost'],
  stageOf: (state) => stageByValue[state.machines.status?.value ?? 'visitor'] ?? 'visitor',
});

/**
 * The toy lifecycle woken a day before its clocks can change anything: each wake-up changes
 * nothing, so the customer waits for an event (a live projection stops waking them).
 */
export const toyWakesEarlyLifecycle = defineLifecycle({
  name: 'toy-wakes-early',
  machines: toyLifecycle.machines,
  stages: toyLifecycle.stages,
  stageOf: (state) => toyLifecycle.stageOf(state),
  wakeAt: (state) => {
    const wakeAt = (state.machines.status?.context as { wakeAt?: unknown } | undefined)?.wakeAt;
    return typeof wakeAt === 'number' ? wakeAt - DAY : undefined;
  },
});
