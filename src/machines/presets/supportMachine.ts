import { assign, setup } from 'xstate';
import type { MachineEvent } from '../LifecycleEvent.js';

/** What the support machine remembers: the customer's cases. */
export interface SupportContext {
  /** Ids of the cases still open, in order of opening. */
  readonly openCases: readonly string[];
  /**
   * Ids of the open cases opened (or reopened) as urgent or high priority. Absent from states
   * saved before it was kept (snapshots, PostgreSQL projections): read as none.
   */
  readonly urgentCases?: readonly string[];
  readonly opened: number;
  readonly resolved: number;
  /** Resolved cases the customer said they were satisfied / not satisfied with. */
  readonly satisfied: number;
  readonly dissatisfied: number;
}

/**
 * Case management (the CRM cycle's support stage): none -> open (normal or urgent) -> resolved,
 * and open again with the next case. An urgent (or high-priority) case escalates the open state
 * until it is resolved; the customer stays in `open` until every open case is resolved.
 *
 * States: `none`, `open.normal`, `open.urgent`, `resolved`.
 *
 * @example
 * ```ts
 * import { initialTransition, transition } from 'xstate';
 *
 * const [start] = initialTransition(supportMachine);
 * const [open] = transition(supportMachine, start, supportOpenedEvent);
 * open.value; // { open: 'normal' }
 * ```
 */
export const supportMachine = setup({
  types: { context: {} as SupportContext, events: {} as MachineEvent },
  guards: {
    isUrgent: ({ event }) =>
      event.type === 'support.opened' &&
      (event.data.priority === 'urgent' || event.data.priority === 'high'),
    isOpenCase: ({ context, event }) =>
      event.type === 'support.resolved' && context.openCases.includes(event.data.caseId),
    isLastOpenCase: ({ context, event }) =>
      event.type === 'support.resolved' &&
      context.openCases.length === 1 &&
      context.openCases[0] === event.data.caseId,
    isLastUrgentCase: ({ context, event }) =>
      event.type === 'support.resolved' &&
      context.urgentCases?.length === 1 &&
      context.urgentCases[0] === event.data.caseId,
  },
  actions: {
    openCase: assign(({ context, event }) => {
      if (event.type !== 'support.opened') return {};
      const id = event.data.caseId;
      const urgent = event.data.priority === 'urgent' || event.data.priority === 'high';
      const urgentCases = context.urgentCases ?? [];
      return {
        ...(context.openCases.includes(id)
          ? {}
          : { openCases: [...context.openCases, id], opened: context.opened + 1 }),
        ...(urgent && !urgentCases.includes(id) ? { urgentCases: [...urgentCases, id] } : {}),
      };
    }),
    resolveCase: assign(({ context, event }) => {
      if (event.type !== 'support.resolved') return {};
      const satisfied = event.data.satisfied;
      return {
        openCases: context.openCases.filter((id) => id !== event.data.caseId),
        urgentCases: (context.urgentCases ?? []).filter((id) => id !== event.data.caseId),
        resolved: context.resolved + 1,
        satisfied: context.satisfied + (satisfied === true ? 1 : 0),
        dissatisfied: context.dissatisfied + (satisfied === false ? 1 : 0),
      };
    }),
  },
}).createMachine({
  id: 'support',
  context: {
    openCases: [],
    urgentCases: [],
    opened: 0,
    resolved: 0,
    satisfied: 0,
    dissatisfied: 0,
  },
  initial: 'none',
  states: {
    none: {
      description: 'No support case so far.',
      on: {
        'support.opened': [
          { guard: 'isUrgent', target: 'open.urgent', actions: 'openCase' },
          { target: 'open', actions: 'openCase' },
        ],
      },
    },
    open: {
      description: 'At least one case is being worked.',
      initial: 'normal',
      on: {
        'support.resolved': [
          { guard: 'isLastOpenCase', target: 'resolved', actions: 'resolveCase' },
          { guard: 'isLastUrgentCase', target: '.normal', actions: 'resolveCase' },
          { guard: 'isOpenCase', actions: 'resolveCase' },
        ],
      },
      states: {
        normal: {
          on: {
            'support.opened': [
              { guard: 'isUrgent', target: 'urgent', actions: 'openCase' },
              { actions: 'openCase' },
            ],
          },
        },
        urgent: {
          on: { 'support.opened': { actions: 'openCase' } },
        },
      },
    },
    resolved: {
      description: 'Every case is resolved.',
      on: {
        'support.opened': [
          { guard: 'isUrgent', target: 'open.urgent', actions: 'openCase' },
          { target: 'open', actions: 'openCase' },
        ],
      },
    },
  },
});
