import type { StoredEvent } from '../events/TenureEvent.js';
import { CUSTOMER_STREAMS, holdsCustomerStreams } from '../log/customerStreams.js';
import type { EventLog } from '../log/EventLog.js';
import type { BatchFold } from './BatchFold.js';
import type { ProjectionSource } from './createLifecycle.js';
import { stopIfAborted } from './projectionSignal.js';
import { readChunks } from './readChunks.js';

/**
 * Reads `source` into `batch`, events at or before `asOf` (all without). A log that keeps its
 * customers' streams (the memory log) hands them over as they are, unless `onEvents` must see
 * every event; any other log is folded as it streams, then read again for each customer with
 * late events, up to what the first read saw. `onEvents` sees every chunk too (the valuation's
 * fits). With `end`, events of a log past that position are skipped: a later pass of
 * `projectCustomers` reads the log as its first pass saw it. An aborted `signal` stops the read
 * at the next chunk, with its reason. Internal: the reading loop of the batch projections.
 */
export async function foldSource(
  batch: BatchFold,
  source: ProjectionSource,
  asOf: number | undefined,
  onEvents?: (events: readonly StoredEvent[]) => void,
  end = Number.POSITIVE_INFINITY,
  signal?: AbortSignal,
): Promise<void> {
  const consume = (events: readonly StoredEvent[]): void => {
    stopIfAborted(signal);
    batch.addAll(events);
    onEvents?.(events);
  };
  if (!isEventLog(source)) {
    await readChunks(source, consume);
    return;
  }
  if (onEvents === undefined && holdsCustomerStreams(source)) {
    batch.takeStreams(source[CUSTOMER_STREAMS](), end);
    return;
  }
  const read = source.read(asOf === undefined ? undefined : { until: asOf });
  await readChunks(read, end === Number.POSITIVE_INFINITY ? consume : upTo(end, consume));
  // Customers with late events: read their stream again, up to what the first read saw.
  const seen = batch.position;
  for (const customerId of batch.late) {
    const events: StoredEvent[] = [];
    const stream = source.read(asOf === undefined ? { customerId } : { customerId, until: asOf });
    await readChunks(stream, (chunk) => {
      stopIfAborted(signal);
      for (const event of chunk) if (event.position <= seen) events.push(event);
    });
    batch.refold(customerId, events);
  }
}

/** `consume` of each chunk's events at or before position `end`. */
function upTo(
  end: number,
  consume: (events: readonly StoredEvent[]) => void,
): (events: readonly StoredEvent[]) => void {
  return (events) => {
    let last = events.length;
    while (last > 0 && (events[last - 1] as StoredEvent).position > end) last--;
    if (last === events.length) consume(events);
    else consume(events.filter((event) => event.position <= end));
  };
}

/** True for an event log (it has `read`), false for an (async) iterable of events. */
export function isEventLog(source: ProjectionSource): source is EventLog {
  return typeof (source as Partial<EventLog>).read === 'function';
}

/**
 * Whether a batch projection of `source` groups its events by customer (events in memory: an
 * array, an iterable, or a log that keeps its customers' streams) rather than folding them as
 * they stream.
 */
export function groupsInMemory(source: ProjectionSource): boolean {
  return !isEventLog(source) || holdsCustomerStreams(source);
}
