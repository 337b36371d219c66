import type { AnyStateMachine } from 'xstate';
import { type EngagementStateConfig, engagementVariant } from './engagementVariant.js';

/** `state` with touchpoints counted as activity only, not as the start of a new round. */
function steady(state: EngagementStateConfig | undefined): EngagementStateConfig {
  return { ...state, on: { ...state?.on, touchpoint: { actions: 'touch' } } };
}

/**
 * The engagement machine, where a touchpoint leaves an engaged customer or an advocate where
 * they are. In the relationship journey an engaged customer reached by a campaign discovers
 * again (the journey's loop); lifecycles that read `engage` and `advocate` as a standing (loyal
 * customer, advocate, loyalty) would then demote every engaged customer a newsletter reaches.
 * Everything else (states, inputs, use signals, feedback, drop-out by inactivity) is the
 * engagement machine's. The default lifecycle and the presets that read engagement as a standing
 * use it; the relationship journey keeps the loop. Internal.
 */
export const steadyEngagementMachine: AnyStateMachine = engagementVariant((states) => ({
  engage: steady(states.engage),
  advocate: steady(states.advocate),
}));
