import { assign, setup } from 'xstate';
import type { MachineEvent } from '../LifecycleEvent.js';

/** What the partnership machine remembers. */
export interface PartnershipContext {
  readonly collaborations: number;
  /** Kinds of collaboration, in order of first occurrence (community, co-design, ...). */
  readonly kinds: readonly string[];
  /** When the customer first collaborated, or null. */
  readonly since: number | null;
}

/**
 * "Mateship", the proposed stage beyond advocacy: the customer acts as a partner of the
 * business (co-creation, community, partnership), recorded by `collaboration` events.
 * States: `none`, `mate`.
 *
 * @example
 * ```ts
 * import { initialTransition, transition } from 'xstate';
 *
 * const [start] = initialTransition(partnershipMachine);
 * transition(partnershipMachine, start, collaborationEvent)[0].value; // 'mate'
 * ```
 */
export const partnershipMachine = setup({
  types: { context: {} as PartnershipContext, events: {} as MachineEvent },
  actions: {
    collaborate: assign(({ context, event }) => {
      if (event.type !== 'collaboration') return {};
      return {
        collaborations: context.collaborations + 1,
        kinds: context.kinds.includes(event.data.kind)
          ? context.kinds
          : [...context.kinds, event.data.kind],
        since: context.since ?? event.at,
      };
    }),
  },
}).createMachine({
  id: 'partnership',
  context: { collaborations: 0, kinds: [], since: null },
  initial: 'none',
  states: {
    none: { on: { collaboration: { target: 'mate', actions: 'collaborate' } } },
    mate: {
      description: 'Co-creates with the business: a partner, not only a customer.',
      on: { collaboration: { actions: 'collaborate' } },
    },
  },
});
