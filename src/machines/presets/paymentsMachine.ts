import { assign, setup } from 'xstate';
import type { MachineEvent } from '../LifecycleEvent.js';
import type { LifecycleState } from '../LifecycleState.js';

/** What the payments machine remembers. */
export interface PaymentsContext {
  /** Purchases, subscription starts and renewals. */
  readonly payments: number;
}

/**
 * Whether the customer keeps paying: none -> first -> repeat, on purchases, subscription starts
 * and renewals. The extension machine counts what was bought, and a renewal buys nothing new;
 * this machine counts a renewal as buying again, which is how a subscriber (a bank account, a
 * yearly licence) keeps buying. States: `none`, `first`, `repeat`.
 *
 * @example
 * ```ts
 * import { initialTransition, transition } from 'xstate';
 *
 * const [start] = initialTransition(paymentsMachine);
 * const [first] = transition(paymentsMachine, start, subscriptionStartedEvent);
 * transition(paymentsMachine, first, subscriptionRenewedEvent)[0].value; // 'repeat'
 * ```
 */
export const paymentsMachine = setup({
  types: { context: {} as PaymentsContext, events: {} as MachineEvent },
  actions: {
    pay: assign({ payments: ({ context }) => context.payments + 1 }),
  },
}).createMachine({
  id: 'payments',
  context: { payments: 0 },
  initial: 'none',
  states: {
    none: {
      description: 'Nothing paid yet.',
      on: {
        purchase: { target: 'first', actions: 'pay' },
        'subscription.started': { target: 'first', actions: 'pay' },
        'subscription.renewed': { target: 'first', actions: 'pay' },
      },
    },
    first: {
      description: 'Paid once.',
      on: {
        purchase: { target: 'repeat', actions: 'pay' },
        'subscription.started': { target: 'repeat', actions: 'pay' },
        'subscription.renewed': { target: 'repeat', actions: 'pay' },
      },
    },
    repeat: {
      description: 'Paid again: a repeat purchase or a renewal.',
      on: {
        purchase: { actions: 'pay' },
        'subscription.started': { actions: 'pay' },
        'subscription.renewed': { actions: 'pay' },
      },
    },
  },
});

/** Payments counted by the payments machine of `state` (0 without one). Internal. */
export function paymentsOf(state: LifecycleState): number {
  return (state.machines.payments?.context as PaymentsContext | undefined)?.payments ?? 0;
}
