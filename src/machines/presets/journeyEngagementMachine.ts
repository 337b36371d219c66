import { type AnyStateMachine, createMachine } from 'xstate';
import { engagementMachine } from '../engagementMachine.js';

type Transition = Readonly<Record<string, unknown>>;
type StateConfig = { readonly on?: Readonly<Record<string, Transition | readonly Transition[]>> };

const { states, ...config } = engagementMachine.config as typeof engagementMachine.config & {
  readonly states: Readonly<Record<string, StateConfig>>;
};

const feedback = ['survey.answered', 'review', 'referral', 'collaboration'] as const;
const badExperience: Transition = {
  guard: 'isDetractor',
  target: 'droppedOut',
  actions: 'touch',
};

/** `state` where detractor feedback drops the customer out, ahead of its catch-all handler. */
function dropsOutOnBadExperience(state: StateConfig | undefined): StateConfig {
  const on = { ...state?.on };
  for (const type of feedback) {
    const handlers = on[type];
    const list = Array.isArray(handlers) ? handlers : handlers === undefined ? [] : [handlers];
    // The last handler takes any other feedback as activity: the drop-out goes before it.
    on[type] = [...list.slice(0, -1), badExperience, ...list.slice(-1)];
  }
  return { ...state, on };
}

/**
 * The engagement machine as the relationship journey reads it: a bad experience after the sale
 * (detractor feedback: NPS 0-6, a 1-2 star review, CSAT 1-2) drops a customer who chose, uses
 * or is engaged out of the journey, as a good one moves them on; the next purchase or use brings
 * them back. An advocate who answers as a detractor is engaged again, as in the engagement
 * machine, whose states, inputs, loop and drop-out by inactivity this keeps. Internal to the
 * presets (`defineJourney`).
 */
export const journeyEngagementMachine: AnyStateMachine = createMachine(
  {
    ...config,
    states: {
      ...states,
      choose: dropsOutOnBadExperience(states.choose),
      use: dropsOutOnBadExperience(states.use),
      engage: dropsOutOnBadExperience(states.engage),
    },
  } as typeof engagementMachine.config,
  engagementMachine.implementations,
);
