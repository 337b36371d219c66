export { ConcurrencyError } from './ConcurrencyError.js';
export { CorruptLogError } from './CorruptLogError.js';
export { DuplicateEventError } from './DuplicateEventError.js';
export { type EventIssue, EventValidationError } from './EventValidationError.js';
export { LogClosedError } from './LogClosedError.js';
export { LogLockedError } from './LogLockedError.js';
export { LogReadOnlyError } from './LogReadOnlyError.js';
export { ModelInputError } from './ModelInputError.js';
export { isTenureError, TenureError } from './TenureError.js';
