import { describeValue } from '../errors/describeValue.js';
import { builtInEventTypes } from './catalog/builtInEventTypes.js';
import { defineEventType, type EventType } from './defineEventType.js';

/** The set of event types a log accepts: the built-ins plus any of your own. */
export interface EventCatalog {
  /** The definition of `type`, or `undefined` when the type is unknown. */
  get(type: string): EventType | undefined;
  /** Every type, built-ins first. */
  readonly types: readonly EventType[];
}

/**
 * Builds the catalogue of accepted event types: every built-in type plus `custom`.
 *
 * @throws TypeError when `custom` is not an array of event types (a schema given as one, a type
 *   built by hand that `defineEventType` would refuse), or a custom type reuses a name already in
 *   the catalogue.
 * @example
 * ```ts
 * const catalog = createEventCatalog([trialStarted]);
 * catalog.get('purchase')?.version; // 1
 * ```
 */
export function createEventCatalog(custom: readonly EventType[] = []): EventCatalog {
  if (!Array.isArray(custom)) {
    throw new TypeError(
      `${API}: expected an array of event types made by defineEventType, received ${describeValue(custom)}; pass [myType], not myType.`,
    );
  }
  custom.forEach(checkEventType);
  const byType = new Map<string, EventType>();
  for (const definition of [...builtInEventTypes, ...custom] as EventType[]) {
    if (byType.has(definition.type)) {
      throw new TypeError(
        `createEventCatalog: event type "${definition.type}" is defined twice; give your type a name of its own, e.g. "acme.${definition.type}".`,
      );
    }
    byType.set(definition.type, definition);
  }
  const types = Object.freeze([...byType.values()]);
  return { get: (type) => byType.get(type), types };
}

/** Named so, as a log's `eventTypes` come here and a caller may not know this function. */
const API = "createEventCatalog (a log's eventTypes)";

/**
 * Refuses what is not an event type (a schema passed as one would leave its events "unknown"),
 * and checks one built by hand as `defineEventType` checks its options.
 */
function checkEventType(definition: unknown, index: number): void {
  const given = definition as Partial<EventType> | null;
  // A valibot schema has a `type` too ('object'): tell it by its Standard Schema key.
  const isSchema = typeof given === 'object' && given !== null && '~standard' in given;
  if (isSchema || typeof given !== 'object' || given === null || typeof given.type !== 'string') {
    throw new TypeError(
      isSchema
        ? `${API}: eventTypes[${index}] is a schema, not an event type: wrap it, defineEventType({ type: 'acme.my-type', schema }).`
        : `${API}: eventTypes[${index}] is ${describeValue(definition)}, not an event type: make one with defineEventType({ type, schema }).`,
    );
  }
  const { type, schema, version, description, upcasters } = given as EventType;
  defineEventType({ type, schema, version, description, ...(upcasters && { upcasters }) });
}

/** The catalogue of built-in types only, shared by logs created without `eventTypes`. */
export const defaultEventCatalog: EventCatalog = createEventCatalog();
