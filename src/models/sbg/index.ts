export { fitSbg, type SbgFitOptions } from './fitSbg.js';
export type { SbgParams } from './SbgParams.js';
export {
  type SbgLifetimeOptions,
  type SbgResidualLifetimeOptions,
  sbgDiscountedExpectedLifetime,
  sbgDiscountedExpectedResidualLifetime,
} from './sbgDiscountedExpectedResidualLifetime.js';
export { sbgLogLikelihood } from './sbgLogLikelihood.js';
export { sbgProjectSurvivors } from './sbgProjectSurvivors.js';
export { sbgChurnProbability, sbgRetentionRate, sbgSurvival } from './sbgSurvival.js';
export type { SbgInput, SbgRow } from './toSbgRows.js';
