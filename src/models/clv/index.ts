export { type CustomerValue, type CustomerValueOptions, customerValue } from './customerValue.js';
export {
  discountExpectedTransactions,
  type ExpectedTransactionsCurve,
} from './discountExpectedTransactions.js';
export { type Duration, durationIn, wholePeriodsIn } from './durationIn.js';
export type { FrequencyModelFit } from './fitFrequencyModel.js';
export type { FitOptions as ModelFitOptions, ModelFit } from './fitPositiveParameters.js';
export { continuousRate, type DiscountRate, ratePerUnit } from './ratePerUnit.js';
export {
  type SubscriptionValue,
  type SubscriptionValueOptions,
  subscriptionValue,
} from './subscriptionValue.js';
