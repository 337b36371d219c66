import type { EventMeta, StoredEvent } from '../../events/TenureEvent.js';

/**
 * The columns every query of the log selects, in the order {@link rowToEvent} reads them
 * (rows are fetched in array mode: no per-row objects keyed by column name).
 */
export const EVENT_COLUMNS = 'event_id, type, customer_id, at, data, meta, position, version';

/** A row of `tenure_events` (selected as {@link EVENT_COLUMNS}) as a stored event. */
export function rowToEvent(row: readonly unknown[]): StoredEvent {
  const meta = row[5] as EventMeta | null;
  const event = {
    id: row[0] as string,
    type: row[1] as string,
    customerId: row[2] as string,
    at: Number(row[3]),
    data: row[4],
    ...(meta === null ? {} : { meta }),
    position: Number(row[6]),
    version: Number(row[7]),
  };
  return event;
}
