export type {
  BgBbHistory,
  BgBbParams,
  BgBbRow,
} from './BgBbParams.js';
export { bgbbConditionalExpectedTransactions } from './bgbbConditionalExpectedTransactions.js';
export {
  type BgBbDiscountOptions,
  bgbbDiscountedExpectedTransactions,
} from './bgbbDiscountedExpectedTransactions.js';
export { bgbbExpectedTransactions } from './bgbbExpectedTransactions.js';
export { bgbbLogLikelihood } from './bgbbLogLikelihood.js';
export { bgbbProbabilityAlive } from './bgbbProbabilityAlive.js';
export { bgbbProbabilityOfTransactions } from './bgbbProbabilityOfTransactions.js';
export { type BgBbFit, type BgBbFitOptions, fitBgBb } from './fitBgBb.js';
