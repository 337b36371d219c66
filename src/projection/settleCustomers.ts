import { VOIDED_EVENT_TYPE } from '../events/dropVoided.js';
import type { StoredEvent, TenureEvent } from '../events/TenureEvent.js';
import type { StreamValuation } from '../valuation/startStreamValuation.js';
import type { ProjectionSource } from './createLifecycle.js';
import { isEventLog } from './foldSource.js';
import { readChunks } from './readChunks.js';

/** Whether the valuation may need `event` again (see {@link settleCustomers}). */
export function isPurchaseEvent(event: TenureEvent): boolean {
  const type = event.type;
  return type === 'purchase' || type === 'refund' || type === VOIDED_EVENT_TYPE;
}

/**
 * Hands the valuation the purchase, refund and void events of each customer it could not keep
 * a running summary of (`valuation.unsettled`), read again: a log's stream of that customer up
 * to position `end`, an array's events, or, for an iterable that can be read once only, the
 * events `kept` while it was read. Internal: between the first read of `projectCustomers` and
 * its fit.
 */
export async function settleCustomers(
  valuation: StreamValuation,
  source: ProjectionSource,
  time: number,
  end: number,
  kept: readonly TenureEvent[] | undefined,
): Promise<void> {
  const unsettled = [...valuation.unsettled];
  if (unsettled.length === 0) return;
  if (isEventLog(source)) {
    // One customer at a time: only its events are held.
    for (const customerId of unsettled) {
      const events: StoredEvent[] = [];
      await readChunks(source.read({ customerId, until: time }), (chunk) => {
        for (const event of chunk) {
          if (event.position <= end && isPurchaseEvent(event)) events.push(event);
        }
      });
      valuation.settle(customerId, events, time);
    }
    return;
  }
  const wanted = valuation.unsettled;
  const byCustomer = new Map<string, TenureEvent[]>();
  for (const event of Array.isArray(source) ? (source as readonly TenureEvent[]) : (kept ?? [])) {
    if (!wanted.has(event.customerId) || !isPurchaseEvent(event)) continue;
    const own = byCustomer.get(event.customerId);
    if (own === undefined) byCustomer.set(event.customerId, [event]);
    else own.push(event);
  }
  for (const customerId of unsettled) {
    valuation.settle(customerId, byCustomer.get(customerId) ?? [], time);
  }
}
