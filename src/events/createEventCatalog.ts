import { builtInEventTypes } from './catalog/builtInEventTypes.js';
import type { EventType } from './defineEventType.js';

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
 * @throws TypeError when a custom type reuses a name already in the catalogue.
 * @example
 * ```ts
 * const catalog = createEventCatalog([trialStarted]);
 * catalog.get('purchase')?.version; // 1
 * ```
 */
export function createEventCatalog(custom: readonly EventType[] = []): EventCatalog {
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

/** The catalogue of built-in types only, shared by logs created without `eventTypes`. */
export const defaultEventCatalog: EventCatalog = createEventCatalog();
