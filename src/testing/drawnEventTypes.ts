import type { StandardSchemaV1 } from '@standard-schema/spec';
import fc from 'fast-check';
import { describeValue } from '../errors/describeValue.js';
import { builtInEventTypes } from '../events/catalog/builtInEventTypes.js';
import type { EventType } from '../events/defineEventType.js';
import { describeSchemaIssue } from '../events/describeSchemaIssue.js';
import { describeNonJsonValue, findNonJsonValue, JSON_VALUE } from '../events/findNonJsonValue.js';
import { refuseUnknown } from './checkConstraints.js';

/** The validated payload of an event type: `{ plan: 'basic' | 'pro' }` for a trial's. */
export type EventTypeData<TDefinition extends EventType> =
  TDefinition extends EventType<string, infer TData> ? TData : never;

/**
 * An event type of your own for the arbitraries to draw (their `eventTypes` constraint): its
 * definition, an arbitrary of its data (a schema cannot be turned into one in general), and how
 * often to draw it. Each drawn payload is checked against the type's schema, as an append checks
 * it, so the events are valid for a log created with `eventTypes: [type]`.
 *
 * @typeParam TDefinition - the event type, as `defineEventType` returns it.
 * @example
 * ```ts
 * const trial = { type: trialStarted, data: fc.record({ plan: fc.constantFrom('basic', 'pro') }) };
 * validBatchArbitrary({ eventTypes: [trial] }); // built-in events and trials
 * ```
 */
export interface DrawnEventType<TDefinition extends EventType = EventType> {
  /** The event type, as `defineEventType` returns it (not a built-in type's name). */
  readonly type: TDefinition;
  /** An arbitrary of its `data`, e.g. `fc.record({ plan: fc.constantFrom('basic', 'pro') })`. */
  readonly data: fc.Arbitrary<EventTypeData<TDefinition>>;
  /**
   * How often it is drawn, an integer >= 1, as `fc.oneof`'s weights: in events and batches,
   * against a weight of 1 for each built-in type drawn; in journeys, against your other types.
   * Default: 1.
   */
  readonly weight?: number;
}

/** One {@link DrawnEventType} per event type of `TDefinitions`, in its order. */
export type DrawnEventTypes<TDefinitions extends readonly EventType[]> = {
  readonly [K in keyof TDefinitions]: DrawnEventType<TDefinitions[K]>;
};

/** A {@link DrawnEventType} once checked: its name, its checked data, its weight. Internal. */
export interface CheckedEventType {
  readonly type: string;
  readonly data: fc.Arbitrary<unknown>;
  readonly weight: number;
}

const ENTRY_KEYS = ['type', 'data', 'weight'];
/** The names a type of your own may not take: a log's catalogue refuses them. */
const BUILT_IN_TYPES: ReadonlySet<string> = new Set(builtInEventTypes.map(({ type }) => type));

/**
 * Checks the `eventTypes` constraint of `api` when it is called, and returns each entry with a
 * data arbitrary that refuses, with a TypeError naming the type and the issue, a payload the
 * schema or a log would refuse (an append would fail inside the user's property instead).
 */
export function checkDrawnEventTypes(
  api: string,
  eventTypes: unknown,
): readonly CheckedEventType[] {
  if (eventTypes === undefined) return [];
  if (!Array.isArray(eventTypes)) {
    throw new TypeError(
      `${api}: eventTypes must be an array of { type, data, weight? }, received ${describeValue(eventTypes)}.`,
    );
  }
  const seen = new Set<string>();
  return eventTypes.map((entry: unknown, index) => {
    const name = `eventTypes[${index}]`;
    const given = entry as Partial<DrawnEventType> | null;
    if (isEventType(given)) {
      // The log's own option takes the types themselves: the likeliest slip here.
      throw new TypeError(
        `${api}: ${name} is the event type "${given.type}" alone; give { type: yourType, data: fc.record({ ... }) }: the arbitraries need an arbitrary of its data.`,
      );
    }
    if (typeof given !== 'object' || given === null) {
      throw new TypeError(
        `${api}: ${name} must be { type, data, weight? }, received ${describeValue(entry)}.`,
      );
    }
    refuseUnknown(`${api} (${name})`, given, ENTRY_KEYS);
    const definition = given.type;
    if (!isEventType(definition)) {
      throw new TypeError(
        `${api}: ${name}.type must be an event type made by defineEventType, received ${describeValue(definition)}.`,
      );
    }
    const type = definition.type;
    if (BUILT_IN_TYPES.has(type)) {
      throw new TypeError(
        `${api}: ${name}.type is "${type}", a built-in type's name; name built-in types in types, and give yours a prefix of your own (e.g. "acme.${type}").`,
      );
    }
    if (seen.has(type)) {
      throw new TypeError(
        `${api}: ${name}.type "${type}" is given twice; give each event type once (weight says how often it is drawn).`,
      );
    }
    seen.add(type);
    const data = given.data as unknown;
    if (!isArbitrary(data)) {
      throw new TypeError(
        `${api}: ${name}.data must be a fast-check arbitrary of the data of "${type}" (e.g. fc.record({ ... })), received ${describeValue(data)}.`,
      );
    }
    const weight = given.weight ?? 1;
    if (!Number.isSafeInteger(weight) || weight < 1) {
      throw new TypeError(
        `${api}: ${name}.weight must be an integer >= 1, received ${describeValue(weight)}.`,
      );
    }
    return { type, data: data.map((value) => checkData(api, definition, value)), weight };
  });
}

/** True for an event type: a string `type` and a Standard Schema `schema`. */
function isEventType(value: unknown): value is EventType {
  const given = value as Partial<EventType> | null;
  return (
    typeof given === 'object' &&
    given !== null &&
    typeof given.type === 'string' &&
    typeof given.schema === 'object' &&
    given.schema !== null &&
    '~standard' in given.schema
  );
}

/** True for a fast-check arbitrary (duck-typed: the user's fast-check may be another copy). */
function isArbitrary(value: unknown): value is fc.Arbitrary<unknown> {
  const given = value as Partial<fc.Arbitrary<unknown>> | null;
  return (
    typeof given === 'object' &&
    given !== null &&
    typeof given.generate === 'function' &&
    typeof given.map === 'function'
  );
}

/**
 * `data` when the schema of `definition` accepts it and a log can store its output (JSON), as an
 * append checks them; a TypeError naming the type and the first issue otherwise. A schema that
 * validates asynchronously cannot be waited for while drawing: the append checks its data.
 */
function checkData(api: string, definition: EventType, data: unknown): unknown {
  const result = definition.schema['~standard'].validate(data);
  if (result instanceof Promise) {
    // Checked by the append; a rejection here would be unhandled.
    result.catch(() => undefined);
    return data;
  }
  const refused = (problem: string) =>
    new TypeError(
      `${api}: the data arbitrary of "${definition.type}" drew ${shown(data)}, which a log refuses: ${problem}. Draw only data its schema accepts.`,
    );
  if (result.issues !== undefined) {
    const [issue] = result.issues;
    const { path, expected, received } = describeSchemaIssue(
      issue as StandardSchemaV1.Issue,
      'data',
    );
    throw refused(`${path} must be ${expected}, received ${received}`);
  }
  const nonJson = findNonJsonValue(result.value, 'data');
  if (nonJson !== undefined) {
    throw refused(
      `${nonJson.path} must be ${JSON_VALUE}, received ${describeNonJsonValue(nonJson.value)}`,
    );
  }
  return data;
}

/** Drawn data in a message: its JSON when short (fast-check's records are no plain objects). */
function shown(data: unknown): string {
  try {
    const json = JSON.stringify(data);
    if (json !== undefined && json.length <= 120) return json;
  } catch {
    // A cycle or a bigint: the kind has to do.
  }
  return describeValue(data);
}

/**
 * One of `eventTypes` with its data, drawn by weight (shrinking towards the first type given).
 * Internal: the journeys' own events.
 */
export function drawnEventArbitrary(
  eventTypes: readonly CheckedEventType[],
): fc.Arbitrary<{ readonly type: string; readonly data: unknown }> {
  return fc.oneof(
    ...eventTypes.map(({ type, data, weight }) => ({
      weight,
      arbitrary: data.map((value) => ({ type, data: value })),
    })),
  );
}
