import { unknownOption } from '../../errors/unknownOption.js';
import { defineLifecycle, type LifecycleDefinition } from '../defineLifecycle.js';
import { LifecycleDefinitionError } from '../LifecycleDefinitionError.js';
import type { LifecycleState } from '../LifecycleState.js';
import { journeyEngagementMachine } from './journeyEngagementMachine.js';

/** The states of the engagement machine, which every journey maps to its own stages. */
export type EngagementStateValue =
  | 'discover'
  | 'learn'
  | 'choose'
  | 'use'
  | 'engage'
  | 'advocate'
  | 'droppedOut';

/** Options of {@link defineJourney}. */
export interface JourneyOptions<TStage extends string> {
  readonly name: string;
  readonly description?: string;
  /** The version of the journey's logic (see `defineLifecycle`). Default: 1. */
  readonly version?: number;
  /** The journey's stages in order. */
  readonly stages: readonly TStage[];
  /** The stages customers grow through, in order (see `defineLifecycle`). Default: every stage. */
  readonly funnel?: readonly TStage[];
  /**
   * The stages of an active customer (see `defineLifecycle`). Default: none, as for the preset:
   * a journey's stages say how engaged someone is, not whether they are a customer.
   */
  readonly activeStages?: readonly TStage[];
  /** The stage of each engagement state; several states may share a stage. */
  readonly stageOfState: Readonly<Record<EngagementStateValue, TStage>>;
}

const JOURNEY_OPTIONS: readonly (keyof JourneyOptions<string>)[] = [
  'name',
  'description',
  'version',
  'stages',
  'funnel',
  'activeStages',
  'stageOfState',
];

/**
 * Defines a relationship journey of any length (4, 5, 6, 7 stages, ...) over the engagement
 * machine, by naming the stage of each of its states. A thin layer over `defineLifecycle`. In a
 * journey a bad experience after the sale (NPS 0-6, a 1-2 star review, CSAT 1-2) drops the
 * customer out, as inactivity does; the next purchase or use brings them back.
 *
 * @example
 * ```ts
 * const fourStages = defineJourney({
 *   name: 'journey-4',
 *   stages: ['discover', 'buy', 'use', 'love'],
 *   stageOfState: {
 *     discover: 'discover', learn: 'discover', choose: 'buy', use: 'use',
 *     engage: 'love', advocate: 'love', droppedOut: 'discover',
 *   },
 * });
 * ```
 */
export function defineJourney<const TStage extends string>(
  options: JourneyOptions<TStage>,
): LifecycleDefinition<TStage> {
  const unknown = unknownOption('defineJourney', options, JOURNEY_OPTIONS);
  if (unknown !== undefined) {
    throw new LifecycleDefinitionError(unknown, { lifecycle: String(options.name) });
  }
  const { stageOfState } = options;
  return defineLifecycle({
    name: options.name,
    ...(options.description === undefined ? {} : { description: options.description }),
    ...(options.version === undefined ? {} : { version: options.version }),
    machines: { engagement: journeyEngagementMachine },
    stages: options.stages,
    ...(options.funnel === undefined ? {} : { funnel: options.funnel }),
    ...(options.activeStages === undefined ? {} : { activeStages: options.activeStages }),
    stageOf: (state: LifecycleState) =>
      stageOfState[(state.machines.engagement?.value ?? 'discover') as EngagementStateValue],
  });
}

/**
 * Stages of the relationship journey, in order.
 *
 * @example
 * ```ts
 * relationshipJourneyStages[0]; // the first stage
 * ```
 */
export const relationshipJourneyStages = [
  'discover',
  'learn',
  'choose',
  'use',
  'engage',
  'dropped out',
] as const;

/**
 * Preset 5, the relationship journey: discover (awareness) -> learn (does it fit?) -> choose
 * (select, purchase) -> use (the experience after the sale) -> engage (engagement and
 * advocacy), and round again when an engaged customer discovers something new; customers whose
 * engagement stops (`dropOutAfterDays` without activity) or who have a bad experience after the
 * sale (detractor feedback) drop out. Use {@link defineJourney} for 4-, 6- or 7-stage variants.
 *
 * @example
 * ```ts
 * const lifecycle = compileLifecycle(relationshipJourneyLifecycle);
 * lifecycle.stageOf(lifecycle.transition(lifecycle.initial(), purchaseEvent)); // 'choose'
 * ```
 */
export const relationshipJourneyLifecycle = defineJourney({
  name: 'relationship-journey',
  description: 'Discover -> learn -> choose -> use -> engage, as a loop.',
  stages: relationshipJourneyStages,
  funnel: relationshipJourneyStages.filter((stage) => stage !== 'dropped out'),
  stageOfState: {
    discover: 'discover',
    learn: 'learn',
    choose: 'choose',
    use: 'use',
    engage: 'engage',
    advocate: 'engage',
    droppedOut: 'dropped out',
  },
});
