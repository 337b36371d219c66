import type { StoredEvent, TenureEvent } from '../events/TenureEvent.js';
import { isPurchaseEvent } from '../valuation/PurchaseTally.js';
import type { StreamValuation } from '../valuation/startStreamValuation.js';
import type { ProjectionSource } from './createLifecycle.js';
import { isEventLog } from './foldSource.js';
import { stopIfAborted } from './projectionSignal.js';
import { readChunks } from './readChunks.js';

/**
 * Hands the valuation the purchase, refund and void events of each customer it could not keep
 * a running summary of (`valuation.unsettled`), and from a log its subscription events, read
 * again: from a log in one more read (up to
 * position `end`, as the first read saw it), from an array, or, for an iterable that can be read
 * once only, from the events `kept` while it was read. Holds those customers' events until they
 * are settled. One read rather than a read of each customer's stream: a log without an index by
 * customer (a file, a generated log) would be read once per customer. An aborted `signal` stops
 * the read at the next chunk. Internal: between the first read of `projectCustomers` and its fit.
 */
export async function settleCustomers(
  valuation: StreamValuation,
  source: ProjectionSource,
  time: number,
  end: number,
  kept: readonly TenureEvent[] | undefined,
  signal: AbortSignal | undefined,
): Promise<void> {
  const unsettled = valuation.unsettled;
  if (unsettled.size === 0) return;
  const byCustomer = new Map<string, TenureEvent[]>();
  const log = isEventLog(source);
  const take = (event: TenureEvent): void => {
    if (!unsettled.has(event.customerId)) return;
    // A log's subscriptions are drafts the valuation builds again too (see SubscriptionTally).
    if (!isPurchaseEvent(event) && !(log && event.type.startsWith('subscription.'))) return;
    const own = byCustomer.get(event.customerId);
    if (own === undefined) byCustomer.set(event.customerId, [event]);
    else own.push(event);
  };
  if (log) {
    await readChunks(source.read({ until: time }), (chunk: readonly StoredEvent[]) => {
      stopIfAborted(signal);
      for (const event of chunk) if (event.position <= end) take(event);
    });
  } else {
    for (const event of Array.isArray(source) ? (source as readonly TenureEvent[]) : (kept ?? [])) {
      take(event);
    }
  }
  for (const customerId of [...unsettled]) {
    const events = byCustomer.get(customerId) ?? [];
    byCustomer.delete(customerId);
    valuation.settle(customerId, events, time);
  }
}
