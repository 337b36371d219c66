import type { StandardSchemaV1 } from '@standard-schema/spec';
import * as v from 'valibot';
import { describeValue } from '../errors/describeValue.js';
import type { EventIssue } from '../errors/EventValidationError.js';
import { identifier, label } from './catalog/fields.js';
import { compileSchema, REFUSED } from './compileSchema.js';
import type { EventCatalog } from './createEventCatalog.js';
import { normalizeTime } from './normalizeTime.js';
import type { EventMeta, TenureEvent } from './TenureEvent.js';
import { UpcastError } from './UpcastError.js';
import { upcastData } from './upcastEvent.js';

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
    'an ISO-8601 time with a zone (e.g. "2024-05-01T12:00:00Z"), a date ("2024-05-01"), integer epoch milliseconds or a valid Date',
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
    if (!envelope.success) {
      for (const issue of envelope.issues) {
        issues.push(toIssue(context, issue as unknown as StandardSchemaV1.Issue, ''));
      }
    }
    const definition = eventType === undefined ? undefined : catalog.get(eventType);
    if (definition === undefined) {
      if (eventType !== undefined) {
        issues.push(makeIssue(context, 'type', KNOWN_TYPE, JSON.stringify(eventType)));
      }
      continue;
    }
    const meta = envelope.success ? envelope.output.meta : undefined;
    const written = meta?.schemaVersion ?? definition.version;
    const schemaVersion = definition.version;
    let data = (input as { data?: unknown }).data;
    if (written !== schemaVersion) {
      // An older version is accepted through the type's upcasters, then validated as current.
      try {
        data = upcastData(data, written, definition, eventId ?? `#${index}`, 'validateEvents');
      } catch (error) {
        const expected =
          written > schemaVersion || !(error instanceof UpcastError)
            ? `version ${schemaVersion} of "${definition.type}" (the newest this catalogue knows), or an older one it has upcasters for`
            : `a version "${definition.type}" has upcasters from (${error.message})`;
        issues.push(makeIssue(context, 'meta.schemaVersion', expected, String(written)));
        continue;
      }
    }
    let result = definition.schema['~standard'].validate(data);
    if (result instanceof Promise) result = await result;
    if (result.issues !== undefined) {
      for (const issue of result.issues) issues.push(toIssue(context, issue, 'data'));
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
  if (data === REFUSED) return undefined;
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
  const segments = (issue.path ?? []).map((segment) =>
    String(typeof segment === 'object' ? segment.key : segment),
  );
  const path = [prefix, ...segments].filter((part) => part !== '').join('.');
  const detail = issue as StandardSchemaV1.Issue & {
    kind?: string;
    expected?: string | null;
    received?: string;
    input?: unknown;
  };
  const missing = detail.received === 'undefined';
  const expected = missing ? 'a value (the field is required)' : describeExpected(detail, path);
  // A check's `received` is what it measured (a length for minLength: "0" for ""), not the value.
  const received = missing
    ? 'nothing'
    : detail.kind === 'validation'
      ? describe(detail.input)
      : (detail.received ?? describe(detail.input));
  return makeIssue(context, path, expected, received);
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

const KNOWN_TYPE =
  'a known event type (built-in, or defined with defineEventType and passed to the log as eventTypes)';

/** Valibot's names of the types it expects, as a sentence says them. */
const TYPE_NAMES: Readonly<Record<string, string>> = {
  string: 'a string',
  number: 'a number',
  boolean: 'a boolean',
  bigint: 'a bigint',
  Object: 'an object',
  Array: 'an array',
  Date: 'a Date',
  null: 'null',
};

function describeExpected(
  issue: StandardSchemaV1.Issue & { kind?: string; type?: string; expected?: string | null },
  path: string,
): string {
  // Only the envelope itself is an event; an object nested in data or meta is just an object.
  if (issue.expected === 'Object' && path === '')
    return 'an event object { id, type, customerId, at, data, meta? }';
  // An unknown key in a strict object: valibot says "never".
  if (issue.expected === 'never') return 'no such field (remove it, or check its spelling)';
  // Valibot type errors carry `expected` ("number", "(string | number)"); checks carry our own
  // wording in `message`.
  if (issue.kind === 'schema' && issue.type !== 'custom' && issue.expected) {
    const alternatives = issue.expected.replace(/^\((.*)\)$/, '$1').split(' | ');
    return alternatives.map((name) => TYPE_NAMES[name] ?? name).join(' or ');
  }
  return issue.message;
}

/** A field's value in a message: a missing one is "nothing". */
function describe(value: unknown): string {
  return value === undefined ? 'nothing' : describeValue(value);
}
