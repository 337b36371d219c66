import type { StandardSchemaV1 } from '@standard-schema/spec';
import { unknownOption } from '../errors/unknownOption.js';
import type { TenureEvent } from './TenureEvent.js';

/**
 * An event type: its name, the schema its `data` must satisfy, and the schema's version.
 *
 * @typeParam TType - the type name.
 * @typeParam TData - the validated payload.
 */
export interface EventType<TType extends string = string, TData = unknown> {
  readonly type: TType;
  /** Current schema version of the payload (1 for a new type). */
  readonly version: number;
  /** Any Standard Schema validator (valibot, zod, arktype, ...). */
  readonly schema: StandardSchemaV1<unknown, TData>;
  /** One sentence for docs and `--help` output. */
  readonly description: string;
  /** By version `n`, the function that turns version-`n` data into version `n + 1` data. */
  readonly upcasters?: Readonly<Record<number, Upcaster>>;
}

/**
 * The events of an event type (or of a union of them), as {@link TenureEvent}s with typed `data`:
 * `EventOf<typeof trialStarted>`. With `BuiltInEvent`, the type argument of a typed log:
 * `createMemoryLog<BuiltInEvent | EventOf<typeof trialStarted>>({ eventTypes: [trialStarted] })`.
 */
export type EventOf<TDefinition extends EventType> =
  TDefinition extends EventType<infer TType, infer TData> ? TenureEvent<TType, TData> : never;

/**
 * Turns the `data` of one schema version into the next version's shape. Pure and synchronous
 * (a Promise is refused: logs upcast as they read); it gets a copy, so editing it is harmless.
 * Declare the old shape as its parameter type.
 */
export type Upcaster = (data: never) => unknown;

/** Options of {@link defineEventType}. */
export interface EventTypeOptions<TType extends string, TSchema extends StandardSchemaV1> {
  /**
   * The type name. Must not clash with a built-in type, nor be `clock` or begin with `xstate.`
   * (a lifecycle's own events). Use a prefix of your own, e.g. `acme.trial-started`.
   */
  readonly type: TType;
  /** The payload's schema, any Standard Schema validator. */
  readonly schema: TSchema;
  /** The payload's schema version. Default: `1`. */
  readonly version?: number;
  /** One sentence for docs. Default: the type name. */
  readonly description?: string;
  /**
   * How to read events written with older versions: by version `n` (1 to `version - 1`), a pure
   * function from version-`n` data to version-`n + 1` data. Logs apply them in turn on read (the
   * stored bytes never change) and check the result against `schema`; appends accept older
   * versions through them. Default: none (only the current version is accepted).
   */
  readonly upcasters?: Readonly<Record<number, Upcaster>>;
}

const EVENT_TYPE_OPTIONS = ['type', 'schema', 'version', 'description', 'upcasters'];

/**
 * Defines an event type of your own, validated by any Standard Schema library.
 *
 * @throws TypeError for an option it does not have, a name that is not valid or is reserved
 *   (`clock`, `xstate.*`), a schema that is not a Standard Schema, a version that is not an
 *   integer >= 1, or upcasters not keyed by the versions 1 to `version - 1`.
 *
 * @example
 * ```ts
 * import * as v from 'valibot';
 * const trialStarted = defineEventType({
 *   type: 'acme.trial-started',
 *   schema: v.object({ plan: v.string() }),
 * });
 * const log = createMemoryLog({ eventTypes: [trialStarted] });
 * ```
 */
export function defineEventType<TType extends string, TSchema extends StandardSchemaV1>(
  options: EventTypeOptions<TType, TSchema>,
): EventType<TType, StandardSchemaV1.InferOutput<TSchema>> {
  // { upcaster } ignored would leave events of older versions unreadable.
  const unknown = unknownOption('defineEventType', options, EVENT_TYPE_OPTIONS);
  if (unknown !== undefined) throw new TypeError(unknown);
  const { type, schema, version = 1, description = type, upcasters } = options;
  if (typeof type !== 'string' || !/^[a-z0-9][a-z0-9._-]{0,127}$/i.test(type)) {
    throw new TypeError(
      `defineEventType: type ${JSON.stringify(type)} is not a valid name; use 1-128 letters, digits, '.', '_' or '-', e.g. "acme.trial-started".`,
    );
  }
  const reserved = reservedName(type);
  if (reserved !== undefined) {
    throw new TypeError(
      `defineEventType: type "${type}" is reserved: ${reserved}. Give yours a prefix of your own, e.g. "acme.${type.replace(/^xstate\./, '')}".`,
    );
  }
  if (typeof schema !== 'object' || schema === null || !('~standard' in schema)) {
    throw new TypeError(
      `defineEventType: the schema of "${type}" is not a Standard Schema validator; pass a valibot, zod (3.24+) or arktype schema.`,
    );
  }
  if (!Number.isInteger(version) || version < 1) {
    throw new TypeError(
      `defineEventType: version of "${type}" must be an integer >= 1, got ${version}.`,
    );
  }
  for (const key of Object.keys(upcasters ?? {})) {
    const from = Number(key);
    const upcaster = (upcasters as Record<string, unknown>)[key];
    // '1.0' or '01' is Number 1, but upcasters[1] would not find it.
    const integer = Number.isInteger(from) && String(from) === key;
    if (!integer || from < 1 || from >= version || typeof upcaster !== 'function') {
      throw new TypeError(
        `defineEventType: upcasters of "${type}" must map versions 1 to ${version - 1} to functions (data of that version -> data of the next); got key ${JSON.stringify(key)} with ${typeof upcaster}.`,
      );
    }
  }
  return Object.freeze({
    type,
    version,
    schema: schema as StandardSchemaV1<unknown, StandardSchemaV1.InferOutput<TSchema>>,
    description,
    ...(upcasters === undefined ? {} : { upcasters: Object.freeze({ ...upcasters }) }),
  });
}

/**
 * Why a lifecycle could not tell events of type `type` from events of its own, or `undefined`:
 * the projection sends machines `clock` events as time passes, and XState keeps `xstate.*`.
 */
function reservedName(type: string): string | undefined {
  if (type === 'clock') {
    return "lifecycles receive { type: 'clock', at } from the projection as time passes, and could not tell your events from those";
  }
  if (type.startsWith('xstate.')) return 'XState keeps the event types that begin with "xstate."';
  return undefined;
}
