import { acquisitionMachine } from './acquisitionMachine.js';
import { defineLifecycle } from './defineLifecycle.js';
import { type ExtensionContext, extensionMachine } from './extensionMachine.js';
import type { LifecycleState, MachineState } from './LifecycleState.js';
import { retentionMachine } from './retentionMachine.js';
import { steadyEngagementMachine } from './steadyEngagementMachine.js';

/**
 * The default lifecycle's headline stages, in funnel order.
 *
 * @example
 * ```ts
 * defaultStages.indexOf('repeat') < defaultStages.indexOf('loyal'); // true
 * ```
 */
export const defaultStages = [
  'prospect',
  'lead',
  'opportunity',
  'new customer',
  'repeat',
  'loyal',
  'advocate',
  'at risk',
  'churned',
  'lost',
] as const;

/** A headline stage of the default lifecycle. */
export type DefaultStage = (typeof defaultStages)[number];

/**
 * Payments (purchases, subscription starts and renewals) from which a customer counts as loyal.
 *
 * @example
 * ```ts
 * LOYAL_AFTER_PURCHASES; // 4
 * ```
 */
export const LOYAL_AFTER_PURCHASES = 4;

/**
 * The value of machine `id` in `state` (`''` when the lifecycle has no such machine).
 *
 * @example
 * ```ts
 * machineValue(state, 'acquisition'); // e.g. 'lead.qualified'
 * ```
 */
export function machineValue(state: LifecycleState, id: string): string {
  return state.machines[id]?.value ?? '';
}

/**
 * True when the acquisition, retention or extension machine says the person bought.
 *
 * @example
 * ```ts
 * isCustomer(lifecycle.transition(lifecycle.initial(), purchaseEvent)); // true
 * ```
 */
export function isCustomer(state: LifecycleState): boolean {
  const { acquisition, retention, extension } = state.machines;
  return customerByValues(acquisition?.value ?? '', retention?.value ?? '', extension?.value ?? '');
}

// The stage rules read each machine once, by name: the projection calls them after every change.
function customerByValues(acquisition: string, retention: string, extension: string): boolean {
  return (
    acquisition === 'customer' ||
    (retention !== '' && retention !== 'prospect') ||
    (extension !== '' && extension !== 'none')
  );
}

function loyalByValues(
  engagement: string | undefined,
  extension: MachineState | undefined,
): boolean {
  return (
    extension?.value === 'expanded' ||
    engagement === 'engage' ||
    engagement === 'advocate' ||
    paymentsIn(extension) >= LOYAL_AFTER_PURCHASES
  );
}

function paymentsIn(extension: MachineState | undefined): number {
  return (extension?.context as Partial<ExtensionContext> | undefined)?.purchases ?? 0;
}

/**
 * How many times the customer paid: purchases, subscription starts and renewals, as the
 * extension machine counts them (0 in a lifecycle without one). Two payments make a repeat
 * customer, {@link LOYAL_AFTER_PURCHASES} a loyal one.
 *
 * @example
 * ```ts
 * paymentsOf(state) >= 2; // bought again, or renewed
 * ```
 */
export function paymentsOf(state: LifecycleState): number {
  return paymentsIn(state.machines.extension);
}

/**
 * True for a customer who buys more than before (extension `expanded`), is engaged or an
 * advocate (engagement), or has paid {@link LOYAL_AFTER_PURCHASES} or more times (purchases,
 * subscription starts and renewals).
 *
 * @example
 * ```ts
 * if (isLoyal(state)) console.log('loyal');
 * ```
 */
export function isLoyal(state: LifecycleState): boolean {
  const { engagement, extension } = state.machines;
  return loyalByValues(engagement?.value, extension);
}

/**
 * The default headline stage: churned and at risk (retention) first; then, for customers,
 * advocate (engagement), loyal (expanded, engaged, or {@link LOYAL_AFTER_PURCHASES}+ payments),
 * repeat (paid again: a purchase or a renewal), new customer; for everyone else the funnel position: lost (lost opportunity or
 * unqualified lead), opportunity, lead, prospect.
 *
 * @example
 * ```ts
 * defaultStageOf(compileLifecycle(defaultLifecycle).initial()); // 'prospect'
 * ```
 */
export function defaultStageOf(state: LifecycleState): DefaultStage {
  const { acquisition, retention, extension, engagement } = state.machines;
  const retentionValue = retention?.value ?? '';
  if (retentionValue === 'churned') return 'churned';
  if (retentionValue === 'atRisk') return 'at risk';
  const acquisitionValue = acquisition?.value ?? '';
  const extensionValue = extension?.value ?? '';
  if (customerByValues(acquisitionValue, retentionValue, extensionValue)) {
    const engagementValue = engagement?.value;
    if (engagementValue === 'advocate') return 'advocate';
    if (loyalByValues(engagementValue, extension)) return 'loyal';
    return extensionValue === 'repeat' ? 'repeat' : 'new customer';
  }
  if (acquisitionValue === 'lost' || acquisitionValue === 'lead.unqualified') return 'lost';
  if (acquisitionValue === 'opportunity') return 'opportunity';
  if (acquisitionValue.startsWith('lead.')) return 'lead';
  return 'prospect';
}

/**
 * The default lifecycle: the acquisition, retention, extension and engagement machines, with
 * one headline stage per customer (see {@link defaultStages} and {@link defaultStageOf}).
 * Inputs: `retention` ({@link RetentionInput}) and `engagement` ({@link EngagementInput}).
 *
 * @example
 * ```ts
 * const lifecycle = compileLifecycle(defaultLifecycle, { input: { retention: { expectedGapDays: 30 } } });
 * const state = lifecycle.transition(lifecycle.initial(), purchaseEvent);
 * lifecycle.stageOf(state); // 'new customer'
 * state.machines.retention?.value; // 'active'
 * ```
 */
export const defaultLifecycle = defineLifecycle({
  name: 'default',
  // 2: renewals count as payments (the extension machine), so a yearly subscriber is repeat.
  version: 2,
  description: 'Acquisition, retention, extension and engagement with one headline stage.',
  machines: {
    acquisition: acquisitionMachine,
    retention: retentionMachine,
    extension: extensionMachine,
    // Engaged and advocate are standings here (loyal, advocate): a campaign reaching such a
    // customer is activity, not the start of a new round of the journey that would demote them.
    engagement: steadyEngagementMachine,
  },
  stages: defaultStages,
  // Growth only: at risk, churned and lost are where customers fall back to, not funnel steps.
  funnel: ['prospect', 'lead', 'opportunity', 'new customer', 'repeat', 'loyal', 'advocate'],
  // Acquired and not lost: a customer at risk is still one.
  activeStages: ['new customer', 'repeat', 'loyal', 'advocate', 'at risk'],
  stageOf: defaultStageOf,
});
