import { acquisitionMachine } from '../acquisitionMachine.js';
import { isCustomer, isLoyal, machineValue } from '../defaultLifecycle.js';
import { defineLifecycle } from '../defineLifecycle.js';
import { extensionMachine } from '../extensionMachine.js';
import type { LifecycleState } from '../LifecycleState.js';
import { retentionMachine } from '../retentionMachine.js';
import { steadyEngagementMachine } from '../steadyEngagementMachine.js';
import { partnershipMachine } from './partnershipMachine.js';
import { supportMachine } from './supportMachine.js';

/**
 * Stages of the four-processes lifecycle, in order.
 *
 * @example
 * ```ts
 * fourProcessesStages[0]; // the first stage
 * ```
 */
export const fourProcessesStages = [
  'target market',
  'lead',
  'customer',
  'loyal customer',
  'advocate',
  'mate',
] as const;

/**
 * The process that owns each stage: marketing, sales, support; CRM carries the rest.
 *
 * @example
 * ```ts
 * fourProcessesOwner.lead; // 'sales'
 * ```
 */
export const fourProcessesOwner: Readonly<
  Record<(typeof fourProcessesStages)[number], 'marketing' | 'sales' | 'support' | 'CRM'>
> = {
  'target market': 'marketing',
  lead: 'sales',
  customer: 'support',
  'loyal customer': 'CRM',
  advocate: 'CRM',
  mate: 'CRM',
};

function stageOf(state: LifecycleState): (typeof fourProcessesStages)[number] {
  const retention = machineValue(state, 'retention');
  // A churned customer is part of the target market again: marketing has to win them back.
  if (retention === 'churned') return 'target market';
  if (isCustomer(state)) {
    // At risk, or back after churning (until the next purchase confirms it): support's again.
    if (retention === 'atRisk' || retention === 'reactivated') return 'customer';
    if (machineValue(state, 'partnership') === 'mate') return 'mate';
    if (machineValue(state, 'engagement') === 'advocate') return 'advocate';
    // Loyal also by paying year after year: renewals are payments (see isLoyal).
    return isLoyal(state) ? 'loyal customer' : 'customer';
  }
  const acquisition = machineValue(state, 'acquisition');
  if (
    acquisition === 'opportunity' ||
    (acquisition.startsWith('lead.') && acquisition !== 'lead.unqualified')
  ) {
    return 'lead';
  }
  return 'target market';
}

/**
 * Preset 1, four processes ending in "mateship": marketing turns the target market into leads,
 * sales turns leads into customers, support keeps customers satisfied, and CRM carries the
 * relationship on to loyal customer (expanded, engaged, or 4+ payments, renewals included),
 * advocate (referrals, 4-5 star reviews, NPS 9-10) and mate (a partner co-creating with the
 * business, from `collaboration` events). At-risk customers fall back to "customer"; churned
 * ones return to the target market, and are customers again when they buy again (retention
 * `reactivated`), their earlier standing back once the next purchase confirms the return.
 * {@link fourProcessesOwner} names each stage's process.
 *
 * @example
 * ```ts
 * const lifecycle = compileLifecycle(fourProcessesLifecycle);
 * lifecycle.stageOf(lifecycle.transition(lifecycle.initial(), leadCapturedEvent)); // 'lead'
 * ```
 */
export const fourProcessesLifecycle = defineLifecycle({
  name: 'four-processes',
  // 2: renewals count as payments (the extension machine), so a yearly subscriber is repeat.
  version: 2,
  description: 'Marketing -> sales -> support -> CRM: target market to mate.',
  machines: {
    acquisition: acquisitionMachine,
    retention: retentionMachine,
    extension: extensionMachine,
    // Engaged and advocating are standings here: a campaign does not restart the journey.
    engagement: steadyEngagementMachine,
    support: supportMachine,
    partnership: partnershipMachine,
  },
  stages: fourProcessesStages,
  // The stages of a customer not churned (stageOf's customer branch).
  activeStages: ['customer', 'loyal customer', 'advocate', 'mate'],
  stageOf,
});
