import { acquisitionMachine } from '../acquisitionMachine.js';
import { isCustomer, machineValue } from '../defaultLifecycle.js';
import { defineLifecycle } from '../defineLifecycle.js';
import { extensionMachine } from '../extensionMachine.js';
import type { LifecycleState } from '../LifecycleState.js';
import { retentionMachine } from '../retentionMachine.js';

/**
 * Stages of the three-part customer life cycle, in order around the wheel.
 *
 * @example
 * ```ts
 * threePartStages[0]; // the first stage
 * ```
 */
export const threePartStages = ['acquisition', 'ownership', 'extension'] as const;

function stageOf(state: LifecycleState): (typeof threePartStages)[number] {
  const retention = machineValue(state, 'retention');
  // The wheel: a churned customer is to be acquired again.
  if (retention === 'churned' || !isCustomer(state)) return 'acquisition';
  // Won back: retained again before being extended again (the next purchase confirms it).
  if (retention === 'atRisk' || retention === 'reactivated') return 'ownership';
  return machineValue(state, 'extension') === 'expanded' ? 'extension' : 'ownership';
}

/**
 * Preset 2, the customer life cycle in three parts as a wheel: acquisition (find and win the
 * customer) -> ownership (retain: serve and satisfy; at-risk customers are here) -> extension
 * (new revenue: cross-sell, add-ons, upgrades) -> back to acquisition when the customer churns,
 * and to ownership when they come back (retention `reactivated`).
 *
 * @example
 * ```ts
 * const lifecycle = compileLifecycle(threePartLifecycle);
 * lifecycle.stageOf(lifecycle.transition(lifecycle.initial(), purchaseEvent)); // 'ownership'
 * ```
 */
export const threePartLifecycle = defineLifecycle({
  name: 'three-part-cycle',
  // 2: renewals count as payments (the extension machine), so a yearly subscriber is repeat.
  version: 2,
  description: 'Acquisition -> ownership -> extension, back to acquisition.',
  machines: {
    acquisition: acquisitionMachine,
    retention: retentionMachine,
    extension: extensionMachine,
  },
  stages: threePartStages,
  // The stages of a customer not churned (stageOf's customer branch).
  activeStages: ['ownership', 'extension'],
  stageOf,
});
