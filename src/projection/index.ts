export type { CustomerFacts, CustomerState, StageEntry } from './CustomerState.js';
export { compareEvents } from './compareEvents.js';
export {
  createLifecycle,
  defaultActiveStages,
  type Lifecycle,
  type LifecycleOptions,
  type ProjectEventsOptions,
  type ProjectionSource,
  type ProjectOptions,
} from './createLifecycle.js';
export type {
  LiveProjection,
  LiveStateOptions,
  LiveValuedStateOptions,
  StageChange,
  StageChangeListener,
} from './LiveProjection.js';
export type { LiveProjectionOptions } from './LiveProjectionOptions.js';
export { findCustomer, type Projection } from './Projection.js';
export { ProjectionError } from './ProjectionError.js';
export {
  type ProjectionSnapshot,
  SNAPSHOT_FORMAT,
  SNAPSHOT_VERSION,
  type SnapshotCustomer,
} from './ProjectionSnapshot.js';
export {
  type AttritionRate,
  type AttritionRateOptions,
  attritionRate,
  YEAR_MS,
} from './portfolio/attritionRate.js';
export {
  type Cohort,
  type CohortRetention,
  type CohortRetentionOptions,
  cohortRetention,
} from './portfolio/cohortRetention.js';
export {
  type FunnelConversion,
  type FunnelConversionOptions,
  type FunnelStep,
  funnelConversion,
} from './portfolio/funnelConversion.js';
export {
  type ReplacementNeeds,
  type ReplacementNeedsOptions,
  replacementNeeds,
} from './portfolio/replacementNeeds.js';
export { stageAt } from './portfolio/stageAt.js';
export { type StageCounts, type StageCountsOptions, stageCounts } from './portfolio/stageCounts.js';
export type { ProjectCustomersOptions } from './projectCustomers.js';
