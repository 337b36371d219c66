import fc from 'fast-check';
import {
  type BuiltInEvent,
  type BuiltInEventType,
  builtInEventTypes,
  type EventData,
} from '../events/catalog/builtInEventTypes.js';
import type { EventOf, EventType } from '../events/defineEventType.js';
import { isBookkeepingEvent } from '../events/isBookkeepingEvent.js';
import type { EventInputOf } from '../events/TenureEvent.js';
import {
  checkBoolean,
  checkCountRange,
  checkId,
  checkNotEmpty,
  checkTimeRange,
  refuseUnknown,
} from './checkConstraints.js';
import {
  type CheckedEventType,
  checkDrawnEventTypes,
  type DrawnEventTypes,
} from './drawnEventTypes.js';

/**
 * The events the arbitraries draw: the built-in events of the types `TTypes` and the events of
 * your own types `TOwn`, as written to a log.
 */
export type DrawnEvent<
  TTypes extends BuiltInEventType = BuiltInEventType,
  TOwn extends readonly EventType[] = [],
> = EventInputOf<Extract<BuiltInEvent, { type: TTypes }> | EventOf<TOwn[number]>>;

/**
 * Constraints of the event arbitraries (fast-check style: every field optional).
 *
 * @typeParam TTypes - the built-in types drawn, as `types` names them.
 * @typeParam TOwn - your own event types drawn, as `eventTypes` gives them.
 */
export interface EventArbitraryConstraints<
  TTypes extends BuiltInEventType = BuiltInEventType,
  TOwn extends readonly EventType[] = [],
> {
  /** Customer ids to draw from (at least one). Default: `['c1', 'c2', 'c3', 'c4', 'c5']` (streams collide often). */
  readonly customerIds?: readonly string[];
  /**
   * Built-in event types to draw from (at least one, or none with `eventTypes`): the drawn events'
   * type narrows to them. Default: every built-in type except the bookkeeping ones
   * (`event.voided`, `customer.profile`, `customer.forgotten`).
   */
  readonly types?: readonly TTypes[];
  /**
   * Event types of your own to draw as well, each with an arbitrary of its data and a weight
   * against each built-in type's 1 (see {@link DrawnEventType}); `types: []` draws yours only.
   * Default: none.
   *
   * @example
   * ```ts
   * validEventArbitrary({
   *   eventTypes: [{ type: trialStarted, data: fc.record({ plan: fc.constantFrom('basic', 'pro') }), weight: 5 }],
   * });
   * ```
   */
  readonly eventTypes?: DrawnEventTypes<TOwn>;
  /** Earliest event time, integer epoch ms. Default: 2000-01-01. */
  readonly minTime?: number;
  /** Latest event time, integer epoch ms, not before `minTime`. Default: 2030-01-01. */
  readonly maxTime?: number;
  /**
   * Write `at` in four forms (epoch ms, ISO-8601 in UTC, a plain date, a `Date`) rather than
   * epoch ms only. Offsets other than `Z` are not drawn. Default: `true`.
   */
  readonly mixedTimeFormats?: boolean;
}

/** Constraints of {@link validBatchArbitrary}. */
export interface BatchArbitraryConstraints<
  TTypes extends BuiltInEventType = BuiltInEventType,
  TOwn extends readonly EventType[] = [],
> extends EventArbitraryConstraints<TTypes, TOwn> {
  /** Fewest events, an integer >= 0. Default: 1. */
  readonly minLength?: number;
  /**
   * Most events, not fewer than `minLength`. A bound, as `fc.array`'s `maxLength` is: fast-check's
   * size decides how many (at most about 10 more than `minLength` at the default size). Default: 10.
   */
  readonly maxLength?: number;
}

const DEFAULT_CUSTOMERS = ['c1', 'c2', 'c3', 'c4', 'c5'];
const MIN_TIME = Date.UTC(2000, 0, 1);
const MAX_TIME = Date.UTC(2030, 0, 1);
const DAY = 86_400_000;
/** The times an ISO-8601 string can write (years 0000 to 9999); others are epoch ms or a Date. */
const ISO_MIN = Date.parse('0000-01-01T00:00:00.000Z');
const ISO_MAX = Date.parse('9999-12-31T23:59:59.999Z');

const identifier = fc.string({ minLength: 1, maxLength: 12 });
const label = fc.string({ maxLength: 16 });
const money = fc.integer({ min: 0, max: 10_000_000 }).map((cents) => cents / 100);
const positiveMoney = fc.integer({ min: 1, max: 10_000_000 }).map((cents) => cents / 100);
const currency = fc.constantFrom('USD', 'EUR', 'GBP', 'JPY');
const count = fc.integer({ min: 1, max: 1000 });
const integerIn = (min: number, max: number) => fc.integer({ min, max });

/** Optional keys: each is present or absent (never `undefined`), like JSON. */
function payload<T>(required: { [K in keyof T]: fc.Arbitrary<T[K]> }, optional: object = {}) {
  return fc.record({ ...required, ...optional } as Record<string, fc.Arbitrary<unknown>>, {
    requiredKeys: Object.keys(required),
  });
}

const payloads: { readonly [TType in BuiltInEventType]: fc.Arbitrary<unknown> } = {
  touchpoint: payload(
    {
      channel: fc.constantFrom(
        'campaign',
        'email',
        'ad',
        'visit',
        'social',
        'event',
        'content',
        'other',
      ),
    },
    { campaignId: identifier, name: label, url: label },
  ),
  'lead.captured': payload({}, { source: label, leadId: identifier }),
  'lead.contacted': payload({}, { channel: label, by: label }),
  'lead.qualified': payload({}, { score: integerIn(-100, 100), by: label }),
  'lead.disqualified': payload({}, { reason: label }),
  'opportunity.opened': payload({ opportunityId: identifier }, { amount: money, currency }),
  'opportunity.won': payload({ opportunityId: identifier }, { amount: money, currency }),
  'opportunity.lost': payload({ opportunityId: identifier }, { reason: label }),
  purchase: payload(
    { orderId: identifier, amount: money, currency },
    {
      items: fc.array(
        payload({ productId: identifier }, { category: label, quantity: count, price: money }),
        { maxLength: 3 },
      ),
    },
  ),
  refund: payload({ amount: positiveMoney, currency }, { orderId: identifier, reason: label }),
  'subscription.started': payload(
    { subscriptionId: identifier, plan: label },
    {
      amount: money,
      currency,
      interval: fc.constantFrom('day', 'week', 'month', 'year'),
      intervalCount: count,
    },
  ),
  'subscription.renewed': payload({ subscriptionId: identifier }, { amount: money, currency }),
  'subscription.changed': payload(
    { subscriptionId: identifier, plan: label },
    { change: fc.constantFrom('upgrade', 'downgrade', 'other'), amount: money, currency },
  ),
  'subscription.cancelled': payload({ subscriptionId: identifier }, { reason: label }),
  'usage.login': payload({}, { device: label }),
  'usage.feature': payload({ feature: label }, { count }),
  'support.opened': payload(
    { caseId: identifier },
    { priority: fc.constantFrom('low', 'normal', 'high', 'urgent'), topic: label },
  ),
  'support.resolved': payload({ caseId: identifier }, { satisfied: fc.boolean() }),
  'survey.answered': fc.oneof(
    payload({ kind: fc.constant('nps'), score: integerIn(0, 10) }, { comment: label }),
    payload({ kind: fc.constant('csat'), score: integerIn(1, 5) }, { comment: label }),
    payload({ kind: fc.constant('ces'), score: integerIn(1, 7) }, { comment: label }),
  ),
  review: payload(
    { rating: integerIn(1, 5) },
    { productId: identifier, channel: label, text: label },
  ),
  referral: payload({}, { referredCustomerId: identifier, channel: label }),
  collaboration: payload(
    { kind: fc.constantFrom('community', 'co-design', 'partnership', 'beta-test', 'content') },
    { description: label },
  ),
  'event.voided': payload({ eventId: identifier }, { reason: label }),
  'customer.profile': payload({}, { name: label, email: label, phone: label, address: label }),
  'customer.forgotten': payload({}, { reason: label }),
};

const EVENT_CONSTRAINTS: readonly (keyof EventArbitraryConstraints)[] = [
  'customerIds',
  'types',
  'eventTypes',
  'minTime',
  'maxTime',
  'mixedTimeFormats',
];
const BATCH_CONSTRAINTS: readonly (keyof BatchArbitraryConstraints)[] = [
  ...EVENT_CONSTRAINTS,
  'minLength',
  'maxLength',
];

/**
 * A valid `data` payload of the built-in event type `type`.
 *
 * @example
 * ```ts
 * fc.assert(fc.property(eventDataArbitrary('purchase'), (data) => data.amount >= 0));
 * ```
 */
export function eventDataArbitrary<TType extends BuiltInEventType>(
  type: TType,
): fc.Arbitrary<EventData<TType>> {
  // Own keys only: "toString" or "__proto__" would find the prototype's.
  if (!isBuiltInType(type)) {
    throw new TypeError(
      `eventDataArbitrary: ${JSON.stringify(type)} is not a built-in event type; give one of builtInEventTypes (draw your own types' data with your own arbitrary, and their events with the eventTypes constraint).`,
    );
  }
  const arbitrary = payloads[type];
  // Each payload is drawn from its type's schema (test/testing checks that every one validates).
  return arbitrary as fc.Arbitrary<EventData<TType>>;
}

/**
 * An event time in `[minTime, maxTime]`, written in one of the forms an append accepts: epoch
 * ms, a `Date`, an ISO-8601 string (for times in the years 0000 to 9999) or a plain date (for
 * the UTC midnights inside the range).
 *
 * @throws TypeError for an unknown constraint, or a `minTime`/`maxTime` that is not integer
 *   epoch ms or ends the range before it starts.
 * @example
 * ```ts
 * fc.sample(eventTimeArbitrary({ mixedTimeFormats: false }), 1)[0]; // e.g. 1325376000000
 * ```
 */
export function eventTimeArbitrary(
  constraints: EventArbitraryConstraints = {},
): fc.Arbitrary<string | number | Date> {
  refuseUnknown('eventTimeArbitrary', constraints, EVENT_CONSTRAINTS);
  return timeArbitrary('eventTimeArbitrary', constraints);
}

/** True when `type` is a built-in event type the arbitraries draw. */
function isBuiltInType(type: unknown): type is BuiltInEventType {
  return typeof type === 'string' && Object.hasOwn(payloads, type);
}

/** {@link eventTimeArbitrary} for `api`, whose name the constraint errors give. */
function timeArbitrary(
  api: string,
  constraints: Pick<EventArbitraryConstraints, 'minTime' | 'maxTime' | 'mixedTimeFormats'>,
): fc.Arbitrary<string | number | Date> {
  const { minTime = MIN_TIME, maxTime = MAX_TIME, mixedTimeFormats = true } = constraints;
  checkTimeRange(api, minTime, maxTime);
  checkBoolean(api, 'mixedTimeFormats', mixedTimeFormats);
  const time = fc.integer({ min: minTime, max: maxTime });
  if (!mixedTimeFormats) return time;
  const forms: fc.Arbitrary<string | number | Date>[] = [time];
  const isoMin = Math.max(minTime, ISO_MIN);
  const isoMax = Math.min(maxTime, ISO_MAX);
  if (isoMin <= isoMax) {
    forms.push(fc.integer({ min: isoMin, max: isoMax }).map((ms) => new Date(ms).toISOString()));
  }
  forms.push(time.map((ms) => new Date(ms)));
  // A plain date means UTC midnight: only the midnights inside the range.
  const firstDay = Math.ceil(isoMin / DAY);
  const lastDay = Math.floor(isoMax / DAY);
  if (firstDay <= lastDay) {
    forms.push(
      fc
        .integer({ min: firstDay, max: lastDay })
        .map((day) => new Date(day * DAY).toISOString().slice(0, 10)),
    );
  }
  return fc.oneof(...forms);
}

/**
 * A valid event: of a built-in type (every type of the catalogue but the bookkeeping ones:
 * voids, profiles, erasures; name them in `types` to draw them) or of your own types
 * (`eventTypes`), every optional field present or absent, `at` in four forms (see
 * `mixedTimeFormats`). Its type narrows to the types drawn. Ids are short random strings: draw
 * batches with {@link validBatchArbitrary} to get distinct ids.
 *
 * @throws TypeError when called with a constraint it cannot meet (an unknown option, a type that
 *   is not built in, an entry of `eventTypes` without a data arbitrary, ...); when drawing, when
 *   your data arbitrary draws data the type's schema refuses (naming the type and the issue).
 * @example
 * ```ts
 * await fc.assert(fc.asyncProperty(validEventArbitrary({ types: ['purchase'] }), async (event) => {
 *   event.data.amount; // typed: a purchase
 *   await createMemoryLog().append([event]);
 * }));
 * ```
 */
export function validEventArbitrary<
  TTypes extends BuiltInEventType = BuiltInEventType,
  const TOwn extends readonly EventType[] = [],
>(
  constraints: EventArbitraryConstraints<TTypes, TOwn> = {},
): fc.Arbitrary<DrawnEvent<TTypes, TOwn>> {
  refuseUnknown('validEventArbitrary', constraints, EVENT_CONSTRAINTS);
  return eventArbitrary('validEventArbitrary', constraints) as fc.Arbitrary<
    DrawnEvent<TTypes, TOwn>
  >;
}

/** {@link validEventArbitrary} for `api`, whose name the constraint errors give. */
function eventArbitrary(
  api: string,
  constraints: EventArbitraryConstraints<BuiltInEventType, readonly EventType[]>,
): fc.Arbitrary<EventInputOf<BuiltInEvent>> {
  // Bookkeeping types (voids, profiles, erasures) only when asked for: a random void would
  // make the expected projection of a generated log depend on id collisions.
  const types =
    constraints.types ??
    builtInEventTypes
      .map((definition) => definition.type)
      .filter((type) => !isBookkeepingEvent(type));
  const customerIds = constraints.customerIds ?? DEFAULT_CUSTOMERS;
  const own = checkDrawnEventTypes(api, constraints.eventTypes);
  // No built-in type is fine when there are types of your own to draw.
  if (own.length === 0 || !Array.isArray(types)) checkNotEmpty(api, 'types', types, 'event type');
  checkNotEmpty(api, 'customerIds', customerIds, 'customer');
  // Checked here, not when drawn: a bad entry would otherwise fail a property at its first run,
  // or draw events an append refuses.
  types.forEach((type, index) => {
    if (!isBuiltInType(type)) {
      throw new TypeError(
        `${api}: types[${index}] is ${JSON.stringify(type)}, not a built-in event type; give types of builtInEventTypes, and your own in eventTypes: [{ type: yourType, data: fc.record({ ... }) }].`,
      );
    }
  });
  customerIds.forEach((customerId, index) => {
    checkId(api, `customerIds[${index}]`, customerId);
  });
  const at = timeArbitrary(api, constraints);
  const envelope = (type: string, data: fc.Arbitrary<unknown>) =>
    fc.record(
      {
        id: fc.string({ minLength: 1, maxLength: 16 }),
        type: fc.constant(type),
        customerId: fc.constantFrom(...customerIds),
        at,
        data,
        meta: payload({}, { source: label, correlationId: identifier }),
      },
      { requiredKeys: ['id', 'type', 'customerId', 'at', 'data'] },
    );
  // Built-in types first, as before: without eventTypes a seed draws the events it drew before.
  const builtIn =
    types.length === 0
      ? undefined
      : fc.constantFrom(...types).chain((type) => envelope(type, eventDataArbitrary(type)));
  return weighted(builtIn, types.length, own, envelope) as fc.Arbitrary<EventInputOf<BuiltInEvent>>;
}

/**
 * `builtIn` (each of its `builtInCount` types weighing 1) or an event of one of `own` by its
 * weight, as `fc.oneof` draws; `builtIn` alone without types of your own.
 */
function weighted(
  builtIn: fc.Arbitrary<unknown> | undefined,
  builtInCount: number,
  own: readonly CheckedEventType[],
  envelope: (type: string, data: fc.Arbitrary<unknown>) => fc.Arbitrary<unknown>,
): fc.Arbitrary<unknown> {
  if (own.length === 0 && builtIn !== undefined) return builtIn;
  const entries = own.map(({ type, data, weight }) => ({
    weight,
    arbitrary: envelope(type, data),
  }));
  if (builtIn !== undefined) entries.unshift({ weight: builtInCount, arbitrary: builtIn });
  return fc.oneof(...entries);
}

/**
 * A batch of valid events with distinct ids, of the types {@link validEventArbitrary} draws
 * (your own with `eventTypes`).
 *
 * @example
 * ```ts
 * fc.sample(validBatchArbitrary({ maxLength: 3 }), 1)[0]?.length; // 1 to 3
 * ```
 */
export function validBatchArbitrary<
  TTypes extends BuiltInEventType = BuiltInEventType,
  const TOwn extends readonly EventType[] = [],
>(
  constraints: BatchArbitraryConstraints<TTypes, TOwn> = {},
): fc.Arbitrary<DrawnEvent<TTypes, TOwn>[]> {
  refuseUnknown('validBatchArbitrary', constraints, BATCH_CONSTRAINTS);
  const { minLength = 1, maxLength = 10, ...eventConstraints } = constraints;
  checkCountRange('validBatchArbitrary', ['minLength', minLength], ['maxLength', maxLength]);
  return fc.uniqueArray(eventArbitrary('validBatchArbitrary', eventConstraints), {
    minLength,
    maxLength,
    selector: (event) => event.id,
  }) as fc.Arbitrary<DrawnEvent<TTypes, TOwn>[]>;
}

/** Builds an object from JSON so that keys like `__proto__` become own properties. */
function withOwnKey(base: object, key: string, value: unknown): unknown {
  const copy = JSON.parse(JSON.stringify(base)) as Record<string, unknown>;
  return JSON.parse(
    `${JSON.stringify(copy).slice(0, -1)}${Object.keys(copy).length > 0 ? ',' : ''}${JSON.stringify(key)}:${JSON.stringify(value)}}`,
  );
}

type Defect = (event: Record<string, unknown>) => unknown;

const without =
  (key: string): Defect =>
  (event) => {
    const { [key]: _removed, ...rest } = event;
    return rest;
  };
const replacing =
  (key: string, value: unknown): Defect =>
  (event) => ({ ...event, [key]: value });
const purchaseWith =
  (data: unknown): Defect =>
  (event) => ({ ...event, type: 'purchase', data });
const goodPurchase = { orderId: 'o1', amount: 1, currency: 'EUR' };

/** Each turns a valid event into one that must be rejected. */
const defects: readonly Defect[] = [
  without('id'),
  without('type'),
  without('customerId'),
  without('at'),
  without('data'),
  replacing('id', ''),
  replacing('id', 42),
  replacing('id', null),
  replacing('id', 'x'.repeat(257)),
  replacing('id', 'x'.repeat(1_000_000)),
  replacing('type', 'no.such.type'),
  replacing('type', 7),
  replacing('customerId', ''),
  replacing('customerId', {}),
  replacing('customerId', ['c1']),
  replacing('at', Number.NaN),
  replacing('at', Number.POSITIVE_INFINITY),
  replacing('at', Number.NEGATIVE_INFINITY),
  replacing('at', 1.5),
  replacing('at', 9e15),
  replacing('at', 'yesterday'),
  replacing('at', '2024-02-30'),
  replacing('at', '2024-05-01T10:00'),
  replacing('at', new Date(Number.NaN)),
  replacing('at', null),
  replacing('meta', 'source'),
  replacing('meta', { schemaVersion: 0 }),
  replacing('meta', { schemaVersion: 99 }),
  replacing('meta', { source: 5 }),
  replacing('extra', true),
  (event) => withOwnKey(event, '__proto__', { polluted: true }),
  (event) => withOwnKey(event, 'constructor', { prototype: { polluted: true } }),
  purchaseWith(null),
  purchaseWith('a string'),
  purchaseWith([]),
  purchaseWith({ ...goodPurchase, amount: Number.NaN }),
  purchaseWith({ ...goodPurchase, amount: Number.POSITIVE_INFINITY }),
  purchaseWith({ ...goodPurchase, amount: -1 }),
  purchaseWith({ ...goodPurchase, amount: Number.MAX_VALUE }),
  purchaseWith({ ...goodPurchase, amount: '12' }),
  purchaseWith({ ...goodPurchase, currency: 'euro' }),
  purchaseWith({ orderId: 'o1', amount: 1 }),
  purchaseWith(withOwnKey(goodPurchase, '__proto__', { polluted: true })),
  purchaseWith(withOwnKey(goodPurchase, 'constructor', 1)),
  purchaseWith({ ...goodPurchase, items: [{ productId: '' }] }),
];

/**
 * An input that an append must reject with `EventValidationError`: a valid event with one
 * crafted defect (a missing or mistyped field, `NaN`, `Infinity`, a huge string, an own
 * `__proto__` or `constructor` key, an unknown type or schema version, ...) or arbitrary garbage
 * from `fc.anything()`.
 *
 * @example
 * ```ts
 * await fc.assert(fc.asyncProperty(malformedEventArbitrary(), async (bad) => {
 *   await expect(log.append([bad as EventInput])).rejects.toThrow(EventValidationError);
 * }));
 * ```
 */
export function malformedEventArbitrary<const TOwn extends readonly EventType[] = []>(
  constraints: EventArbitraryConstraints<BuiltInEventType, TOwn> = {},
): fc.Arbitrary<unknown> {
  refuseUnknown('malformedEventArbitrary', constraints, EVENT_CONSTRAINTS);
  const crafted = fc
    .tuple(eventArbitrary('malformedEventArbitrary', constraints), fc.constantFrom(...defects))
    .map(([event, defect]) => defect({ ...event }));
  const garbage = fc.oneof(
    fc.anything({ withBoxedValues: true, withMap: true, withSet: true, withNullPrototype: true }),
    fc.dictionary(fc.constantFrom('id', 'type', 'customerId', 'at', 'data', 'meta'), fc.anything()),
  );
  return fc.oneof({ arbitrary: crafted, weight: 3 }, { arbitrary: garbage, weight: 1 });
}
