import type { EventCatalog } from './createEventCatalog.js';
import type { EventType } from './defineEventType.js';
import type { TenureEvent } from './TenureEvent.js';
import { UpcastError } from './UpcastError.js';

/**
 * Brings an event written with an older schema version of its type to the current one, by
 * applying the type's upcasters in turn (v1 -> v2 -> v3 ...), and stamps `meta.schemaVersion`.
 * Events already current, and events of types the catalogue does not know, are returned as
 * they are. The input is never changed: the stored bytes stay what was written.
 *
 * @throws UpcastError `TENURE_UNKNOWN_SCHEMA_VERSION` for a version newer than the catalogue's,
 *   `TENURE_MISSING_UPCASTER` when a step has no upcaster, `TENURE_UPCAST_FAILED` when one throws.
 * @example
 * ```ts
 * const current = upcastEvent(storedV1Event, createEventCatalog([orderPlacedV3]));
 * current.meta?.schemaVersion; // 3
 * ```
 */
export function upcastEvent<TEvent extends TenureEvent>(
  event: TEvent,
  catalog: EventCatalog,
  api = 'upcastEvent',
): TEvent {
  const definition = catalog.get(event.type);
  if (definition === undefined) return event;
  const written = event.meta?.schemaVersion ?? definition.version;
  if (written === definition.version) return event;
  const data = upcastData(event.data, written, definition, event.id, api);
  return { ...event, data, meta: { ...event.meta, schemaVersion: definition.version } };
}

/**
 * The `data` of version `from` of `definition`'s type, upcast to its current version.
 *
 * @throws UpcastError as {@link upcastEvent}.
 * @example
 * ```ts
 * upcastData({ total: 5 }, 1, orderPlaced, 'e1'); // { amount: 5, currency: 'EUR' }
 * ```
 */
export function upcastData(
  data: unknown,
  from: number,
  definition: EventType,
  eventId: string,
  api = 'upcastData',
): unknown {
  const who = { eventId, eventType: definition.type, schemaVersion: from };
  const name = `event ${JSON.stringify(eventId)} (type "${definition.type}")`;
  if (!Number.isInteger(from) || from < 1 || from > definition.version) {
    throw new UpcastError(
      'TENURE_UNKNOWN_SCHEMA_VERSION',
      `${api}: ${name} has schema version ${String(from)}, but this catalogue knows versions 1 to ${definition.version} of "${definition.type}". It was written by a newer program: upgrade this one, or define version ${String(from)} of the type with its upcasters.`,
      who,
    );
  }
  let current = data;
  for (let version = from; version < definition.version; version++) {
    const upcaster = definition.upcasters?.[version];
    if (upcaster === undefined) {
      throw new UpcastError(
        'TENURE_MISSING_UPCASTER',
        `${api}: ${name} has schema version ${from}, and "${definition.type}" has no upcaster from version ${version} to ${version + 1}; add upcasters: { ${version}: (data) => ... } to its defineEventType.`,
        who,
      );
    }
    try {
      current = (upcaster as (data: unknown) => unknown)(current);
    } catch (cause) {
      throw new UpcastError(
        'TENURE_UPCAST_FAILED',
        `${api}: the upcaster of "${definition.type}" from version ${version} to ${version + 1} threw on ${name}: ${(cause as Error)?.message ?? String(cause)}. Fix the upcaster so it accepts every stored version-${version} payload.`,
        who,
        { cause },
      );
    }
  }
  return current;
}

/**
 * A log read with every event upcast to its type's current version (see {@link upcastEvent}):
 * the one function the file and PostgreSQL logs apply on read.
 *
 * @example
 * ```ts
 * for await (const event of upcastOnRead(rawRead, catalog)) fold(event);
 * ```
 */
export function upcastOnRead<TEvent extends TenureEvent>(
  events: AsyncIterable<TEvent>,
  catalog: EventCatalog,
): AsyncIterable<TEvent> {
  return {
    [Symbol.asyncIterator]() {
      const inner = events[Symbol.asyncIterator]();
      const map = (result: IteratorResult<TEvent>): IteratorResult<TEvent> =>
        result.done === true
          ? result
          : { done: false, value: upcastEvent(result.value, catalog, 'log.read') };
      const iterator: AsyncIterableIterator<TEvent> = {
        next: () => inner.next().then(map),
        return: async (value?: unknown) =>
          inner.return === undefined
            ? { done: true, value: undefined }
            : (inner.return(value) as Promise<IteratorResult<TEvent>>),
        [Symbol.asyncIterator]: () => iterator,
      };
      return iterator;
    },
  };
}
