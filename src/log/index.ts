export { createMemoryLog, type MemoryLogOptions } from './createMemoryLog.js';
export type {
  AppendOptions,
  AppendResult,
  EventLog,
  ReadOptions,
  VerifyResult,
} from './EventLog.js';
export { eventFingerprint } from './eventFingerprint.js';
export {
  ANY_VERSION,
  type ExpectedVersion,
  matchesExpectedVersion,
  NO_STREAM,
  STREAM_EXISTS,
} from './expectedVersion.js';
export { createFileLog, type FileLogOptions } from './file/createFileLog.js';
export { verifyFileLog } from './file/verifyFileLog.js';
