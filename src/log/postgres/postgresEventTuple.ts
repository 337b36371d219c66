import type { EventMeta, StoredEvent } from '../../events/TenureEvent.js';

/**
 * An event as the `event_tuple` column of `tenure_events` holds it (migration 4): its fields as a
 * JSON array in a fixed order, without the keys, and without `meta` when it is exactly
 * `{ "schemaVersion": 1 }` (what validation stamps on events of a first-version type); `null`
 * there means the row has no meta.
 *
 * Why: reads move a page of events as one text (the tuples joined by commas) and turn it into
 * events with one `JSON.parse`, which spends most of its time building objects: an array without
 * the envelope's keys and without the default meta object cost the client 2.7 µs of CPU per
 * event, fetch included, against 3.6 µs for the full event object (the bench's events), the
 * same finding as the file log's record format 2 (`src/log/file/eventTuple.ts`).
 */
export type PostgresEventTuple = readonly [
  id: string,
  type: string,
  customerId: string,
  at: number,
  position: number,
  version: number,
  data: unknown,
  meta?: EventMeta | null,
];

/**
 * The stored event of a tuple: one object literal in the envelope's key order (as the other
 * logs hand out events), with a fresh default meta per event so that no two events share a
 * mutable object.
 *
 * @example
 * ```ts
 * eventFromPostgresTuple(['e1', 'purchase', 'c1', 0, 1, 1, { amount: 5 }]).meta; // { schemaVersion: 1 }
 * ```
 */
export function eventFromPostgresTuple(tuple: PostgresEventTuple): StoredEvent {
  const [id, type, customerId, at, position, version, data] = tuple;
  const meta = tuple.length > 7 ? tuple[7] : { schemaVersion: 1 };
  return meta === null || meta === undefined
    ? { id, type, customerId, at, data, position, version }
    : { id, type, customerId, at, data, meta, position, version };
}

/**
 * The events of tuples joined by commas (what `string_agg(event_tuple, ',')` returns), parsed
 * with one `JSON.parse`.
 *
 * @example
 * ```ts
 * parsePostgresEventTuples('["e1","purchase","c1",0,1,1,{}],["e2","purchase","c1",0,2,2,{}]').length; // 2
 * ```
 */
export function parsePostgresEventTuples(joined: string): StoredEvent[] {
  const tuples = JSON.parse(`[${joined}]`) as PostgresEventTuple[];
  const events = new Array<StoredEvent>(tuples.length);
  for (let i = 0; i < tuples.length; i++) events[i] = eventFromPostgresTuple(tuples[i]!);
  return events;
}
