export { crmCycleLifecycle, crmCycleStages } from './crmCycleLifecycle.js';
export { fiveStageLifecycle, fiveStages } from './fiveStageLifecycle.js';
export {
  fourProcessesLifecycle,
  fourProcessesOwner,
  fourProcessesStages,
} from './fourProcessesLifecycle.js';
export { type PartnershipContext, partnershipMachine } from './partnershipMachine.js';
export {
  defineJourney,
  type EngagementStateValue,
  type JourneyOptions,
  relationshipJourneyLifecycle,
  relationshipJourneyStages,
} from './relationshipJourneyLifecycle.js';
export { type SupportContext, supportMachine } from './supportMachine.js';
export { threePartLifecycle, threePartStages } from './threePartLifecycle.js';
