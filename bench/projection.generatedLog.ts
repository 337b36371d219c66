/**
 * The log the projection's memory phases read: any number of customers, streamed in chunks as
 * the file log reads them, without holding the events. Copies of a seeded sample business.
 */
import { Buffer } from 'node:buffer';
import type { EventInput, StoredEvent } from '../src/events/TenureEvent.js';
import type { EventLog, ReadOptions } from '../src/log/EventLog.js';
import { iterateChunks } from '../src/log/iterateChunks.js';
import { generateSampleBusiness } from '../src/sample/generateSampleBusiness.js';

/** Customers of the sample business that every copy repeats. */
export const TEMPLATE_CUSTOMERS = 2_000;
const CHUNK = 4096;
const MINUTE = 60_000;

/**
 * A log of `customers` customers (rounded up to whole copies of a {@link TEMPLATE_CUSTOMERS}
 * sample business), read in chunks of 4,096 events: no event is held after its chunk, as with
 * the file log. Each copy has its own customer ids, event ids and the ids of things a customer
 * owns (orders, leads, opportunities, subscriptions, support cases: `cust-...` values in the
 * data), as a real log would, so that a projection cannot share them between customers; the
 * catalogue (products, categories, plans, campaigns) is the same for every copy. Copy `k` is
 * `k` minutes later than the template, so that no two customers share an event time. The ids
 * are flat strings, one per customer and copy, as a file log's reads give them (a `${id}-${k}`
 * concatenation would be a rope of two strings, twice the bytes a projection keeps per id).
 *
 * @param onChunk - called before each chunk is handed out, with the number of events read so
 *   far (the memory phase checks its RSS there).
 */
export function generatedLog(
  customers: number,
  onChunk: (eventsRead: number) => void = () => undefined,
): GeneratedLog {
  const template = [...generateSampleBusiness({ seed: 7, customers: TEMPLATE_CUSTOMERS })];
  const copies = Math.ceil(customers / TEMPLATE_CUSTOMERS);
  return {
    customers: copies * TEMPLATE_CUSTOMERS,
    events: copies * template.length,
    read(options?: ReadOptions): AsyncIterable<StoredEvent> {
      return {
        [Symbol.asyncIterator]() {
          let copy = 0;
          let index = 0;
          let position = 0;
          /** The customer ids of the copy being read, by template id. */
          let ids = new Map<string, string>();
          return iterateChunks(() => {
            onChunk(position);
            const chunk: StoredEvent[] = [];
            while (chunk.length < CHUNK && copy < copies) {
              const event = template[index] as EventInput;
              position++;
              let customerId = ids.get(event.customerId);
              if (customerId === undefined) {
                customerId = flat(`${event.customerId}-${copy}`);
                ids.set(event.customerId, customerId);
              }
              if (options?.customerId === undefined || options.customerId === customerId) {
                chunk.push(copyOf(event, copy, customerId, position));
              }
              if (++index === template.length) {
                index = 0;
                copy++;
                ids = new Map();
              }
            }
            return copy === copies && chunk.length === 0 ? undefined : chunk;
          });
        },
      };
    },
  } as unknown as GeneratedLog;
}

/** The generated log (only `read` works) and its size. */
export interface GeneratedLog extends EventLog {
  readonly customers: number;
  readonly events: number;
}

/** The template event as copy `copy` stores it. */
function copyOf(event: EventInput, copy: number, customerId: string, position: number) {
  return {
    ...event,
    id: `${event.id}-${copy}`,
    customerId,
    at: (event.at as number) + copy * MINUTE,
    data: ownIds(event.data, copy),
    position,
    version: 0,
  } as StoredEvent;
}

/** `data` with every customer-owned id (`cust-...`) made the copy's own. */
function ownIds(data: unknown, copy: number): unknown {
  if (typeof data !== 'object' || data === null) return data;
  let copied: Record<string, unknown> | undefined;
  for (const [key, value] of Object.entries(data)) {
    if (typeof value === 'string' && value.startsWith('cust-')) {
      copied ??= { ...data };
      copied[key] = flat(`${value}-${copy}`);
    }
  }
  return copied ?? data;
}

/** `text` as a flat string of its own (V8 keeps a concatenation as a rope until it is read). */
function flat(text: string): string {
  return Buffer.from(text, 'latin1').toString('latin1');
}
