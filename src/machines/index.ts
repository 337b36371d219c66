export {
  type AcquisitionContext,
  acquisitionMachine,
} from './acquisitionMachine.js';
export {
  type CompiledLifecycle,
  type CompileLifecycleOptions,
  compileLifecycle,
} from './compileLifecycle.js';
export {
  type DefaultStage,
  defaultLifecycle,
  defaultStageOf,
  defaultStages,
  isCustomer,
  isLoyal,
  LOYAL_AFTER_PURCHASES,
  machineValue,
  paymentsOf,
} from './defaultLifecycle.js';
export {
  type DefineLifecycleOptions,
  defineLifecycle,
  type LifecycleDefinition,
} from './defineLifecycle.js';
export {
  type EngagementContext,
  type EngagementInput,
  engagementMachine,
  type Feedback,
  feedbackOf,
} from './engagementMachine.js';
export { type ExtensionContext, extensionMachine } from './extensionMachine.js';
export { formatStateValue } from './formatStateValue.js';
export { LifecycleDefinitionError } from './LifecycleDefinitionError.js';
export type { ClockEvent, LifecycleEvent, MachineEvent } from './LifecycleEvent.js';
export type { LifecycleState, MachineState } from './LifecycleState.js';
export {
  crmCycleLifecycle,
  crmCycleStages,
  defineJourney,
  type EngagementStateValue,
  fiveStageLifecycle,
  fiveStages,
  fourProcessesLifecycle,
  fourProcessesOwner,
  fourProcessesStages,
  type JourneyOptions,
  type PartnershipContext,
  partnershipMachine,
  relationshipJourneyLifecycle,
  relationshipJourneyStages,
  type SupportContext,
  supportMachine,
  threePartLifecycle,
  threePartStages,
} from './presets/index.js';
export {
  type RetentionContext,
  type RetentionInput,
  type RetentionSettings,
  retentionMachine,
  type SubscriptionTerm,
} from './retentionMachine.js';
export { addInterval, type BillingInterval, DAY_MS } from './time.js';
