import type { AnyStateMachine } from 'xstate';
import { feedbackEvents } from '../engagementMachine.js';
import {
  type EngagementStateConfig,
  type EngagementTransition,
  engagementVariant,
} from '../engagementVariant.js';

const badExperience: EngagementTransition = {
  guard: 'isDetractor',
  target: 'droppedOut',
  actions: 'touch',
};

/** `state` where detractor feedback drops the customer out, ahead of its catch-all handler. */
function dropsOutOnBadExperience(state: EngagementStateConfig | undefined): EngagementStateConfig {
  const on = { ...state?.on };
  for (const type of feedbackEvents) {
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
export const journeyEngagementMachine: AnyStateMachine = engagementVariant((states) => ({
  choose: dropsOutOnBadExperience(states.choose),
  use: dropsOutOnBadExperience(states.use),
  engage: dropsOutOnBadExperience(states.engage),
}));
