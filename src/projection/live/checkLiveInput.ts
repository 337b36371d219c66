import { describeValue } from '../../errors/describeValue.js';
import type { StoredEvent } from '../../events/TenureEvent.js';
import { savedVersionOf } from '../lifecycleFingerprint.js';
import { ProjectionError } from '../ProjectionError.js';
import {
  type ProjectionSnapshot,
  SNAPSHOT_FORMAT,
  SNAPSHOT_VERSION,
} from '../ProjectionSnapshot.js';

// The live projection's checks of what callers pass it: events, batches and snapshots.

/** Refuses what `apply` cannot fold: not a stored event as a log reads it. Internal. */
export function checkEvent(event: StoredEvent, api: string): void {
  const candidate = event as Partial<StoredEvent> | null;
  const problem =
    typeof candidate !== 'object' || candidate === null
      ? 'an event object'
      : typeof candidate.customerId !== 'string'
        ? 'a string customerId'
        : typeof candidate.type !== 'string'
          ? 'a string type'
          : typeof candidate.at !== 'number' || !Number.isFinite(candidate.at)
            ? 'a finite epoch-millisecond at'
            : typeof candidate.position !== 'number' ||
                !Number.isInteger(candidate.position) ||
                candidate.position < 1
              ? 'a positive integer position (apply stored events, as log.read returns them)'
              : undefined;
  if (problem === undefined) return;
  const id = typeof candidate?.id === 'string' ? ` ${JSON.stringify(candidate.id)}` : '';
  throw new ProjectionError(
    'TENURE_INVALID_PROJECTION_INPUT',
    `${api}: event${id} needs ${problem}; pass events as an EventLog reads them.`,
  );
}

/** Refuses what `applyAll` cannot read (one event passed as such, most likely). Internal. */
export function checkIterable(events: unknown): void {
  if (typeof (events as Partial<Iterable<unknown>> | null)?.[Symbol.iterator] === 'function')
    return;
  if (
    typeof (events as Partial<AsyncIterable<unknown>> | null)?.[Symbol.asyncIterator] === 'function'
  ) {
    throw new ProjectionError(
      'TENURE_INVALID_PROJECTION_INPUT',
      'live.applyAll: events is an async iterable (log.read() returns one) and applyAll folds synchronously; collect the events with for await, in batches (e.g. 100,000 at a time), and pass each batch, or call live.apply(event) inside the for await.',
    );
  }
  if (typeof (events as Partial<PromiseLike<unknown>> | null)?.then === 'function') {
    throw new ProjectionError(
      'TENURE_INVALID_PROJECTION_INPUT',
      'live.applyAll: events must be an iterable of stored events, received a Promise: await it, then pass the events.',
    );
  }
  const oneEvent = typeof events === 'object' && events !== null && 'customerId' in events;
  throw new ProjectionError(
    'TENURE_INVALID_PROJECTION_INPUT',
    `live.applyAll: events must be an iterable of stored events (an array, a generator), received ${describeValue(events)}${oneEvent ? '; for one event, call live.apply(event)' : ''}.`,
  );
}

/** Refuses a stage-change listener that cannot be called (rather than failing each change). */
export function checkListener(listener: unknown): void {
  if (typeof listener === 'function') return;
  throw new ProjectionError(
    'TENURE_INVALID_PROJECTION_INPUT',
    `live.onStageChange: listener must be a function, received ${describeValue(listener)}; pass (change) => { ... }.`,
  );
}

/** Refuses what `resume` cannot restore, or a snapshot of another lifecycle. Internal. */
export function checkSnapshot(
  saved: ProjectionSnapshot,
  fingerprint: string,
  lifecycle: { readonly name: string; readonly version: number },
): void {
  if (typeof saved === 'string') {
    throw new ProjectionError(
      'TENURE_INVALID_SNAPSHOT',
      'lifecycle.resume: received a string: JSON.parse it first (resume takes the snapshot as live.snapshot() returns it).',
    );
  }
  if (saved === undefined || saved === null) {
    // Most likely a saved snapshot that was not found: starting empty instead would read the
    // whole log again, or worse, read on from nothing as if it had.
    throw new ProjectionError(
      'TENURE_INVALID_SNAPSHOT',
      `lifecycle.resume: received ${String(saved)}, not a snapshot; pass the parsed JSON of a saved live.snapshot(), or start without one with lifecycle.createProjection().`,
    );
  }
  const candidate = saved as Partial<ProjectionSnapshot>;
  if (
    typeof candidate !== 'object' ||
    candidate.format !== SNAPSHOT_FORMAT ||
    !Array.isArray(candidate.customers) ||
    typeof candidate.position !== 'number'
  ) {
    throw new ProjectionError(
      'TENURE_INVALID_SNAPSHOT',
      `lifecycle.resume: the value is not a projection snapshot (expected { format: "${SNAPSHOT_FORMAT}", ... } as live.snapshot() returns it); pass the parsed JSON of a saved snapshot.`,
    );
  }
  if (candidate.version !== SNAPSHOT_VERSION) {
    throw new ProjectionError(
      'TENURE_INVALID_SNAPSHOT',
      `lifecycle.resume: snapshot version ${String(candidate.version)} is not supported (this build reads version ${SNAPSHOT_VERSION}); rebuild the projection from the log.`,
    );
  }
  if (candidate.lifecycle !== fingerprint) {
    const savedVersion =
      typeof candidate.lifecycle === 'string'
        ? savedVersionOf(candidate.lifecycle, fingerprint, lifecycle.name)
        : undefined;
    if (savedVersion !== undefined) {
      throw new ProjectionError(
        'TENURE_SNAPSHOT_MISMATCH',
        `lifecycle.resume: this is version ${lifecycle.version} of lifecycle ${JSON.stringify(lifecycle.name)}, and the snapshot was saved by version ${savedVersion}: its machines or stages changed since; rebuild the projection from the log (createProjection() and apply every event).`,
      );
    }
    throw new ProjectionError(
      'TENURE_SNAPSHOT_MISMATCH',
      `lifecycle.resume: the snapshot was taken with lifecycle ${JSON.stringify(candidate.lifecycle)}, not ${JSON.stringify(fingerprint)}; resume it with the same lifecycle and machine inputs, or rebuild the projection from the log.`,
    );
  }
  const forgotten = candidate.forgotten;
  if (
    forgotten !== undefined &&
    (typeof forgotten !== 'object' ||
      forgotten === null ||
      Array.isArray(forgotten) ||
      !Object.values(forgotten).every((position) => Number.isSafeInteger(position)))
  ) {
    throw new ProjectionError(
      'TENURE_INVALID_SNAPSHOT',
      "lifecycle.resume: the snapshot's forgotten must map customer ids to log positions; the snapshot was altered, rebuild the projection from the log.",
    );
  }
  for (const entry of candidate.customers) {
    if (
      typeof entry?.customerId !== 'string' ||
      !Array.isArray(entry.events) ||
      entry.events.length === 0 ||
      !Array.isArray(entry.history) ||
      typeof entry.state?.machines !== 'object'
    ) {
      throw new ProjectionError(
        'TENURE_INVALID_SNAPSHOT',
        `lifecycle.resume: customer ${JSON.stringify(entry?.customerId)} of the snapshot is incomplete (expected events, history and state); the snapshot was altered or truncated, rebuild the projection from the log.`,
      );
    }
  }
}
