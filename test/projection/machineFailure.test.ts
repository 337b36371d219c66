import { describe, expect, it } from 'vitest';
import { assign, setup } from 'xstate';
import { isTenureError } from '../../src/errors/TenureError.js';
import { defineLifecycle } from '../../src/machines/defineLifecycle.js';
import type { LifecycleEvent } from '../../src/machines/LifecycleEvent.js';
import { createLifecycle } from '../../src/projection/index.js';
import { catchError } from './support/catchError.js';
import { event, purchase } from './support/storeEvents.js';
import { DAY, toyLifecycle } from './support/toyLifecycle.js';

const T0 = Date.UTC(2024, 0, 1);

/** A user's machine with a bug: it counts `data.items`, which a purchase need not have. */
const basket = setup({
  types: { context: {} as { items: number }, events: {} as LifecycleEvent },
}).createMachine({
  id: 'basket',
  context: { items: 0 },
  initial: 'empty',
  states: {
    empty: {
      on: {
        purchase: {
          target: 'filled',
          actions: assign({
            items: ({ event }) => (event as { data: { items: unknown[] } }).data.items.length,
          }),
        },
      },
    },
    filled: {},
  },
});
const buggy = createLifecycle({
  definition: defineLifecycle({
    name: 'buggy',
    machines: { basket },
    stages: ['empty', 'filled'],
    stageOf: (state) => (state.machines.basket?.value === 'filled' ? 'filled' : 'empty'),
  }),
});

/** The toy lifecycle whose stageOf has no stage for one state, reached only by a clock. */
const fragile = createLifecycle({
  definition: defineLifecycle({
    name: 'fragile',
    machines: toyLifecycle.machines,
    stages: toyLifecycle.stages,
    stageOf: (state) => {
      if (state.machines.status?.value === 'atRisk') throw new RangeError('no stage for atRisk');
      return toyLifecycle.stageOf(state);
    },
  }),
});

const events = [event('c1', 'lead.captured', T0, {}, 1), purchase('c1', T0 + DAY, 20, 2)];

describe('a lifecycle whose own code throws', () => {
  const named = {
    code: 'TENURE_MACHINE_FAILED',
    message: expect.stringMatching(
      /^the lifecycle threw on event "[^"]+" \(purchase at 2024-01-02T00:00:00\.000Z\) of customer "c1": Cannot read properties of undefined \(reading 'length'\)\. .*fix that code/,
    ),
    cause: expect.any(TypeError),
  };

  it('names the event and the customer in project, projectEvents and projectCustomers', async () => {
    await expect(buggy.project(events)).rejects.toMatchObject(named);
    expect(catchError(() => buggy.projectEvents(events))).toMatchObject(named);
    const stream = async () => {
      for await (const _ of buggy.projectCustomers(events)) void _;
    };
    await expect(stream()).rejects.toMatchObject(named);
  });

  it('names them in a live projection, one event or a batch', () => {
    expect(catchError(() => buggy.createProjection().apply(events[1]!))).toMatchObject(named);
    expect(catchError(() => buggy.createProjection().applyAll(events))).toMatchObject(named);
    const error = catchError(() => buggy.createProjection().applyAll(events));
    expect(isTenureError(error, 'TENURE_MACHINE_FAILED')).toBe(true);
  });

  it("leaves tenure's own refusals as they are: a stageOf answer outside the stages stays TENURE_INVALID_LIFECYCLE", () => {
    const lost = createLifecycle({
      definition: defineLifecycle({
        name: 'lost-stage',
        machines: toyLifecycle.machines,
        stages: toyLifecycle.stages,
        // The initial state has its stage; the first purchase leads nowhere.
        stageOf: (state) =>
          state.machines.status?.value === 'active' ? 'nowhere' : toyLifecycle.stageOf(state),
      }),
    });
    expect(catchError(() => lost.projectEvents(events))).toMatchObject({
      code: 'TENURE_INVALID_LIFECYCLE',
      message: expect.stringMatching(
        /^stageOf: lifecycle "lost-stage" returned the stage "nowhere"/,
      ),
    });
  });

  it('names the clock that fell due when stageOf fails on where a clock took the customer', () => {
    const error = catchError(() => fragile.projectEvents(events, { asOf: T0 + 60 * DAY }));
    expect(error).toMatchObject({
      code: 'TENURE_MACHINE_FAILED',
      message: expect.stringMatching(
        /^the lifecycle threw on the clock at 2024-02-01T00:00:00\.000Z \(a wake-up time falling due\) of customer "c1": no stage for atRisk\./,
      ),
      cause: expect.any(RangeError),
    });
    // Before the clock falls due nothing fails.
    expect(fragile.projectEvents(events, { asOf: T0 + 20 * DAY }).customers).toHaveLength(1);
  });

  it('does not end a sentence twice when the original message ends with a period', () => {
    const strict = setup({
      types: { context: {} as { items: number }, events: {} as LifecycleEvent },
      guards: {
        hasItems: ({ event }) => {
          if (!('items' in (event as { data: object }).data)) {
            throw new Error('a purchase needs its items.');
          }
          return true;
        },
      },
    }).createMachine({
      context: { items: 0 },
      on: { purchase: { guard: 'hasItems', actions: assign({ items: 1 }) } },
    });
    const lifecycle = createLifecycle({
      definition: defineLifecycle({
        name: 'strict',
        machines: { strict },
        stages: ['any'],
        stageOf: () => 'any',
      }),
    });
    const error = catchError(() => lifecycle.projectEvents(events)) as Error;
    expect(error.message).toContain(': a purchase needs its items. A machine');
    expect(error.message).not.toContain('..');
  });
});

describe('a lifecycle whose wake-up time is not a time', () => {
  /** A trial that ends 14 days after it starts, its end written as a Date (a common slip). */
  const trial = setup({
    types: { context: {} as { wakeAt: unknown }, events: {} as LifecycleEvent },
  }).createMachine({
    id: 'trial',
    context: { wakeAt: null },
    initial: 'off',
    states: {
      off: {
        on: {
          purchase: {
            target: 'on',
            actions: assign({ wakeAt: ({ event }) => new Date(event.at + 14 * DAY) }),
          },
        },
      },
      on: { on: { clock: { target: 'off' } } },
    },
  });
  const stages = ['off', 'on'];
  const stageOf = (state: { machines: Record<string, { value: unknown }> }) =>
    state.machines.trial?.value === 'on' ? 'on' : 'off';

  it('refuses a Date in context.wakeAt, naming the machine, instead of never waking', async () => {
    const lifecycle = createLifecycle({
      definition: defineLifecycle({ name: 'dated', machines: { trial }, stages, stageOf }),
    });
    await expect(lifecycle.project(events, { asOf: T0 + 30 * DAY })).rejects.toMatchObject({
      code: 'TENURE_INVALID_LIFECYCLE',
      machineId: 'trial',
      message: expect.stringContaining(
        'machine "trial" has context.wakeAt = a Date (2024-01-16T00:00:00.000Z)',
      ),
    });
  });

  it("refuses what a lifecycle's own wakeAt returns when it is not a time", () => {
    const lifecycle = createLifecycle({
      definition: defineLifecycle({
        name: 'iso-wakes',
        machines: { trial },
        stages,
        stageOf,
        wakeAt: () => '2024-02-01' as unknown as number,
      }),
    });
    expect(catchError(() => lifecycle.projectEvents(events))).toMatchObject({
      code: 'TENURE_INVALID_LIFECYCLE',
      message: expect.stringMatching(/^wakeAt: lifecycle "iso-wakes" returned "2024-02-01"; /),
    });
  });
});
