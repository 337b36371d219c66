/**
 * tenure: customer life-cycle projections from an append-only event log.
 *
 * Every public export is named here; anything not listed is internal.
 *
 * @packageDocumentation
 */

// Errors: one base class with a string code, subclasses for the cases callers handle.
export { ConcurrencyError } from './errors/ConcurrencyError.js';
export { CorruptLogError } from './errors/CorruptLogError.js';
export { DuplicateEventError } from './errors/DuplicateEventError.js';
export { type EventIssue, EventValidationError } from './errors/EventValidationError.js';
export { LogBrokenError } from './errors/LogBrokenError.js';
export { LogClosedError } from './errors/LogClosedError.js';
export { LogLockedError } from './errors/LogLockedError.js';
export { LogNotFoundError } from './errors/LogNotFoundError.js';
export { LogReadOnlyError } from './errors/LogReadOnlyError.js';
export { ModelInputError } from './errors/ModelInputError.js';
export { isTenureError, TenureError } from './errors/TenureError.js';

// Events: the envelope, the built-in catalogue, your own types and their upcasters, validation.
export { canonicalJson } from './events/canonicalJson.js';
export {
  type BuiltInEvent,
  type BuiltInEventDefinition,
  type BuiltInEventType,
  builtInEventTypes,
  type EventData,
} from './events/catalog/builtInEventTypes.js';
export { eventVoided } from './events/catalog/correctionEvents.js';
export { customerForgotten, customerProfile } from './events/catalog/privacyEvents.js';
export {
  createEventCatalog,
  defaultEventCatalog,
  type EventCatalog,
} from './events/createEventCatalog.js';
export {
  defineEventType,
  type EventOf,
  type EventType,
  type EventTypeOptions,
  type Upcaster,
} from './events/defineEventType.js';
export { dropVoided, VOIDED_EVENT_TYPE } from './events/dropVoided.js';
export { isBookkeepingEvent } from './events/isBookkeepingEvent.js';
export { formatTime, normalizeTime } from './events/normalizeTime.js';
export type {
  EventInput,
  EventInputOf,
  EventMeta,
  StoredEvent,
  StoredEventOf,
  TenureEvent,
} from './events/TenureEvent.js';
export { UpcastError } from './events/UpcastError.js';
export { upcastData, upcastEvent, upcastOnRead } from './events/upcastEvent.js';
export { type ValidationResult, validateEvents } from './events/validateEvents.js';
// Import: CSV and JSON lines to validated events.
export { deriveEventId } from './import/deriveEventId.js';
export type {
  ColumnRef,
  ImportColumns,
  ImportOptions,
  RejectedRow,
} from './import/ImportOptions.js';
export { ImportOptionsError } from './import/ImportOptionsError.js';
export { type ImportBatch, importEvents, type SkippedRow } from './import/importEvents.js';
export {
  type ImportProgress,
  type ImportSummary,
  type ImportToLogOptions,
  importToLog,
} from './import/importToLog.js';
export {
  DATE_FORMATS,
  type DateFormat,
  type ParsedDate,
  parseImportDate,
} from './import/parseImportDate.js';
export type { ImportSource } from './import/readLines.js';
export { DEFAULT_SKIP_STATUSES } from './import/skipStatuses.js';
export { detectDelimiter, WHITESPACE } from './import/splitFields.js';
// The append-only log: memory and file adapters (PostgreSQL under tenure/postgres).
export { createMemoryLog, type MemoryLogOptions } from './log/createMemoryLog.js';
export type {
  AppendOptions,
  AppendResult,
  EventLog,
  ReadOptions,
  VerifyResult,
} from './log/EventLog.js';
export {
  ANY_VERSION,
  type ExpectedVersion,
  matchesExpectedVersion,
  NO_STREAM,
  STREAM_EXISTS,
} from './log/expectedVersion.js';
export { createFileLog, type FileLogOptions } from './log/file/createFileLog.js';
export { verifyFileLog } from './log/file/verifyFileLog.js';
// The life-cycle machines (XState v5), presets and your own lifecycles.
export {
  type AcquisitionContext,
  acquisitionMachine,
} from './machines/acquisitionMachine.js';
export {
  type CompiledLifecycle,
  type CompileLifecycleOptions,
  compileLifecycle,
} from './machines/compileLifecycle.js';
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
} from './machines/defaultLifecycle.js';
export {
  type DefineLifecycleOptions,
  defineLifecycle,
  type LifecycleDefinition,
} from './machines/defineLifecycle.js';
export {
  type EngagementContext,
  type EngagementInput,
  engagementMachine,
  type Feedback,
  feedbackOf,
} from './machines/engagementMachine.js';
export { type ExtensionContext, extensionMachine } from './machines/extensionMachine.js';
export { formatStateValue } from './machines/formatStateValue.js';
export { LifecycleDefinitionError } from './machines/LifecycleDefinitionError.js';
export type { ClockEvent, LifecycleEvent, MachineEvent } from './machines/LifecycleEvent.js';
export type { LifecycleState, MachineState } from './machines/LifecycleState.js';
// Churn risk and customer lifetime value in the projection.
export type { PAliveSettings, RetentionPAliveInput } from './machines/pAliveDeadline.js';
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
} from './machines/presets/index.js';
export {
  type RetentionContext,
  type RetentionInput,
  type RetentionSettings,
  retentionMachine,
  type SubscriptionTerm,
} from './machines/retentionMachine.js';
export { addInterval, type BillingInterval, DAY_MS } from './machines/time.js';
// BG/BB for discrete opportunities (Fader, Hardie & Shang 2010).
export type {
  BgBbHistory,
  BgBbParams,
  BgBbRow,
} from './models/bgbb/BgBbParams.js';
export { bgbbConditionalExpectedTransactions } from './models/bgbb/bgbbConditionalExpectedTransactions.js';
export {
  type BgBbDiscountOptions,
  bgbbDiscountedExpectedTransactions,
} from './models/bgbb/bgbbDiscountedExpectedTransactions.js';
export { bgbbExpectedTransactions } from './models/bgbb/bgbbExpectedTransactions.js';
export { bgbbLogLikelihood } from './models/bgbb/bgbbLogLikelihood.js';
export { bgbbProbabilityAlive } from './models/bgbb/bgbbProbabilityAlive.js';
export { bgbbProbabilityOfTransactions } from './models/bgbb/bgbbProbabilityOfTransactions.js';
export { type BgBbFit, type BgBbFitOptions, fitBgBb } from './models/bgbb/fitBgBb.js';
// BG/NBD (Fader, Hardie & Lee 2005).
export type {
  BgNbdParams,
  CustomerHistory,
  FrequencyFitOptions,
} from './models/bgnbd/BgNbdParams.js';
export { bgNbdConditionalExpectedPurchases } from './models/bgnbd/bgNbdConditionalExpectedPurchases.js';
export { bgNbdDert, type DertOptions } from './models/bgnbd/bgNbdDert.js';
export { bgNbdExpectedPurchases } from './models/bgnbd/bgNbdExpectedPurchases.js';
export { bgNbdLogLikelihood } from './models/bgnbd/bgNbdLogLikelihood.js';
export { bgNbdPAlive } from './models/bgnbd/bgNbdPAlive.js';
export { bgNbdPurchaseProbability } from './models/bgnbd/bgNbdPurchaseProbability.js';
export { type BgNbdFit, fitBgNbd } from './models/bgnbd/fitBgNbd.js';
export { type SimulateBgNbdOptions, simulateBgNbd } from './models/bgnbd/simulateBgNbd.js';
export {
  type SimulateHistoriesOptions,
  simulateBgNbdHistories,
} from './models/bgnbd/simulateBgNbdHistories.js';
// Customer lifetime value from model expectations.
export {
  type CustomerValue,
  type CustomerValueOptions,
  customerValue,
} from './models/clv/customerValue.js';
export {
  discountExpectedTransactions,
  type ExpectedTransactionsCurve,
} from './models/clv/discountExpectedTransactions.js';
export { type Duration, durationIn, wholePeriodsIn } from './models/clv/durationIn.js';
export type { FrequencyModelFit } from './models/clv/fitFrequencyModel.js';
export type {
  FitOptions as ModelFitOptions,
  ModelFit,
} from './models/clv/fitPositiveParameters.js';
export { continuousRate, type DiscountRate, ratePerUnit } from './models/clv/ratePerUnit.js';
export {
  type SubscriptionValue,
  type SubscriptionValueOptions,
  subscriptionValue,
} from './models/clv/subscriptionValue.js';
// Gamma-Gamma spend model (Fader, Hardie & Lee 2005; Fader & Hardie 2013).
export type {
  NonPositiveSpendPolicy,
  SpendRowSelection,
} from './models/gammaGamma/checkSpendRows.js';
export {
  fitGammaGamma,
  type GammaGammaFit,
  type GammaGammaFitOptions,
  type GammaGammaInput,
} from './models/gammaGamma/fitGammaGamma.js';
export type { GammaGammaParams, SpendRow } from './models/gammaGamma/GammaGammaParams.js';
export {
  gammaGammaExpectedSpend,
  type SpendHistory,
} from './models/gammaGamma/gammaGammaExpectedSpend.js';
export { gammaGammaLogLikelihood } from './models/gammaGamma/gammaGammaLogLikelihood.js';
// Pareto/NBD (Schmittlein, Morrison & Colombo 1987).
export { fitParetoNbd, type ParetoNbdFit } from './models/paretoNbd/fitParetoNbd.js';
export type { ParetoNbdParams } from './models/paretoNbd/ParetoNbdParams.js';
export { paretoNbdDert } from './models/paretoNbd/paretoNbdDert.js';
export {
  paretoNbdConditionalExpectedPurchases,
  paretoNbdExpectedPurchases,
} from './models/paretoNbd/paretoNbdExpectedPurchases.js';
export { paretoNbdLogLikelihood } from './models/paretoNbd/paretoNbdLogLikelihood.js';
export { paretoNbdPAlive } from './models/paretoNbd/paretoNbdPAlive.js';
export { paretoNbdPurchaseProbability } from './models/paretoNbd/paretoNbdPurchaseProbability.js';
// Shifted-beta-geometric contractual retention (Fader & Hardie 2007).
export { fitSbg, type SbgFit, type SbgFitOptions } from './models/sbg/fitSbg.js';
export type { SbgParams } from './models/sbg/SbgParams.js';
export {
  type SbgLifetimeOptions,
  type SbgResidualLifetimeOptions,
  sbgDiscountedExpectedLifetime,
  sbgDiscountedExpectedResidualLifetime,
} from './models/sbg/sbgDiscountedExpectedResidualLifetime.js';
export { sbgLogLikelihood } from './models/sbg/sbgLogLikelihood.js';
export { sbgProjectSurvivors } from './models/sbg/sbgProjectSurvivors.js';
export { sbgChurnProbability, sbgRetentionRate, sbgSurvival } from './models/sbg/sbgSurvival.js';
export type { SbgInput, SbgRow } from './models/sbg/toSbgRows.js';
// Model inputs: per-customer summaries (x, t_x, T, spend) from the log.
export type { CustomerColumns } from './models/summary/CustomerColumns.js';
export {
  type FrequencyInput,
  type FrequencyRow,
  type FrequencyRows,
  groupFrequencyRows,
  toFrequencyRows,
} from './models/summary/FrequencyRows.js';
export {
  type CustomerRfm,
  type DateLike,
  type RfmSummary,
  type SummaryOptions,
  summarizeCustomers,
  summarizeCustomersAsync,
} from './models/summary/summarizeCustomers.js';
export { type TimeUnit, unitDays } from './models/summary/timeUnit.js';
export {
  type RepeatPurchaseTracking,
  type TrackingOptions,
  trackRepeatPurchases,
} from './models/summary/trackRepeatPurchases.js';
// Personal data: per-customer encryption and crypto-shredding (the right to be forgotten).
export { createFileKeyStore } from './privacy/createFileKeyStore.js';
export { createMemoryKeyStore } from './privacy/createMemoryKeyStore.js';
export {
  createPrivateLog,
  type ForgetOptions,
  type ForgetResult,
  type PrivateLog,
  type PrivateLogOptions,
} from './privacy/createPrivateLog.js';
export type { CustomerKey, KeyStore } from './privacy/KeyStore.js';
export { PrivacyError } from './privacy/PrivacyError.js';
export { defaultPersonalFields, type PersonalFields } from './privacy/personalFields.js';
export { ERASED, isSealedValue, openValue, sealValue } from './privacy/sealValue.js';
// Projection: every customer's state at any time, live projections, portfolio views.
export type { CustomerFacts, CustomerState, StageEntry } from './projection/CustomerState.js';
export { compareEvents } from './projection/compareEvents.js';
export {
  createLifecycle,
  defaultActiveStages,
  type Lifecycle,
  type LifecycleOptions,
  type ProjectEventsOptions,
  type ProjectionSource,
  type ProjectOptions,
} from './projection/createLifecycle.js';
export type {
  LiveProjection,
  LiveStateOptions,
  LiveValuedStateOptions,
  StageChange,
  StageChangeListener,
} from './projection/LiveProjection.js';
export type { LiveProjectionOptions } from './projection/LiveProjectionOptions.js';
export { findCustomer, type Projection } from './projection/Projection.js';
export { ProjectionError } from './projection/ProjectionError.js';
export {
  type ProjectionSnapshot,
  SNAPSHOT_FORMAT,
  SNAPSHOT_VERSION,
  type SnapshotCustomer,
} from './projection/ProjectionSnapshot.js';
export {
  type AttritionRate,
  type AttritionRateOptions,
  attritionRate,
  YEAR_MS,
} from './projection/portfolio/attritionRate.js';
export {
  type Cohort,
  type CohortRetention,
  type CohortRetentionOptions,
  cohortRetention,
} from './projection/portfolio/cohortRetention.js';
export {
  type FunnelConversion,
  type FunnelConversionOptions,
  type FunnelStep,
  funnelConversion,
} from './projection/portfolio/funnelConversion.js';
export {
  type ReplacementNeeds,
  type ReplacementNeedsOptions,
  replacementNeeds,
} from './projection/portfolio/replacementNeeds.js';
export { stageAt } from './projection/portfolio/stageAt.js';
export {
  type StageCounts,
  type StageCountsOptions,
  stageCounts,
} from './projection/portfolio/stageCounts.js';
export type { ProjectCustomersOptions } from './projection/projectCustomers.js';
// The self-contained HTML report.
export { buildReportData, histogram, type ReportDataOptions } from './report/buildReportData.js';
export {
  buildReportDataFromLog,
  type ReportFromLogOptions,
} from './report/buildReportDataFromLog.js';
export { embedJson, escapeHtml } from './report/embedJson.js';
export {
  type ProjectWithValuesOptions,
  projectWithValues,
  type ValuedProjection,
} from './report/projectWithValues.js';
export type { Histogram, ReportCustomer, ReportData } from './report/ReportData.js';
export { renderReport } from './report/renderReport.js';
// The seeded sample business, for demos, tests and benchmarks.
export { createSeededRandom, type SeededRandom } from './sample/createSeededRandom.js';
export {
  CDNOW_PURCHASE_MODEL,
  generateSampleBusiness,
  type SampleBusinessOptions,
} from './sample/generateSampleBusiness.js';
export { type SampleProduct, sampleCategories, sampleProducts } from './sample/sampleProducts.js';
export type { SamplePurchaseModel } from './sample/simulatePerson.js';
export {
  type ChurnBand,
  type ChurnRisk,
  type CustomerLifetimeValue,
  type CustomerValuation,
  churnBand,
} from './valuation/CustomerValuation.js';
export {
  type BgNbdCheck,
  checkHoldout,
  type HoldoutCheck,
  type HoldoutCheckFigures,
  type HoldoutCheckOptions,
  type ParetoNbdCheck,
  type TrackingPeriod,
} from './valuation/checkHoldout.js';
export { type CustomerEquity, customerEquity } from './valuation/customerEquity.js';
export {
  type PAliveThresholds,
  retentionInputFromValuation,
} from './valuation/retentionInputFromValuation.js';
export type {
  ChurnBands,
  ChurnOptions,
  ClvOptions,
  FittedPurchaseModelName,
  ModelChoice,
  PurchaseModelChoice,
  PurchaseModelName,
} from './valuation/ValuationOptions.js';
export type { ModelFitReport, ValuationReport } from './valuation/ValuationReport.js';
export { type ValueProjectionOptions, valueProjection } from './valuation/valueProjection.js';
