export type { CustomerColumns } from './CustomerColumns.js';
export {
  type FrequencyInput,
  type FrequencyRow,
  type FrequencyRows,
  groupFrequencyRows,
  toFrequencyRows,
} from './FrequencyRows.js';
export {
  type CustomerRfm,
  type DateLike,
  type RfmSummary,
  type SummaryOptions,
  summarizeCustomers,
  summarizeCustomersAsync,
} from './summarizeCustomers.js';
export { type TimeUnit, unitDays } from './timeUnit.js';
export {
  type RepeatPurchaseTracking,
  type TrackingOptions,
  trackRepeatPurchases,
} from './trackRepeatPurchases.js';
