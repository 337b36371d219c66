import { DuplicateEventError } from '../errors/DuplicateEventError.js';
import { EventValidationError } from '../errors/EventValidationError.js';
import type { EventCatalog } from '../events/createEventCatalog.js';
import type { TenureEvent } from '../events/TenureEvent.js';
import { validateEvents } from '../events/validateEvents.js';
import { eventFingerprint } from './eventFingerprint.js';

/** A validated batch, with duplicates inside the batch collapsed. */
export interface PreparedBatch {
  /** The distinct normalised events, in batch order (first occurrence wins). */
  readonly events: readonly TenureEvent[];
  /** Index in the caller's batch of each event of `events`, same order. */
  readonly indices: readonly number[];
  /** Ids of later copies of an identical event in the same batch (stored once). */
  readonly skipped: readonly string[];
  /** The catalogue the batch was validated with: stored events are compared in its versions. */
  readonly catalog: EventCatalog;
}

/**
 * The adapter-independent first step of every append: validates the batch against the catalogue
 * and collapses duplicates inside it (an identical copy is kept once, a different event with the
 * same id rejects the batch). Pure: it reads and writes no log.
 *
 * @param api - the API name used in error messages, e.g. `log.append`.
 * @throws EventValidationError when an event is invalid (every issue listed).
 * @throws DuplicateEventError when two events of the batch share an id but differ.
 * @throws TypeError when `inputs` is not an array.
 * @example
 * ```ts
 * const batch = await prepareBatch('log.append', inputs, defaultEventCatalog);
 * batch.events.length; // distinct events to store
 * ```
 */
export async function prepareBatch(
  api: string,
  inputs: readonly unknown[],
  catalog: EventCatalog,
): Promise<PreparedBatch> {
  if (!Array.isArray(inputs)) {
    throw new TypeError(
      `${api}: expected an array of events, received ${inputs === null ? 'null' : typeof inputs}. Pass a batch, e.g. append([event]).`,
    );
  }
  const validation = await validateEvents(inputs, catalog);
  if (!validation.ok) throw new EventValidationError(api, validation.issues);
  const events: TenureEvent[] = [];
  const indices: number[] = [];
  const skipped: string[] = [];
  const seen = new Map<string, number>();
  for (let index = 0; index < validation.events.length; index++) {
    const event = validation.events[index]!;
    const earlier = seen.get(event.id);
    if (earlier !== undefined) {
      // Fingerprints are costly: compute them only for the rare repeated id.
      if (eventFingerprint(validation.events[earlier]!) !== eventFingerprint(event)) {
        throw new DuplicateEventError(api, event.id, index, earlier);
      }
      skipped.push(event.id);
      continue;
    }
    seen.set(event.id, index);
    events.push(event);
    indices.push(index);
  }
  return { events, indices, skipped, catalog };
}
