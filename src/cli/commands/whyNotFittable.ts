import { dropVoided } from '../../events/dropVoided.js';
import type { TenureEvent } from '../../events/TenureEvent.js';
import type { EventLog } from '../../log/EventLog.js';
import { unitDays } from '../../models/summary/timeUnit.js';
import { formatDay } from '../format/formatNumbers.js';
import type { FitRequest } from './fitModelOnEvents.js';

const DAY_MS = 86_400_000;

/**
 * Why `tenure fit` has nothing to fit, in the words of the command line (its flags, the log's
 * dates), or `undefined` when the model has data. The models' own input checks speak of rows and
 * summaries, which a user of the CLI never built. `events` are the log's events up to the end of
 * the fit; `log` is read again only when there is nothing to fit, to find the first date after it.
 */
export async function whyNotFittable(
  log: EventLog,
  events: readonly TenureEvent[],
  request: FitRequest,
): Promise<string | undefined> {
  const end = formatDay(request.calibrationEnd);
  const counting = dropVoided(events).filter((event) => event.at <= request.calibrationEnd);
  if (request.model === 'sbg') {
    if (counting.some((event) => event.type === 'subscription.started')) return undefined;
    const first = await firstAt(log, 'subscription.started');
    return first === undefined
      ? 'the log holds no subscriptions: sbg fits renewals of subscriptions (subscription.started, .renewed and .cancelled events). Fit the purchases with --model bgnbd, pareto-nbd, gamma-gamma or bgbb.'
      : `no subscription starts on or before --calibration-end ${end}; the first starts on ${formatDay(first)}: choose a later calibration end.`;
  }
  const days = purchaseDaysByCustomer(counting, request.currency);
  if (days.size === 0) {
    const first = await firstAt(log, 'purchase');
    return first === undefined
      ? 'the log holds no purchases: import orders with `tenure import` first (or fit subscriptions with --model sbg).'
      : `no purchase falls on or before --calibration-end ${end}; the first purchase is on ${formatDay(first)}: choose a later calibration end.`;
  }
  const lastDay = Math.floor(request.calibrationEnd / DAY_MS);
  if (request.model === 'gamma-gamma') {
    if ([...days.values()].some((set) => set.size > 1)) return undefined;
    return `no customer bought again (on another day) by --calibration-end ${end}: gamma-gamma models the spend of repeat purchases. Choose a later calibration end.`;
  }
  if (request.model === 'bgbb') {
    const length = unitDays(request.unit);
    const firstDays = [...days.values()].map((set) => Math.min(...set));
    if (firstDays.some((first) => lastDay - first >= length)) return undefined;
    return `no customer's first purchase lies one --unit or more before --calibration-end ${end}, so bgbb sees no purchase opportunity. Choose a later calibration end or a shorter --unit.`;
  }
  return undefined;
}

function purchaseDaysByCustomer(
  events: readonly TenureEvent[],
  currency: string | undefined,
): Map<string, Set<number>> {
  const days = new Map<string, Set<number>>();
  for (const event of events) {
    if (event.type !== 'purchase') continue;
    if (currency !== undefined && (event.data as { currency?: unknown }).currency !== currency)
      continue;
    const day = Math.floor(event.at / DAY_MS);
    const set = days.get(event.customerId);
    if (set === undefined) days.set(event.customerId, new Set([day]));
    else set.add(day);
  }
  return days;
}

/** The earliest time of a still-counting event of this type in the whole log. */
async function firstAt(log: EventLog, type: string): Promise<number | undefined> {
  const kept: TenureEvent[] = [];
  for await (const event of log.read()) {
    if (event.type === type || event.type === 'event.voided') kept.push(event);
  }
  let first: number | undefined;
  for (const event of dropVoided(kept)) {
    if (first === undefined || event.at < first) first = event.at;
  }
  return first;
}
