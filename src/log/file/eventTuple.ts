import type { EventMeta, StoredEvent } from '../../events/TenureEvent.js';

/**
 * How record format 2 stores an event: its fields as a JSON array, in a fixed order, without
 * the keys and without what the record says otherwise.
 *
 * `[id, type, customerId, at, version, data]`, plus `meta` as a 7th element unless it is
 * exactly `{ "schemaVersion": 1 }` (what validation stamps on events of a first-version type).
 * The position is the record's `"p"`.
 *
 * Why: `JSON.parse` spends most of a read on building objects (about as much for a one-key
 * object as for several numbers), so an array without the envelope's keys and without the
 * default `meta` object parses in about 60% of the instructions of the full event object.
 */
export type EventTuple = readonly [
  id: string,
  type: string,
  customerId: string,
  at: number,
  version: number,
  data: unknown,
  meta?: EventMeta,
];

/**
 * The tuple of `event`, or `undefined` when a tuple would not read back as the same event
 * (a JSON array cannot hold an `undefined` data or meta): such an event is written in format 1.
 */
export function eventTuple(event: StoredEvent): EventTuple | undefined {
  const { id, type, customerId, at, version, data, meta } = event;
  if (data === undefined || meta === undefined) return undefined;
  return isDefaultMeta(meta)
    ? [id, type, customerId, at, version, data]
    : [id, type, customerId, at, version, data, meta];
}

/**
 * The stored event a tuple holds, at `position`; `undefined` when `tuple` is not an array of at
 * least six elements (the fields' types are checked by `eventProblem`, where a caller needs it).
 */
export function eventFromTuple(tuple: unknown, position: number): StoredEvent | undefined {
  if (!Array.isArray(tuple) || tuple.length < 6) return undefined;
  const fields = tuple as unknown as EventTuple;
  // (Indexed reads: destructuring would go through the array iterator.)
  return tupleEvent(
    fields[0],
    fields[1],
    fields[2],
    fields[3],
    fields[4],
    fields[5],
    fields[6],
    position,
  );
}

/**
 * The stored event of a tuple's fields (`meta` as the tuple holds it: `undefined` for the
 * default), for readers that take the fields out of the tuple themselves.
 */
export function tupleEvent(
  id: string,
  type: string,
  customerId: string,
  at: number,
  version: number,
  data: unknown,
  meta: EventMeta | undefined,
  position: number,
): StoredEvent {
  // One object literal in the envelope's key order (as format 1 and the memory log hand out
  // events), and a fresh default meta per event, so that no two events share a mutable object.
  return {
    id,
    type,
    customerId,
    at,
    data,
    meta: meta ?? { schemaVersion: 1 },
    position,
    version,
  };
}

function isDefaultMeta(meta: EventMeta): boolean {
  if (meta.schemaVersion !== 1) return false;
  for (const key in meta) if (key !== 'schemaVersion') return false;
  return true;
}
