/**
 * Optional facts about where an event came from. Extra keys are kept as given.
 */
export interface EventMeta {
  /** The system that produced the event, e.g. `shopify` or `crm-import`. */
  readonly source?: string;
  /** Groups events caused by one request or job. */
  readonly correlationId?: string;
  /** The id of the event or command that caused this one. */
  readonly causationId?: string;
  /** Version of the event type's schema the data was written with (default: the type's current version). */
  readonly schemaVersion?: number;
  readonly [key: string]: unknown;
}

/**
 * The one envelope every event has, as tenure stores and returns it.
 *
 * @typeParam TType - the event type name, e.g. `'purchase'`.
 * @typeParam TData - the type's payload.
 */
export interface TenureEvent<TType extends string = string, TData = unknown> {
  /** Unique per event; the idempotency key of appends. */
  readonly id: string;
  /** The event type, one of the catalogue's (built-in or defined with `defineEventType`). */
  readonly type: TType;
  /** The customer (or prospect) the event is about: the stream it belongs to. */
  readonly customerId: string;
  /** When the thing happened (business time), as epoch milliseconds UTC. */
  readonly at: number;
  /** The payload, validated against the type's schema. */
  readonly data: TData;
  readonly meta?: EventMeta;
}

/**
 * An event as callers write it: like {@link TenureEvent}, but `at` may be an ISO-8601 string
 * (with a time zone, or a plain date meaning UTC midnight), epoch milliseconds or a `Date`.
 */
export interface EventInput<TType extends string = string, TData = unknown> {
  readonly id: string;
  readonly type: TType;
  readonly customerId: string;
  /**
   * When it happened. A number is integer epoch milliseconds: epoch seconds (`1714557600`) would
   * be read as 1970-01-20, so multiply them by 1000 (`tenure import` tells the two apart by
   * their digits; an append cannot, as times in early 1970 are valid).
   */
  readonly at: string | number | Date;
  readonly data: TData;
  readonly meta?: EventMeta;
}

/** An event as a log returns it: the envelope plus where the log stored it. */
export type StoredEvent<TType extends string = string, TData = unknown> = TenureEvent<
  TType,
  TData
> & {
  /** Global position in the log, 1-based and gap-free in storage order. */
  readonly position: number;
  /** Position in the customer's stream, 1-based and gap-free. */
  readonly version: number;
};

/**
 * The input form of each event of a union (`at` as {@link EventInput} takes it), e.g. what
 * `EventLog<BuiltInEvent>.append` accepts.
 *
 * @typeParam TEvent - a union of {@link TenureEvent}s, such as `BuiltInEvent`.
 */
export type EventInputOf<TEvent extends TenureEvent> =
  TEvent extends TenureEvent<infer TType, infer TData> ? EventInput<TType, TData> : never;

/**
 * The stored form of each event of a union (with `position` and `version`), e.g. what
 * `EventLog<BuiltInEvent>.read` yields: narrow on `type` to get typed `data`.
 *
 * @typeParam TEvent - a union of {@link TenureEvent}s, such as `BuiltInEvent`.
 */
export type StoredEventOf<TEvent extends TenureEvent> =
  TEvent extends TenureEvent<infer TType, infer TData> ? StoredEvent<TType, TData> : never;
