import { and, assign, not, or, setup } from 'xstate';
import { defineLifecycle, type LifecycleEvent } from '../../src/machines/index.js';

interface LoyaltyContext {
  readonly points: number;
  readonly visits: number;
  readonly log: readonly string[];
}

const amountOf = (event: LifecycleEvent) =>
  event.type === 'purchase' ? ((event as { data: { amount: number } }).data.amount ?? 0) : 0;
const note = (entry: string) => ({ type: 'note' as const, params: { entry } });

/**
 * A user-defined machine exercising what the compiler supports: nested states, entry and exit
 * actions, initial actions, parameterised and combined guards (and/or/not), assign in object and
 * function form with static and dynamic params, reentering and targetless transitions, root
 * transitions into nested states, `*` and `usage.*` wildcards and clock events.
 */
export const loyaltyMachine = setup({
  types: { context: {} as LoyaltyContext, events: {} as LifecycleEvent },
  guards: {
    spends: ({ event }, params: { min: number }) => amountOf(event) >= params.min,
    hasPoints: ({ context }) => context.points > 0,
    isClock: ({ event }) => event.type === 'clock',
    late: ({ event }) => event.at % 7 === 0,
  },
  actions: {
    earn: assign({
      points: ({ context, event }) => context.points + Math.floor(amountOf(event) / 10),
    }),
    note: assign(({ context }, params: { entry: string }) => ({
      log: [...context.log, params.entry].slice(-6),
    })),
    spend: assign({ points: 0 }),
  },
}).createMachine({
  id: 'loyalty',
  context: { points: 0, visits: 0, log: [] },
  initial: 'member',
  on: {
    'subscription.cancelled': { target: '.lapsed', actions: note('cancelled') },
    'usage.*': { actions: assign({ visits: ({ context }) => context.visits + 1 }) },
  },
  states: {
    member: {
      initial: { target: 'bronze', actions: note('initial') } as unknown as 'bronze',
      entry: note('enter member'),
      exit: note('exit member'),
      on: {
        '*': { guard: and(['isClock', 'hasPoints', 'late']), actions: ['spend', note('expired')] },
      },
      states: {
        bronze: {
          entry: note('enter bronze'),
          exit: note('exit bronze'),
          on: {
            purchase: [
              {
                guard: { type: 'spends', params: { min: 100 } },
                target: 'silver',
                actions: 'earn',
              },
              { actions: 'earn' },
            ],
          },
        },
        silver: {
          entry: { type: 'note', params: ({ event }) => ({ entry: `silver on ${event.type}` }) },
          on: {
            purchase: [
              {
                guard: and([{ type: 'spends', params: { min: 300 } }, 'hasPoints']),
                target: 'gold',
                actions: 'earn',
              },
              { actions: 'earn' },
            ],
            refund: { target: 'bronze', reenter: true },
            review: { target: 'silver', reenter: true, actions: note('re-silver') },
            referral: { target: 'silver', actions: note('same silver') },
          },
        },
        gold: {
          on: {
            refund: { guard: not('hasPoints'), target: 'silver' },
            'survey.answered': { target: '#loyalty.member', actions: note('reset') },
            collaboration: { target: '#loyalty.member', reenter: true, actions: note('reenter') },
          },
        },
      },
    },
    lapsed: {
      entry: note('lapsed'),
      on: {
        purchase: { target: 'member.gold', actions: 'earn' },
        '*': { guard: or([not('hasPoints'), 'isClock']), actions: note('anything') },
      },
    },
  },
});

/** A lifecycle made with defineLifecycle in the tests, with its own stages. */
export const loyaltyLifecycle = defineLifecycle({
  name: 'loyalty-test',
  machines: { loyalty: loyaltyMachine },
  stages: ['bronze', 'silver', 'gold', 'lapsed'],
  stageOf: (state) => {
    const value = state.machines.loyalty?.value ?? '';
    return value === 'lapsed' ? 'lapsed' : value.slice('member.'.length);
  },
});

interface NotesContext {
  readonly count: number;
  readonly tag: string | null | undefined;
  readonly [key: string]: unknown;
}

/**
 * A machine whose context changes shape: assigns that add keys the initial context does not
 * have, set a key to undefined, return the context's own values (no change), run several in a
 * row, and take dynamic params. The compiled path copies contexts by their initial shape; this
 * machine checks that every other shape is copied exactly as XState's `Object.assign` does.
 */
export const notesMachine = setup({
  types: { context: {} as NotesContext, events: {} as LifecycleEvent },
  actions: {
    count: assign({ count: ({ context }) => context.count + 1 }),
    tagWith: assign(({ event }, params: { prefix: string }) => ({
      tag: `${params.prefix}${event.type}`,
    })),
    untag: assign({ tag: undefined }),
    remember: assign(({ context, event }) => ({ [`seen.${event.type}`]: context.count })),
    same: assign(({ context }) => ({ count: context.count, tag: context.tag })),
  },
}).createMachine({
  id: 'notes',
  context: { count: 0, tag: null },
  initial: 'quiet',
  on: {
    'usage.*': { actions: ['count', 'same'] },
  },
  states: {
    quiet: {
      on: {
        touchpoint: { target: 'noisy', actions: ['count', 'remember'] },
        review: { actions: 'untag' },
        purchase: {
          actions: [
            { type: 'tagWith', params: ({ context }) => ({ prefix: `${context.count}:` }) },
            'remember',
          ],
        },
      },
    },
    noisy: {
      entry: { type: 'tagWith', params: { prefix: 'entered on ' } },
      exit: 'untag',
      on: {
        touchpoint: { actions: ['remember', 'count'] },
        referral: { target: 'quiet', actions: 'same' },
        clock: { actions: 'same' },
      },
    },
  },
});

/** The loyalty machine beside the notes machine: a user lifecycle of two machines. */
export const notesLifecycle = defineLifecycle({
  name: 'notes-test',
  machines: { loyalty: loyaltyMachine, notes: notesMachine },
  stages: ['quiet', 'noisy'],
  stageOf: (state) => (state.machines.notes?.value === 'noisy' ? 'noisy' : 'quiet'),
});
