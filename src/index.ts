/**
 * tenure: customer life-cycle projections from an append-only event log.
 *
 * @packageDocumentation
 */

export {
  ConcurrencyError,
  CorruptLogError,
  DuplicateEventError,
  type EventIssue,
  EventValidationError,
  isTenureError,
  LogLockedError,
  TenureError,
} from './errors/index.js';
export {
  type BuiltInEvent,
  type BuiltInEventType,
  builtInEventTypes,
  canonicalJson,
  createEventCatalog,
  defaultEventCatalog,
  defineEventType,
  type EventCatalog,
  type EventData,
  type EventInput,
  type EventMeta,
  type EventType,
  type EventTypeOptions,
  formatTime,
  normalizeTime,
  type StoredEvent,
  type TenureEvent,
  type ValidationResult,
  validateEvents,
} from './events/index.js';
export {
  ANY_VERSION,
  type AppendOptions,
  type AppendResult,
  type EventLog,
  type ExpectedVersion,
  matchesExpectedVersion,
  NO_STREAM,
  type ReadOptions,
  STREAM_EXISTS,
  type VerifyResult,
} from './log/index.js';
