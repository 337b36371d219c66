export type {
  AppendOptions,
  AppendResult,
  EventLog,
  ReadOptions,
  VerifyResult,
} from './EventLog.js';
export {
  ANY_VERSION,
  type ExpectedVersion,
  matchesExpectedVersion,
  NO_STREAM,
  STREAM_EXISTS,
} from './expectedVersion.js';
