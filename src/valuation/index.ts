export type { RetentionPAliveInput } from '../machines/pAliveDeadline.js';
export {
  type ChurnBand,
  type ChurnRisk,
  type CustomerLifetimeValue,
  type CustomerValuation,
  churnBand,
} from './CustomerValuation.js';
export {
  type BgNbdCheck,
  checkHoldout,
  type HoldoutCheck,
  type HoldoutCheckFigures,
  type HoldoutCheckOptions,
  type ParetoNbdCheck,
  type TrackingPeriod,
} from './checkHoldout.js';
export { type CustomerEquity, customerEquity } from './customerEquity.js';
export {
  type PAliveThresholds,
  retentionInputFromValuation,
} from './retentionInputFromValuation.js';
export type {
  ChurnBands,
  ChurnOptions,
  ClvOptions,
  FittedPurchaseModelName,
  ModelChoice,
  PurchaseModelChoice,
  PurchaseModelName,
} from './ValuationOptions.js';
export type { ModelFitReport, ValuationReport } from './ValuationReport.js';
export { type ValueProjectionOptions, valueProjection } from './valueProjection.js';
