import { LogClosedError } from '../errors/LogClosedError.js';
import { unknownOption } from '../errors/unknownOption.js';
import { createEventCatalog } from '../events/createEventCatalog.js';
import type { EventType } from '../events/defineEventType.js';
import type { EventInput, StoredEvent, TenureEvent } from '../events/TenureEvent.js';
import {
  CUSTOMER_STREAMS,
  type CustomerStreams,
  type HoldsCustomerStreams,
  isFoldedEvent,
} from './customerStreams.js';
import {
  type AppendOptions,
  type AppendResult,
  asTypedLog,
  type EventLog,
  type ReadOptions,
  type VerifyResult,
} from './EventLog.js';
import { iterateChunks } from './iterateChunks.js';
import { planAppend } from './planAppend.js';
import { prepareBatch } from './prepareBatch.js';
import { resolveReadOptions } from './readOptions.js';

/** Options of {@link createMemoryLog}. */
export interface MemoryLogOptions {
  /** Event types of your own (from `defineEventType`), accepted besides the built-ins. Default: none. */
  readonly eventTypes?: readonly EventType[];
}

/**
 * Creates an in-process event log: the default for tests, scripts and projections that load
 * their events from elsewhere. Nothing is persisted. Stored events are the validated, normalised
 * copies of the inputs, deep-frozen: callers can change the log neither through their inputs nor
 * through what they read.
 *
 * @example
 * ```ts
 * const log = createMemoryLog();
 * await log.append([{ id: 'e1', type: 'purchase', customerId: 'c1', at: '2024-05-01',
 *   data: { orderId: 'o1', amount: 20, currency: 'EUR' } }]);
 * for await (const event of log.read({ customerId: 'c1' })) console.log(event.version);
 * ```
 */
export function createMemoryLog<TEvent extends TenureEvent = TenureEvent>(
  options: MemoryLogOptions = {},
): EventLog<TEvent> {
  const unknown = unknownOption('createMemoryLog', options, ['eventTypes']);
  if (unknown !== undefined) throw new TypeError(unknown);
  const catalog = createEventCatalog(options.eventTypes);
  const events: StoredEvent[] = [];
  const byId = new Map<string, StoredEvent>();
  const byCustomer = new Map<string, StoredEvent[]>();
  /** The latest time of an event a projection folds (see CustomerStreams). */
  let lastFoldedAt: number | undefined;
  let closed = false;

  const ensureOpen = (api: string): void => {
    if (closed)
      throw new LogClosedError(api, 'the memory log', 'createMemoryLog (a new, empty log)');
  };

  async function append(
    inputs: readonly EventInput[],
    appendOptions?: AppendOptions,
  ): Promise<AppendResult> {
    ensureOpen('log.append');
    const batch = await prepareBatch('log.append', inputs, catalog);
    // Validation awaited: the log may have been closed or appended to meanwhile, so read the
    // state only now, and plan and apply without another await (atomic in a single thread).
    ensureOpen('log.append');
    const stored = new Map<string, StoredEvent>();
    for (const event of batch.events) {
      const existing = byId.get(event.id);
      if (existing !== undefined) stored.set(event.id, existing);
    }
    const plan = planAppend('log.append', batch, appendOptions, {
      position: events.length,
      version: (customerId) => byCustomer.get(customerId)?.length ?? 0,
      stored,
    });
    const appended = plan.appended.map(deepFreeze);
    for (const event of appended) {
      events.push(event);
      byId.set(event.id, event);
      const stream = byCustomer.get(event.customerId);
      if (stream === undefined) byCustomer.set(event.customerId, [event]);
      else stream.push(event);
      const folded = isFoldedEvent(event.type);
      if (folded && (lastFoldedAt === undefined || event.at > lastFoldedAt))
        lastFoldedAt = event.at;
    }
    return { appended, skipped: plan.skipped, position: events.length };
  }

  function read(readOptions?: ReadOptions): AsyncIterable<StoredEvent> {
    ensureOpen('log.read');
    const { customerId, from, until } = resolveReadOptions('log.read', readOptions);
    return {
      [Symbol.asyncIterator]() {
        const source = customerId === undefined ? events : (byCustomer.get(customerId) ?? []);
        // Events appended after the read began are not part of it.
        const end = source.length;
        let index = customerId === undefined ? from - 1 : firstAtOrAfter(source, from);
        return iterateChunks(() => {
          if (index >= end) return undefined;
          const stop = Math.min(end, index + CHUNK_EVENTS);
          const chunk: StoredEvent[] = [];
          for (; index < stop; index++) {
            const event = source[index]!;
            if (event.at <= until) chunk.push(event);
          }
          return chunk;
        });
      },
    };
  }

  const log: EventLog & HoldsCustomerStreams = {
    // A batch projection folds each customer's stream as it is, without grouping the log again.
    [CUSTOMER_STREAMS](): CustomerStreams {
      ensureOpen('lifecycle.project');
      return { end: events.length, lastFoldedAt, streams: byCustomer };
    },
    append,
    read,
    async version(customerId) {
      ensureOpen('log.version');
      return byCustomer.get(customerId)?.length ?? 0;
    },
    async position() {
      ensureOpen('log.position');
      return events.length;
    },
    async verify(): Promise<VerifyResult> {
      ensureOpen('log.verify');
      return { ok: true, records: events.length };
    },
    async close() {
      closed = true;
    },
  };
  return asTypedLog<TEvent>(log);
}

/** Events handed to a reader per chunk. */
const CHUNK_EVENTS = 4096;

/** Index of the first event of a stream (sorted by position) at or after `position`. */
function firstAtOrAfter(stream: readonly StoredEvent[], position: number): number {
  let low = 0;
  let high = stream.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (stream[middle]!.position < position) low = middle + 1;
    else high = middle;
  }
  return low;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key]);
    Object.freeze(value);
  }
  return value;
}
