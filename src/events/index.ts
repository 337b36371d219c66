export { canonicalJson } from './canonicalJson.js';
export {
  type BuiltInEvent,
  type BuiltInEventType,
  builtInEventTypes,
  type EventData,
} from './catalog/builtInEventTypes.js';
export {
  createEventCatalog,
  defaultEventCatalog,
  type EventCatalog,
} from './createEventCatalog.js';
export { defineEventType, type EventType, type EventTypeOptions } from './defineEventType.js';
export { formatTime, normalizeTime } from './normalizeTime.js';
export type { EventInput, EventMeta, StoredEvent, TenureEvent } from './TenureEvent.js';
export { type ValidationResult, validateEvents } from './validateEvents.js';
