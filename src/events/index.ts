export { canonicalJson } from './canonicalJson.js';
export {
  type BuiltInEvent,
  type BuiltInEventDefinition,
  type BuiltInEventType,
  builtInEventTypes,
  type EventData,
} from './catalog/builtInEventTypes.js';
export { eventVoided } from './catalog/correctionEvents.js';
export { customerForgotten, customerProfile } from './catalog/privacyEvents.js';
export {
  createEventCatalog,
  defaultEventCatalog,
  type EventCatalog,
} from './createEventCatalog.js';
export {
  defineEventType,
  type EventOf,
  type EventType,
  type EventTypeOptions,
  type Upcaster,
} from './defineEventType.js';
export { dropVoided, VOIDED_EVENT_TYPE } from './dropVoided.js';
export { isBookkeepingEvent } from './isBookkeepingEvent.js';
export { formatTime, normalizeTime } from './normalizeTime.js';
export type {
  EventInput,
  EventInputOf,
  EventMeta,
  StoredEvent,
  StoredEventOf,
  TenureEvent,
} from './TenureEvent.js';
export { UpcastError } from './UpcastError.js';
export { upcastData, upcastEvent, upcastOnRead } from './upcastEvent.js';
export { type ValidationResult, validateEvents } from './validateEvents.js';
