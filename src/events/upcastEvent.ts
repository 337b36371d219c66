import type { StandardSchemaV1 } from '@standard-schema/spec';
import { compileSchema, REFUSED } from './compileSchema.js';
import type { EventCatalog } from './createEventCatalog.js';
import type { EventType } from './defineEventType.js';
import { type DescribedIssue, describeSchemaIssue } from './describeSchemaIssue.js';
import { describeNonJsonValue, findNonJsonValue, JSON_VALUE } from './findNonJsonValue.js';
import type { TenureEvent } from './TenureEvent.js';
import { UpcastError } from './UpcastError.js';

/**
 * Brings an event written with an older schema version of its type to the current one, by
 * applying the type's upcasters in turn (v1 -> v2 -> v3 ...), checks the result against the
 * type's current schema (its output becomes `data`, as an append of the old event would store
 * it), and stamps `meta.schemaVersion`. Events already current, and events of types the
 * catalogue does not know, are returned as they are. The input is never changed: the stored
 * bytes stay what was written. A type whose schema validates asynchronously cannot be checked
 * here (reads are synchronous): its upcast data is returned unchecked.
 *
 * @throws UpcastError `TENURE_UNKNOWN_SCHEMA_VERSION` for a version newer than the catalogue's
 *   (or not a version), `TENURE_MISSING_UPCASTER` when a step has no upcaster,
 *   `TENURE_UPCAST_FAILED` when one throws or returns a Promise, or the data it makes does not
 *   match the current schema (the message names the field, what was expected and received).
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
  const upcast = upcastData(event.data, written, definition, event.id, api);
  const data = checkUpcast(upcast, written, definition, event.id, api);
  return { ...event, data, meta: { ...event.meta, schemaVersion: definition.version } };
}

/**
 * The `data` of version `from` of `definition`'s type, upcast to its current version. Not
 * checked against the current schema: {@link upcastEvent} and `validateEvents` do that.
 *
 * @throws UpcastError as {@link upcastEvent}, but for a schema mismatch.
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
  const result = tryUpcastData(data, from, definition);
  if (result.ok) return result.data;
  const who = { eventId, eventType: definition.type, schemaVersion: from };
  const name = `event ${JSON.stringify(eventId)} (type "${definition.type}")`;
  const { type, version } = definition;
  switch (result.failure) {
    case 'unknown-version':
      throw new UpcastError(
        'TENURE_UNKNOWN_SCHEMA_VERSION',
        from < 1 || !Number.isInteger(from)
          ? `${api}: ${name} has schema version ${String(from)}, which is not a version: versions are integers from 1, and this catalogue knows 1 to ${version} of "${type}". Mend the event's meta.schemaVersion.`
          : `${api}: ${name} has schema version ${from}, but this catalogue knows versions 1 to ${version} of "${type}". It was written by a newer program: upgrade this one, or define version ${from} of the type with its upcasters.`,
        who,
      );
    case 'missing-upcaster':
      throw new UpcastError(
        'TENURE_MISSING_UPCASTER',
        `${api}: ${name} has schema version ${from}, and "${type}" has no upcaster from version ${result.step} to ${result.step + 1}; add upcasters: { ${result.step}: (data) => ... } to its defineEventType.`,
        who,
      );
    case 'upcaster-failed':
      throw new UpcastError(
        'TENURE_UPCAST_FAILED',
        `${api}: ${name}: the upcaster from version ${result.step} to ${result.step + 1} ${result.reason}. Fix the upcaster so it accepts every stored version-${result.step} payload${result.promise ? " and returns the next version's data itself (logs upcast as they read, synchronously)" : ''}.`,
        who,
        { cause: result.cause },
      );
  }
}

/** What {@link tryUpcastData} returns: the upcast data, or why there is none. */
export type UpcastResult =
  | { readonly ok: true; readonly data: unknown }
  | { readonly ok: false; readonly failure: 'unknown-version' }
  | { readonly ok: false; readonly failure: 'missing-upcaster'; readonly step: number }
  | {
      readonly ok: false;
      readonly failure: 'upcaster-failed';
      /** The version the failing upcaster reads. */
      readonly step: number;
      /** What went wrong, as a message continues "the upcaster ... ": `threw: no total`. */
      readonly reason: string;
      readonly promise: boolean;
      readonly cause?: unknown;
    };

/**
 * {@link upcastData} with its failures as data, for callers that report rather than throw
 * (`validateEvents`). Internal.
 */
export function tryUpcastData(data: unknown, from: number, definition: EventType): UpcastResult {
  if (!Number.isInteger(from) || from < 1 || from > definition.version) {
    return { ok: false, failure: 'unknown-version' };
  }
  let current = copyOf(data);
  for (let step = from; step < definition.version; step++) {
    const upcaster = definition.upcasters?.[step];
    if (upcaster === undefined) return { ok: false, failure: 'missing-upcaster', step };
    try {
      current = (upcaster as (data: unknown) => unknown)(current);
    } catch (cause) {
      const reason = `threw: ${(cause as Error)?.message ?? String(cause)}`;
      return { ok: false, failure: 'upcaster-failed', step, reason, promise: false, cause };
    }
    if (isThenable(current)) {
      // Its result would be validated as a Promise, and a rejection would go unheard.
      (current as Promise<unknown>).then(undefined, () => undefined);
      const reason = 'returned a Promise (an async function?); upcasters must be synchronous';
      return { ok: false, failure: 'upcaster-failed', step, reason, promise: true };
    }
  }
  return { ok: true, data: current };
}

/**
 * A copy for the upcasters: one that edits its argument in place must change neither the
 * caller's event (a retry sends it again) nor a read's source. Old events only pay for it.
 */
function copyOf(data: unknown): unknown {
  if (typeof data !== 'object' || data === null) return data;
  try {
    return structuredClone(data);
  } catch {
    // Not cloneable (a function inside): not JSON either, and refused after the upcast.
    return data;
  }
}

function isThenable(value: unknown): boolean {
  return (
    (typeof value === 'object' || typeof value === 'function') &&
    value !== null &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}

/**
 * The current schema's output for data the upcasters made, as an append would store it.
 *
 * @throws UpcastError `TENURE_UPCAST_FAILED` naming each field the schema refuses, or the first
 *   value JSON would not keep (an append refuses it too).
 */
function checkUpcast(
  data: unknown,
  from: number,
  definition: EventType,
  eventId: string,
  api: string,
): unknown {
  const compiled = compileSchema(definition.schema);
  const fast = compiled === undefined ? REFUSED : compiled(data);
  let output = fast;
  if (fast === REFUSED) {
    const result = definition.schema['~standard'].validate(data);
    if (isThenable(result)) {
      (result as Promise<unknown>).then(undefined, () => undefined);
      return data;
    }
    const { issues } = result as StandardSchemaV1.Result<unknown>;
    if (issues !== undefined) {
      const described = issues.map((issue) => describeSchemaIssue(issue, 'data'));
      throw mismatch(described, from, definition, eventId, api);
    }
    output = (result as StandardSchemaV1.SuccessResult<unknown>).value;
  }
  // As an append would refuse it: a value JSON would not keep.
  const nonJson = output === undefined ? undefined : findNonJsonValue(output, 'data');
  if (nonJson !== undefined) {
    const received = describeNonJsonValue(nonJson.value);
    throw mismatch(
      [{ path: nonJson.path, expected: JSON_VALUE, received }],
      from,
      definition,
      eventId,
      api,
    );
  }
  return output;
}

/** The error for upcast data the current version refuses, naming each field. */
function mismatch(
  issues: readonly DescribedIssue[],
  from: number,
  definition: EventType,
  eventId: string,
  api: string,
): UpcastError {
  const { type, version } = definition;
  const fields = issues
    .map(({ path, expected, received }) => `${path}: expected ${expected}, received ${received}`)
    .join('; ');
  return new UpcastError(
    'TENURE_UPCAST_FAILED',
    `${api}: event ${JSON.stringify(eventId)} (type "${type}"), written with version ${from}, does not match version ${version} once upcast: ${fields}. Fix the upcasters of "${type}" so that they make valid version-${version} data of every stored version-${from} payload.`,
    { eventId, eventType: type, schemaVersion: from },
  );
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
