import { dropVoided } from '../events/dropVoided.js';
import type { StoredEvent, TenureEvent } from '../events/TenureEvent.js';
import {
  applySubscriptionEvent,
  byTimeAndPosition,
  positionOf,
  type SubscriptionDraft,
  type SubscriptionRecord,
  subscriptionKey,
  subscriptionRecord,
} from './collectSubscriptions.js';

/** Where a subscription started: its records come in this order. */
interface Start {
  readonly startAt: number;
  readonly startPosition: number;
}

/** Where a subscription started, and its last event so far, in (at, position) order. */
interface Seen extends Start {
  lastAt: number;
  lastPosition: number;
}

/** The subscription events that change a draft (others never do, whatever their order). */
const APPLIED = new Set([
  'subscription.started',
  'subscription.renewed',
  'subscription.changed',
  'subscription.cancelled',
]);

/**
 * The subscriptions of a log kept as drafts while it streams, so that the records
 * `collectSubscriptions` makes from every event come out without the events being kept: a
 * subscription whose events come in (at, position) order, from its start, is one draft. A
 * customer with a subscription event out of that order, or before its start, is handed to
 * `unsettle`: the caller reads its events again and hands them to {@link settle}. For a log's
 * read only (positions unique, in read order). Internal: the valuation of
 * `lifecycle.projectCustomers`.
 */
export class SubscriptionTally {
  readonly #drafts = new Map<string, SubscriptionDraft>();
  readonly #seen = new Map<string, Seen>();
  /** Drafts of settled customers, from their own events, with where each started. */
  readonly #settled: { readonly start: Start; readonly draft: SubscriptionDraft }[] = [];

  /**
   * @param asOf Events after it are skipped; `undefined` when the caller's time is every event's.
   * @param unsettle Names a customer whose events must be read again.
   * @param unsettled Whether a customer's events will be read again (its drafts do not count).
   */
  constructor(
    private readonly asOf: number | undefined,
    private readonly unsettle: (customerId: string) => void,
    private readonly unsettled: (customerId: string) => boolean,
  ) {}

  /** Applies a `subscription.*` event of the log's read (other events are skipped). */
  add(event: StoredEvent): void {
    const type = event.type;
    if (!APPLIED.has(type)) return;
    const at = event.at;
    if (!Number.isFinite(at) || (this.asOf !== undefined && !(at <= this.asOf))) return;
    const customerId = event.customerId;
    const subscriptionId = (event.data as { subscriptionId?: unknown } | null)?.subscriptionId;
    if (typeof subscriptionId !== 'string' || this.unsettled(customerId)) return;
    const key = subscriptionKey(customerId, subscriptionId);
    const seen = this.#seen.get(key);
    const position = event.position;
    if (
      seen === undefined
        ? type !== 'subscription.started'
        : at < seen.lastAt || (at === seen.lastAt && position < seen.lastPosition)
    ) {
      this.unsettle(customerId);
      return;
    }
    applySubscriptionEvent(this.#drafts, event);
    if (seen === undefined) {
      this.#seen.set(key, {
        startAt: at,
        startPosition: position,
        lastAt: at,
        lastPosition: position,
      });
    } else {
      seen.lastAt = at;
      seen.lastPosition = position;
    }
  }

  /**
   * Builds an unsettled customer's drafts from its events (voids applied, those at or before
   * `time`), as `collectSubscriptions` does.
   */
  settle(events: readonly TenureEvent[], time: number): void {
    const relevant = dropVoided(events.filter((event) => event.at <= time)).filter((event) =>
      APPLIED.has(event.type),
    );
    relevant.sort(byTimeAndPosition);
    const drafts = new Map<string, SubscriptionDraft>();
    for (const event of relevant) {
      const before = drafts.size;
      applySubscriptionEvent(drafts, event);
      if (drafts.size === before) continue;
      const { subscriptionId } = event.data as { subscriptionId: string };
      this.#settled.push({
        start: { startAt: event.at, startPosition: positionOf(event) },
        draft: drafts.get(subscriptionKey(event.customerId, subscriptionId)) as SubscriptionDraft,
      });
    }
  }

  /**
   * Every subscription's record at `time`, in the order `collectSubscriptions` gives them (by
   * the time and position of their start). Call once every unsettled customer is settled.
   */
  records(time: number): SubscriptionRecord[] {
    const all = [...this.#settled];
    for (const [key, draft] of this.#drafts) {
      if (!this.unsettled(draft.customerId))
        all.push({ start: this.#seen.get(key) as Seen, draft });
    }
    all.sort(
      (a, b) => a.start.startAt - b.start.startAt || a.start.startPosition - b.start.startPosition,
    );
    return all.map(({ draft }) => subscriptionRecord(draft, time));
  }
}
