import { acquisitionMachine } from '../acquisitionMachine.js';
import { isCustomer, machineValue } from '../defaultLifecycle.js';
import { defineLifecycle } from '../defineLifecycle.js';
import { extensionMachine } from '../extensionMachine.js';
import type { LifecycleState } from '../LifecycleState.js';
import { retentionMachine } from '../retentionMachine.js';
import { supportMachine } from './supportMachine.js';

/**
 * Stages of the CRM cycle, in order.
 *
 * @example
 * ```ts
 * crmCycleStages[0]; // the first stage
 * ```
 */
export const crmCycleStages = ['marketing', 'sales', 'product', 'support'] as const;

function stageOf(state: LifecycleState): (typeof crmCycleStages)[number] {
  const retention = machineValue(state, 'retention');
  if (retention !== 'churned' && isCustomer(state)) {
    return machineValue(state, 'support').startsWith('open.') ? 'support' : 'product';
  }
  const acquisition = machineValue(state, 'acquisition');
  if (
    retention !== 'churned' &&
    (acquisition === 'opportunity' ||
      (acquisition.startsWith('lead.') && acquisition !== 'lead.unqualified'))
  ) {
    return 'sales';
  }
  return 'marketing';
}

/**
 * Preset 4, the CRM cycle: marketing (campaigns reach people; unqualified, lost and churned
 * people are marketing's again) -> sales (leads with status open, contacted or qualified, and
 * opportunities: see the acquisition machine's value) -> product (a customer using what they
 * bought) -> support (a customer with an open case: the support machine does case management,
 * and resolving every case brings the customer back to product). Its funnel ends at product.
 *
 * @example
 * ```ts
 * const lifecycle = compileLifecycle(crmCycleLifecycle);
 * const lead = lifecycle.transition(lifecycle.initial(), leadContactedEvent);
 * lifecycle.stageOf(lead); // 'sales'
 * lead.machines.acquisition?.value; // 'lead.contacted'
 * ```
 */
export const crmCycleLifecycle = defineLifecycle({
  name: 'crm-cycle',
  // 2: renewals count as payments (the extension machine), so a yearly subscriber is repeat.
  version: 2,
  description: 'Marketing -> sales -> product -> support (case management).',
  machines: {
    acquisition: acquisitionMachine,
    retention: retentionMachine,
    extension: extensionMachine,
    support: supportMachine,
  },
  stages: crmCycleStages,
  // Support is where customers go with an issue, not a step up: a customer who never needs it
  // has not dropped out at product.
  funnel: ['marketing', 'sales', 'product'],
  // The stages of a customer not churned (stageOf's customer branch).
  activeStages: ['product', 'support'],
  stageOf,
});
