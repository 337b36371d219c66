import { assign, setup } from 'xstate';
import type { MachineEvent } from './LifecycleEvent.js';

/** What the acquisition machine remembers about a person. */
export interface AcquisitionContext {
  /** Marketing touchpoints seen so far. */
  readonly touchpoints: number;
  /** When the person first became a lead, or null. */
  readonly leadAt: number | null;
  /** Times the person came back as a lead after being unqualified or lost. */
  readonly recycled: number;
  /** The open (or last) opportunity's id, or null. */
  readonly opportunityId: string | null;
  /** When the person became a customer, or null. */
  readonly convertedAt: number | null;
}

/**
 * The acquisition funnel: reach (touchpoints) -> lead (status open, contacted, qualified or
 * unqualified) -> opportunity -> customer (won) or lost. An unqualified or lost lead is recycled
 * by a new touchpoint or `lead.captured`. A purchase, a started subscription or a won
 * opportunity makes the person a customer from any stage (many customers skip the funnel).
 *
 * States (dotted values): `reach`, `lead.open`, `lead.contacted`, `lead.qualified`,
 * `lead.unqualified`, `opportunity`, `customer`, `lost`.
 *
 * @example
 * ```ts
 * import { initialTransition, transition } from 'xstate';
 *
 * const [start] = initialTransition(acquisitionMachine);
 * const [next] = transition(acquisitionMachine, start, leadCapturedEvent);
 * next.value; // { lead: 'open' }
 * ```
 */
export const acquisitionMachine = setup({
  types: {
    context: {} as AcquisitionContext,
    events: {} as MachineEvent,
  },
  guards: {
    /** `opportunity.lost` closes the opportunity being worked (or any, when none is known). */
    isCurrentOpportunity: ({ context, event }) =>
      event.type === 'opportunity.lost' &&
      (context.opportunityId === null || context.opportunityId === event.data.opportunityId),
  },
  actions: {
    countTouchpoint: assign({ touchpoints: ({ context }) => context.touchpoints + 1 }),
    recordOpportunity: assign({
      opportunityId: ({ event }) =>
        event.type === 'opportunity.opened' ? event.data.opportunityId : null,
    }),
    recycle: assign({ recycled: ({ context }) => context.recycled + 1 }),
  },
}).createMachine({
  id: 'acquisition',
  context: {
    touchpoints: 0,
    leadAt: null,
    recycled: 0,
    opportunityId: null,
    convertedAt: null,
  },
  initial: 'reach',
  on: {
    purchase: { target: '.customer' },
    'subscription.started': { target: '.customer' },
    'opportunity.won': { target: '.customer' },
  },
  states: {
    reach: {
      description: 'Marketing reaches the person: attention, awareness.',
      on: {
        touchpoint: { actions: 'countTouchpoint' },
        'lead.captured': { target: 'lead' },
        'lead.contacted': { target: 'lead.contacted' },
        'lead.qualified': { target: 'lead.qualified' },
        'lead.disqualified': { target: 'lead.unqualified' },
        'opportunity.opened': { target: 'opportunity', actions: 'recordOpportunity' },
      },
    },
    lead: {
      description: 'The person showed interest; sales works the lead.',
      initial: 'open',
      entry: assign({ leadAt: ({ context, event }) => context.leadAt ?? event.at }),
      on: {
        touchpoint: { actions: 'countTouchpoint' },
        'lead.disqualified': { target: '.unqualified' },
        'opportunity.opened': { target: 'opportunity', actions: 'recordOpportunity' },
      },
      states: {
        open: {
          on: {
            'lead.contacted': { target: 'contacted' },
            'lead.qualified': { target: 'qualified' },
          },
        },
        contacted: {
          on: { 'lead.qualified': { target: 'qualified' } },
        },
        qualified: {},
        unqualified: {
          on: {
            touchpoint: { target: 'open', actions: ['countTouchpoint', 'recycle'] },
            'lead.captured': { target: 'open', actions: 'recycle' },
            'lead.contacted': { target: 'contacted', actions: 'recycle' },
            'lead.qualified': { target: 'qualified', actions: 'recycle' },
          },
        },
      },
    },
    opportunity: {
      description: 'A qualified lead became a sales opportunity.',
      on: {
        'opportunity.opened': { actions: 'recordOpportunity' },
        'opportunity.won': { target: 'customer' },
        'opportunity.lost': { guard: 'isCurrentOpportunity', target: 'lost' },
      },
    },
    customer: {
      description: 'Won: the person is a customer.',
      entry: assign({ convertedAt: ({ context, event }) => context.convertedAt ?? event.at }),
      // A customer stays a customer: these shadow the root transitions so nothing re-enters.
      on: { purchase: {}, 'subscription.started': {}, 'opportunity.won': {} },
    },
    lost: {
      description: 'The opportunity was lost; the person may be recycled as a lead.',
      on: {
        touchpoint: { target: 'lead.open', actions: ['countTouchpoint', 'recycle'] },
        'lead.captured': { target: 'lead.open', actions: 'recycle' },
        'opportunity.opened': { target: 'opportunity', actions: 'recordOpportunity' },
      },
    },
  },
});
