import { acquisitionMachine } from '../acquisitionMachine.js';
import { isCustomer, isLoyal, machineValue, paymentsOf } from '../defaultLifecycle.js';
import { defineLifecycle } from '../defineLifecycle.js';
import { extensionMachine } from '../extensionMachine.js';
import type { LifecycleState } from '../LifecycleState.js';
import { retentionMachine } from '../retentionMachine.js';
import { steadyEngagementMachine } from '../steadyEngagementMachine.js';

/**
 * Stages of the five-stage lifecycle, in order.
 *
 * @example
 * ```ts
 * fiveStages[0]; // the first stage
 * ```
 */
export const fiveStages = ['reach', 'acquisition', 'conversion', 'retention', 'loyalty'] as const;

function stageOf(state: LifecycleState): (typeof fiveStages)[number] {
  const retention = machineValue(state, 'retention');
  if (retention === 'churned') return 'reach';
  if (isCustomer(state)) {
    // Won back: converted again; the next purchase confirms the return (retention active).
    if (retention === 'reactivated') return 'conversion';
    if (retention === 'atRisk') return 'retention';
    if (isLoyal(state)) return 'loyalty';
    // Keeps buying: a second purchase, or a renewal (a subscriber buys by renewing).
    return paymentsOf(state) >= 2 ? 'retention' : 'conversion';
  }
  const acquisition = machineValue(state, 'acquisition');
  if (
    acquisition === 'opportunity' ||
    (acquisition.startsWith('lead.') && acquisition !== 'lead.unqualified')
  ) {
    return 'acquisition';
  }
  return 'reach';
}

/**
 * Preset 3, five stages: reach (attention) -> acquisition (leads and opportunities learning what
 * is offered) -> conversion (first purchase) -> retention (keeps buying: a second purchase or a
 * renewal; at-risk customers too) -> loyalty (expanded, engaged or advocating, or 4+ payments,
 * renewals included). Churned customers, unqualified
 * leads and lost opportunities are to be reached again; a churned customer who buys again is
 * converted again (retention `reactivated`) until the next purchase confirms the return.
 *
 * @example
 * ```ts
 * const lifecycle = compileLifecycle(fiveStageLifecycle);
 * lifecycle.stageOf(lifecycle.transition(lifecycle.initial(), touchpointEvent)); // 'reach'
 * ```
 */
export const fiveStageLifecycle = defineLifecycle({
  name: 'five-stages',
  // 2: renewals count as payments (the extension machine), so a yearly subscriber is repeat.
  version: 2,
  description: 'Reach -> acquisition -> conversion -> retention -> loyalty.',
  machines: {
    acquisition: acquisitionMachine,
    retention: retentionMachine,
    extension: extensionMachine,
    // Engaged and advocating are standings here: a campaign does not restart the journey.
    engagement: steadyEngagementMachine,
  },
  stages: fiveStages,
  // The stages of a customer not churned (stageOf's customer branch).
  activeStages: ['conversion', 'retention', 'loyalty'],
  stageOf,
});
