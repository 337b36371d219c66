import { type AnyStateMachine, createMachine } from 'xstate';
import { engagementMachine } from './engagementMachine.js';

/** A transition of the engagement machine's config, as a variant reads and rewrites it. */
export type EngagementTransition = Readonly<Record<string, unknown>>;

/** A state of the engagement machine's config, as a variant reads and rewrites it. */
export interface EngagementStateConfig {
  readonly on?: Readonly<Record<string, EngagementTransition | readonly EngagementTransition[]>>;
}

type StatesConfig = Readonly<Record<string, EngagementStateConfig>>;

const { states, ...config } = engagementMachine.config as typeof engagementMachine.config & {
  readonly states: StatesConfig;
};

/**
 * The engagement machine with some of its states rewritten: `rewrite` gets the machine's states
 * and returns the ones it replaces. Everything else (the other states, inputs, guards, actions,
 * drop-out by inactivity) is the engagement machine's own, so a variant stays in step with it.
 * Internal: the default lifecycle's and the presets' variants are built with it.
 */
export function engagementVariant(
  rewrite: (states: StatesConfig) => Readonly<Record<string, EngagementStateConfig>>,
): AnyStateMachine {
  return createMachine(
    { ...config, states: { ...states, ...rewrite(states) } } as typeof engagementMachine.config,
    engagementMachine.implementations,
  );
}
