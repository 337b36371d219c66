import type { EventIssue } from '../errors/EventValidationError.js';
import type { EventCatalog } from '../events/createEventCatalog.js';
import type { TenureEvent } from '../events/TenureEvent.js';
import { validateEvents } from '../events/validateEvents.js';
import { sealedStandIn } from './sealValue.js';

/**
 * The issues of personal values that are valid in clear text but too long once sealed (a sealed
 * value is about 4/3 of the value's UTF-8 size plus 80 characters) for their field's limit.
 * Checked before any key is made, so a refused batch leaves the key store as it was, and
 * reported in the caller's terms: the caller's API, their event's index, their value's length.
 *
 * @param indices - each event's index in the caller's batch.
 * @param personal - the personal fields `event` holds.
 */
export async function checkSealedSizes(
  api: string,
  events: readonly TenureEvent[],
  indices: readonly number[],
  personal: (event: TenureEvent) => readonly string[],
  catalog: EventCatalog,
): Promise<EventIssue[]> {
  const sealed: TenureEvent[] = [];
  const from: number[] = [];
  events.forEach((event, position) => {
    const fields = personal(event);
    if (fields.length === 0) return;
    const data = { ...(event.data as Record<string, unknown>) };
    for (const field of fields) {
      data[field] = sealedStandIn(data[field]);
    }
    sealed.push({ ...event, data });
    from.push(position);
  });
  if (sealed.length === 0) return [];
  const result = await validateEvents(sealed, catalog);
  if (result.ok) return [];
  // Issues of other fields, if any, are the wrapped log's to report, as without sealing.
  const personalIssues = result.issues.filter((issue) => {
    const event = events[from[issue.index] as number] as TenureEvent;
    return personal(event).some((field) => issue.path === `data.${field}`);
  });
  return personalIssues.map((issue) => {
    const position = from[issue.index] as number;
    const event = events[position] as TenureEvent;
    const field = issue.path.slice('data.'.length);
    const plain = (event.data as Record<string, unknown>)[field];
    const length = typeof plain === 'string' ? plain.length : JSON.stringify(plain).length;
    const sealedData = (sealed[issue.index] as TenureEvent).data as Record<string, unknown>;
    const sealedLength = String(sealedData[field]).length;
    const index = indices[position] as number;
    const received = `${length.toLocaleString('en-US')} characters, which seal to ${sealedLength.toLocaleString('en-US')}`;
    return {
      index,
      eventId: event.id,
      eventType: event.type,
      path: issue.path,
      expected: `a value that still fits once sealed (${issue.expected})`,
      received,
      message: `event #${index} (id ${JSON.stringify(event.id)}, type ${JSON.stringify(event.type)}): ${issue.path}: expected a value that still fits once sealed (${issue.expected}), received ${received} (${api} stores a personal value sealed: about 4/3 of its UTF-8 size plus 80 characters). Shorten the value, or keep the field out of personalFields`,
    };
  });
}
