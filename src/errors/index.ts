export { ConcurrencyError } from './ConcurrencyError.js';
export { CorruptLogError } from './CorruptLogError.js';
export { DuplicateEventError } from './DuplicateEventError.js';
export { type EventIssue, EventValidationError } from './EventValidationError.js';
export { LogLockedError } from './LogLockedError.js';
export { isTenureError, TenureError } from './TenureError.js';
