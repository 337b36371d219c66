import type { StandardSchemaV1 } from '@standard-schema/spec';
import * as v from 'valibot';
import type { EventIssue } from '../errors/EventValidationError.js';
import { unknownKey } from '../errors/unknownOption.js';
import { builtInEventTypes } from './catalog/builtInEventTypes.js';
import { identifier, label } from './catalog/fields.js';
import { compileSchema, REFUSED } from './compileSchema.js';
import type { EventCatalog } from './createEventCatalog.js';
import type { EventType } from './defineEventType.js';
import { describeReceived, describeSchemaIssue } from './describeSchemaIssue.js';
import {
  describeNonJsonValue,
  findNonJsonValue,
  JSON_VALUE,
  type NonJsonValue,
} from './findNonJsonValue.js';
import { normalizeTime } from './normalizeTime.js';
import type { EventMeta, TenureEvent } from './TenureEvent.js';
import { tryUpcastData, type UpcastResult } from './upcastEvent.js';

/** The result of {@link validateEvents}: the normalised events, or every issue found. */
export type ValidationResult =
  | { readonly ok: true; readonly events: readonly TenureEvent[] }
  | { readonly ok: false; readonly issues: readonly EventIssue[] };

const UNSAFE_KEYS = ['__proto__', 'constructor', 'prototype'];

const envelopeSchema = v.strictObject({
  id: identifier,
  type: v.pipe(
    v.string(),
    v.minLength(1, 'a non-empty string'),
    v.maxLength(128, 'at most 128 characters'),
  ),
  customerId: identifier,
  at: v.custom<string | number | Date>(
    (value) => normalizeTime(value) !== undefined,
    (issue) => expectedTime(issue.input),
  ),
  data: v.unknown(),
  meta: v.optional(
    v.pipe(
      v.custom<Record<string, unknown>>(
        (value) =>
          typeof value !== 'object' ||
          value === null ||
          !UNSAFE_KEYS.some((key) => Object.hasOwn(value, key)),
        'meta without the keys __proto__, constructor or prototype',
      ),
      v.looseObject({
        source: v.optional(label),
        correlationId: v.optional(identifier),
        causationId: v.optional(identifier),
        schemaVersion: v.optional(
          v.pipe(v.number(), v.integer('an integer'), v.minValue(1, 'an integer >= 1')),
        ),
      }),
    ),
  ),
});

/** Fractional numbers below this are read as epoch seconds in a hint (as ms: before 1971-03). */
const SECONDS_BELOW = 1e11;

/**
 * What `at` must be; for a fractional number (seconds are a common slip) or a leap second, how
 * to mend it.
 */
function expectedTime(value: unknown): string {
  let hint = '';
  if (typeof value === 'number' && Number.isFinite(value) && !Number.isInteger(value)) {
    const millis = Math.round(value * 1000);
    hint =
      Math.abs(value) < SECONDS_BELOW
        ? ` (${value} looks like epoch seconds, ${new Date(millis).toISOString()}: multiply by 1000 and round)`
        : ` (round ${value} to a whole millisecond)`;
  }
  // Epoch milliseconds have no leap second (23:59:60), and neither has a JavaScript Date.
  const leapSecond =
    typeof value === 'string' && /^[^Tt ]+[Tt ]\d{2}:\d{2}:60/.test(value)
      ? ' (a leap second, :60, cannot be stored: write :59.999 instead)'
      : '';
  return `an ISO-8601 time with a zone (e.g. "2024-05-01T12:00:00Z"), a date ("2024-05-01"), integer epoch milliseconds${hint} or a valid Date${leapSecond}`;
}

/**
 * Validates a batch of events against a catalogue and normalises them (`at` to epoch ms, `data`
 * to the schema's output, `meta.schemaVersion` stamped). Expected failures come back as data:
 * every issue of every event, each naming the event's index, id, field path and expectation.
 *
 * @example
 * ```ts
 * const result = await validateEvents([{ id: 'e1', type: 'purchase', customerId: 'c1',
 *   at: '2024-05-01', data: { orderId: 'o1', amount: 20, currency: 'EUR' } }], defaultEventCatalog);
 * if (!result.ok) console.log(result.issues[0]?.message);
 * ```
 */
export async function validateEvents(
  inputs: readonly unknown[],
  catalog: EventCatalog,
): Promise<ValidationResult> {
  const issues: EventIssue[] = [];
  const events: TenureEvent[] = new Array(inputs.length);
  // An import of many rows of one unknown type looks its nearest known type up once.
  const nearTypes = new Map<string, string>();
  for (let index = 0; index < inputs.length; index++) {
    const input = inputs[index];
    const fast = validateFast(input, catalog);
    if (fast !== undefined) {
      events[index] = fast;
      continue;
    }
    const envelope = v.safeParse(envelopeSchema, input);
    const eventId = pick(input, 'id');
    const eventType = pick(input, 'type');
    const context = { index, eventId, eventType };
    // Without a version, the data cannot be checked against one: its issues would mislead.
    let versionUnknown = false;
    // A field's first refused check is enough: Infinity is "not finite", not also "too large";
    // and missing `data` is said once, by the envelope, not again by the type's schema.
    const paths = new Set<string>();
    if (!envelope.success) {
      for (const issue of envelope.issues) {
        const found = toIssue(context, issue as unknown as StandardSchemaV1.Issue, '');
        if (found.path === 'meta.schemaVersion') versionUnknown = true;
        paths.add(found.path);
        issues.push(found);
      }
    }
    const definition = eventType === undefined ? undefined : catalog.get(eventType);
    if (definition === undefined) {
      if (eventType !== undefined) {
        const expected = knownType(eventType, catalog, nearTypes);
        issues.push(makeIssue(context, 'type', expected, JSON.stringify(eventType)));
      }
      continue;
    }
    if (versionUnknown) continue;
    const meta = envelope.success ? envelope.output.meta : undefined;
    const written = meta?.schemaVersion ?? definition.version;
    const schemaVersion = definition.version;
    let data = (input as { data?: unknown }).data;
    if (written !== schemaVersion) {
      // An older version is accepted through the type's upcasters, then validated as current.
      const upcast = tryUpcastData(data, written, definition);
      if (!upcast.ok) {
        issues.push(upcastIssue(context, upcast, data, written, definition));
        continue;
      }
      data = upcast.data;
    }
    let result = definition.schema['~standard'].validate(data);
    if (result instanceof Promise) result = await result;
    if (result.issues !== undefined) {
      // Fields the upcasters made are not what the caller wrote: say where they came from.
      const made =
        written === schemaVersion
          ? ''
          : ` in version ${schemaVersion}, which the upcasters made of the version-${written} data given`;
      for (const issue of result.issues) {
        const { path, expected, received } = describeSchemaIssue(issue, 'data');
        if (paths.has(path)) continue;
        paths.add(path);
        issues.push(makeIssue(context, path, `${expected}${made}`, received));
      }
      continue;
    }
    const nonJson = findNonJson(definition, result.value, meta);
    if (nonJson !== undefined) {
      issues.push(
        makeIssue(context, nonJson.path, JSON_VALUE, describeNonJsonValue(nonJson.value)),
      );
      continue;
    }
    if (!envelope.success) continue;
    const { id, type, customerId, at } = envelope.output;
    const event: TenureEvent = {
      id,
      type,
      customerId,
      at: normalizeTime(at) as number,
      data: result.value,
      meta: { ...(meta as EventMeta | undefined), schemaVersion },
    };
    events[index] = event;
  }
  return issues.length === 0 ? { ok: true, events } : { ok: false, issues };
}

const checkEnvelope = compileSchema(envelopeSchema);

/**
 * The common case, through the compiled schemas (`compileSchema`): an event whose envelope and
 * data are valid, written with its type's current schema version. Returns the normalised event,
 * exactly as the full way below builds it, or `undefined` to go the full way (which reports the
 * issues, upcasts older versions, and validates schemas that cannot be compiled).
 */
function validateFast(input: unknown, catalog: EventCatalog): TenureEvent | undefined {
  const envelope = checkEnvelope?.(input) ?? REFUSED;
  // The full way looks the type up only when it is an own property (`pick`).
  if (envelope === REFUSED || !Object.hasOwn(input as object, 'type')) return undefined;
  const { id, type, customerId, at, meta } = envelope as v.InferOutput<typeof envelopeSchema>;
  const definition = catalog.get(type);
  if (definition === undefined) return undefined;
  const schemaVersion = definition.version;
  if (meta?.schemaVersion !== undefined && meta.schemaVersion !== schemaVersion) return undefined;
  const checkData = compileSchema(definition.schema);
  if (checkData === undefined) return undefined;
  const data = checkData((input as { data?: unknown }).data);
  if (data === REFUSED || findNonJson(definition, data, meta) !== undefined) return undefined;
  return {
    id,
    type,
    customerId,
    at: normalizeTime(at) as number,
    data,
    // The compiled schema's `meta` is a fresh copy: stamping it changes no caller's object.
    meta: meta === undefined ? { schemaVersion } : Object.assign(meta, { schemaVersion }),
  };
}

/** Built-in schemas admit JSON values only: their data need not be walked. */
const BUILT_IN: ReadonlySet<EventType> = new Set(builtInEventTypes);

/** The first value of `data` (of a type of your own) or of `meta` that JSON would not keep. */
function findNonJson(
  definition: EventType,
  data: unknown,
  meta: unknown,
): NonJsonValue | undefined {
  return (
    (BUILT_IN.has(definition) || data === undefined ? undefined : findNonJsonValue(data, 'data')) ??
    (meta === undefined ? undefined : findNonJsonValue(meta, 'meta'))
  );
}

interface IssueContext {
  readonly index: number;
  readonly eventId: string | undefined;
  readonly eventType: string | undefined;
}

function pick(input: unknown, key: 'id' | 'type'): string | undefined {
  if (typeof input !== 'object' || input === null || !Object.hasOwn(input, key)) return undefined;
  const value = (input as Record<string, unknown>)[key];
  return typeof value === 'string' && value.length > 0 && value.length <= 256 ? value : undefined;
}

function toIssue(context: IssueContext, issue: StandardSchemaV1.Issue, prefix: string): EventIssue {
  const { path, expected, received } = describeSchemaIssue(issue, prefix);
  return makeIssue(context, path, expected, received);
}

/** The issue of an older version the upcasters cannot bring to the current one. */
function upcastIssue(
  context: IssueContext,
  upcast: Exclude<UpcastResult, { ok: true }>,
  data: unknown,
  written: number,
  definition: EventType,
): EventIssue {
  const { type, version } = definition;
  if (upcast.failure === 'upcaster-failed') {
    const expected = `version-${upcast.step} data that the upcaster of "${type}" to version ${upcast.step + 1} accepts (it ${upcast.reason})`;
    return makeIssue(context, 'data', expected, describeReceived(data));
  }
  if (upcast.failure === 'missing-upcaster') {
    let oldest = version;
    while (oldest > 1 && definition.upcasters?.[oldest - 1] !== undefined) oldest--;
    const readable = Array.from({ length: version - oldest + 1 }, (_, i) => String(oldest + i));
    const list =
      readable.length === 1 ? readable[0] : `${readable.slice(0, -1).join(', ')} or ${version}`;
    const expected = `a version of "${type}" this catalogue reads: ${list} (it has no upcaster from version ${upcast.step} to ${upcast.step + 1})`;
    return makeIssue(context, 'meta.schemaVersion', expected, String(written));
  }
  const expected = `version ${version} of "${type}" (the newest this catalogue knows), or an older one it has upcasters for`;
  return makeIssue(context, 'meta.schemaVersion', expected, String(written));
}

function makeIssue(
  context: IssueContext,
  path: string,
  expected: string,
  received: string,
): EventIssue {
  const who = `event #${context.index}${context.eventId === undefined ? '' : ` (id ${JSON.stringify(context.eventId)}${context.eventType === undefined ? '' : `, type ${JSON.stringify(context.eventType)}`})`}`;
  const where = path === '' ? 'the event' : path;
  return {
    ...context,
    path,
    expected,
    received,
    message: `${who}: ${where}: expected ${expected}, received ${received}`,
  };
}

/** What an unknown `type` should be, with the catalogue's nearest type when one is near. */
function knownType(type: string, catalog: EventCatalog, cache: Map<string, string>): string {
  let expected = cache.get(type);
  if (expected === undefined) {
    const near = unknownKey(
      { [type]: true },
      catalog.types.map((definition) => definition.type),
    );
    const hint = near?.near === undefined ? '' : `did you mean "${near.near}"?; `;
    expected = `a known event type (${hint}built-in, or defined with defineEventType and passed to the log as eventTypes)`;
    cache.set(type, expected);
  }
  return expected;
}
