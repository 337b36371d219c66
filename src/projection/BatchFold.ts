import { dropVoided, VOIDED_EVENT_TYPE } from '../events/dropVoided.js';
import { isBookkeepingEvent } from '../events/isBookkeepingEvent.js';
import type { StoredEvent } from '../events/TenureEvent.js';
import { type CustomerStreams, isFoldedEvent } from '../log/customerStreams.js';
import { type CustomerFold, closeFold, foldEvent, startFold } from './CustomerFold.js';
import type { CustomerState } from './CustomerState.js';
import { compareEvents, sortForFold } from './compareEvents.js';
import { createStateSharing } from './createStateSharing.js';
import { freezeCustomer, freezeProjectionAround } from './freezeDeep.js';
import type { LiveLifecycle } from './live/createLiveProjection.js';
import type { Projection } from './Projection.js';

/**
 * The batch projection's core, in one of three modes chosen by where the events come from.
 *
 * - Events in memory (`keepEvents`): the events are grouped by customer, and each customer is
 *   folded at the end, one after the other, from their events in (at, position) order. A
 *   customer's fold is then in use only while their own events are folded: it stays in the
 *   processor's cache, and what it throws away dies young (interleaved customers would keep
 *   every fold alive across the whole log, and push its garbage into the old generation). The
 *   grouping is a counting sort: each event's customer number is noted as it comes, and the
 *   events are laid out customer after customer in one array at the end (no array per
 *   customer, grown event by event, to survive into the old generation).
 * - A log's customer streams ({@link BatchFold.takeStreams}, the memory log): grouped already,
 *   each customer's stream is folded from the log's own array at the end, as a group is.
 * - Events read from a log: each event is folded as it streams in when it comes after the
 *   customer's last one (the usual case, logs being mostly in time order); a customer who
 *   receives an older event is marked and re-folded at the end from their stream, read again
 *   from the log, so that projecting a log needs memory per customer, not per event.
 *
 * Internal.
 */
export class BatchFold {
  /** Streaming mode: the running fold of each customer. */
  readonly #folds = new Map<string, CustomerFold>();
  /** Grouping mode: each customer's number, in order of first event. */
  readonly #numbers = new Map<string, number>();
  /** Grouping mode: the customer of each number. */
  readonly #ids: string[] = [];
  /** Grouping mode: the counted events in arrival order, and the customer number of each. */
  #events: StoredEvent[] = [];
  #numberOf: number[] = [];
  /** Customer-streams mode: the log's streams, read up to position `#streamsEnd`. */
  #streams: ReadonlyMap<string, readonly StoredEvent[]> | undefined;
  #streamsEnd = Number.POSITIVE_INFINITY;
  /**
   * Customer-streams mode: the log's latest folded time when the streams are read whole, without
   * `until`; undefined otherwise, where the caller has its time already (an `asOf`, or the first
   * pass's).
   */
  #streamsLastAt: number | undefined;
  readonly #keepEvents: boolean;
  readonly #late = new Set<string>();
  readonly #until: number;
  /** The customers folded (all without): one pass of `projectCustomers` folds some of them. */
  readonly #accepts: ((customerId: string) => boolean) | undefined;
  #count = 0;
  #lastAt = Number.NEGATIVE_INFINITY;
  #position = 0;

  constructor(
    readonly lifecycle: LiveLifecycle,
    until: number | undefined,
    keepEvents: boolean,
    accepts?: (customerId: string) => boolean,
  ) {
    this.#until = until ?? Number.POSITIVE_INFINITY;
    this.#keepEvents = keepEvents;
    this.#accepts = accepts;
  }

  /**
   * The time a projection describes when not given one: the last counted event's (over every
   * customer, folded or not), undefined when no event counted.
   */
  get lastAt(): number | undefined {
    if (this.#streams !== undefined) return this.#streamsLastAt;
    return this.#count === 0 ? undefined : this.#lastAt;
  }

  /** Highest position seen: a re-read of a customer's stream must stop there. */
  get position(): number {
    return this.#position;
  }

  /**
   * Customers who received an event older than one already folded, to {@link BatchFold.refold}
   * from their stream (streaming mode; always empty when grouping).
   */
  get late(): ReadonlySet<string> {
    return this.#late;
  }

  /**
   * Takes a log's customer streams instead of its events one by one (grouping mode, before any
   * {@link BatchFold.add}): each customer is folded at the end from their own stream, events up
   * to position `end` (and to `until`), without the log being read and grouped again.
   */
  takeStreams(customerStreams: CustomerStreams, end = Number.POSITIVE_INFINITY): void {
    this.#streams = customerStreams.streams;
    this.#streamsEnd = Math.min(end, customerStreams.end);
    const whole = end >= customerStreams.end && this.#until === Number.POSITIVE_INFINITY;
    this.#streamsLastAt = whole ? customerStreams.lastFoldedAt : undefined;
    this.#position = this.#streamsEnd;
  }

  /** {@link BatchFold.add} for each event of a chunk, in order. */
  addAll(events: readonly StoredEvent[]): void {
    for (let index = 0; index < events.length; index++) this.add(events[index] as StoredEvent);
  }

  add(event: StoredEvent): void {
    const at = event.at;
    if (at > this.#until) return;
    const type = event.type;
    // Profiles and erasures are not behaviour: they never reach a fold (voids do, as corrections).
    if (!isFoldedEvent(type)) return;
    this.#count++;
    if (at > this.#lastAt) this.#lastAt = at;
    const position = event.position;
    if (position > this.#position) this.#position = position;
    const customerId = event.customerId;
    // Filtered out after counting: the default asOf is the whole log's, whoever is folded.
    if (this.#accepts !== undefined && !this.#accepts(customerId)) return;
    if (this.#keepEvents) {
      let number = this.#numbers.get(customerId);
      if (number === undefined) {
        number = this.#ids.length;
        this.#numbers.set(customerId, number);
        this.#ids.push(customerId);
      }
      this.#events.push(event);
      this.#numberOf.push(number);
      return;
    }
    let fold = this.#folds.get(customerId);
    if (fold === undefined) {
      fold = startFold(this.lifecycle.compiled, customerId);
      this.#folds.set(customerId, fold);
    }
    if (fold.stale) return;
    // A correction: re-fold the customer at the end without the voided event.
    if (
      type === VOIDED_EVENT_TYPE ||
      at < fold.lastAt ||
      (at === fold.lastAt && position < fold.lastPosition)
    ) {
      fold.stale = true;
      this.#late.add(customerId);
      return;
    }
    foldEvent(this.lifecycle.compiled, fold, event);
  }

  /** Re-folds a late customer from all their events as the log holds them (any order). */
  refold(customerId: string, events: readonly StoredEvent[]): void {
    const fold = this.#foldOf(customerId, events);
    if (fold === undefined) this.#folds.delete(customerId);
    else this.#folds.set(customerId, fold);
  }

  /** Closes every customer at `asOf` (default: the last event time) into the frozen result. Once only. */
  project(asOf: number | undefined, freeze = true): Projection {
    const { compiled } = this.lifecycle;
    const time = asOf ?? this.lastAt;
    const customers: CustomerState[] = [];
    // Each customer frozen as it is closed, while its objects are still in the processor's cache.
    const sharing = freeze ? createStateSharing() : undefined;
    for (const customer of this.close(time)) {
      if (sharing !== undefined) freezeCustomer(customer, sharing);
      customers.push(customer);
    }
    const projection: Projection = {
      lifecycle: this.lifecycle.name,
      stages: compiled.stages,
      funnel: compiled.funnel,
      activeStages: this.lifecycle.activeStages,
      asOf: time,
      events: countedEvents(customers),
      customers,
    };
    return freeze ? freezeProjectionAround(projection) : projection;
  }

  /**
   * Closes the customers at `time` one after the other, in customerId order, not frozen; each
   * fold (or customer's events) is let go as its customer is handed out. Once only. `time` is
   * undefined only when no event counted, and then there is no customer.
   */
  *close(time: number | undefined): Generator<CustomerState, void, undefined> {
    const { compiled } = this.lifecycle;
    const streams = this.#streams;
    if (streams !== undefined) {
      const accepts = this.#accepts;
      const ids = accepts === undefined ? [...streams.keys()] : [...streams.keys()].filter(accepts);
      ids.sort();
      for (let index = 0; index < ids.length; index++) {
        const customerId = ids[index] as string;
        const fold = this.#foldOf(customerId, streams.get(customerId) as readonly StoredEvent[]);
        // Nothing of the customer's to fold (or everything voided): not a customer of this read.
        if (fold !== undefined) yield closeFold(compiled, fold, time as number, true);
      }
    } else if (this.#keepEvents) {
      const ids = [...this.#ids].sort();
      const { grouped, ends } = this.#groupByCustomer(ids);
      let start = 0;
      for (let index = 0; index < ids.length; index++) {
        const end = ends[index] as number;
        const fold = this.#foldOf(ids[index] as string, grouped, start, end);
        // Each customer's events are let go as soon as the customer is folded.
        for (let at = start; at < end; at++) grouped[at] = undefined as unknown as StoredEvent;
        start = end;
        // Every event of the customer was voided: as if they had never been logged.
        if (fold !== undefined) yield closeFold(compiled, fold, time as number, true);
      }
    } else {
      const ids = [...this.#folds.keys()].sort();
      for (let index = 0; index < ids.length; index++) {
        const customerId = ids[index] as string;
        const fold = this.#folds.get(customerId) as CustomerFold;
        this.#folds.delete(customerId);
        yield closeFold(compiled, fold, time as number, true);
      }
    }
  }

  /**
   * The grouped events, customer after customer in the order of `ids` (sorted), each
   * customer's in arrival order, and where each customer's events end. Lets go of the arrival
   * order (the grouping is done once).
   */
  #groupByCustomer(ids: readonly string[]): { grouped: StoredEvent[]; ends: Int32Array } {
    const events = this.#events;
    const numberOf = this.#numberOf;
    this.#events = [];
    this.#numberOf = [];
    const numbers = this.#numbers;
    const counts = new Int32Array(ids.length);
    for (let index = 0; index < numberOf.length; index++) {
      const number = numberOf[index] as number;
      counts[number] = (counts[number] as number) + 1;
    }
    // Where each customer's next event goes (by number), and where each one's events end (by rank).
    const next = new Int32Array(ids.length);
    const ends = new Int32Array(ids.length);
    let offset = 0;
    for (let rank = 0; rank < ids.length; rank++) {
      const number = numbers.get(ids[rank] as string) as number;
      next[number] = offset;
      offset += counts[number] as number;
      ends[rank] = offset;
    }
    const grouped: StoredEvent[] = new Array(events.length);
    for (let index = 0; index < events.length; index++) {
      const number = numberOf[index] as number;
      const to = next[number] as number;
      next[number] = to + 1;
      grouped[to] = events[index] as StoredEvent;
    }
    return { grouped, ends };
  }

  /**
   * A customer folded from their events `events[start..end)` (any order), or undefined when
   * none is left to fold: only behaviour within `until` (and, from a log's streams, within its
   * end) counts, and voids take out what they void. Events already in fold order, all of them
   * behaviour to fold (the usual case), are folded where they are; others are copied, sorted
   * and cleared first.
   */
  #foldOf(
    customerId: string,
    events: readonly StoredEvent[],
    start = 0,
    end = events.length,
  ): CustomerFold | undefined {
    if (start === end) return undefined;
    const compiled = this.lifecycle.compiled;
    const until = this.#until;
    const last = this.#streamsEnd;
    let plain = true;
    let previous: StoredEvent | undefined;
    for (let index = start; plain && index < end; index++) {
      const event = events[index] as StoredEvent;
      if (
        isBookkeepingEvent(event.type) ||
        event.at > until ||
        event.position > last ||
        (previous !== undefined && compareEvents(previous, event) > 0)
      ) {
        plain = false;
      }
      previous = event;
    }
    let folded = events;
    if (!plain) {
      const counted = events
        .slice(start, end)
        .filter(
          (event) => event.at <= until && event.position <= last && isFoldedEvent(event.type),
        );
      folded = sortForFold(dropVoided(counted) as StoredEvent[]);
      start = 0;
      end = folded.length;
      if (end === 0) return undefined;
    }
    const fold = startFold(compiled, customerId);
    for (let index = start; index < end; index++) {
      foldEvent(compiled, fold, folded[index] as StoredEvent);
    }
    return fold;
  }
}

/**
 * The events that count after corrections, as the live projection counts them: voids and the
 * events they void are not counted (`#count`, which only decides whether there is a default
 * `asOf`, holds both).
 */
function countedEvents(customers: readonly CustomerState[]): number {
  let events = 0;
  for (let index = 0; index < customers.length; index++) {
    events += (customers[index] as CustomerState).facts.events;
  }
  return events;
}
