import { dropVoided, VOIDED_EVENT_TYPE } from '../events/dropVoided.js';
import { isBookkeepingEvent } from '../events/isBookkeepingEvent.js';
import type { StoredEvent } from '../events/TenureEvent.js';
import { type CustomerFold, closeFold, foldEvent, startFold } from './CustomerFold.js';
import type { CustomerState } from './CustomerState.js';
import { sortForFold } from './compareEvents.js';
import type { LiveLifecycle } from './createLiveProjection.js';
import { freezeProjection } from './freezeDeep.js';
import type { Projection } from './Projection.js';

/**
 * The batch projection's core, in one of two modes chosen by where the events come from.
 *
 * - Events in memory (`keepEvents`): the events are grouped by customer as they come, and each
 *   customer is folded at the end, one after the other, from their events in (at, position)
 *   order. A customer's fold is then in use only while their own events are folded: it stays
 *   in the processor's cache, and what it throws away dies young (interleaved customers would
 *   keep every fold alive across the whole log, and push its garbage into the old generation).
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
  /** Grouping mode: each customer's events, in arrival order. */
  readonly #groups = new Map<string, StoredEvent[]>();
  readonly #keepEvents: boolean;
  readonly #late = new Set<string>();
  readonly #until: number;
  #count = 0;
  #lastAt = Number.NEGATIVE_INFINITY;
  #position = 0;

  constructor(
    readonly lifecycle: LiveLifecycle,
    until: number | undefined,
    keepEvents: boolean,
  ) {
    this.#until = until ?? Number.POSITIVE_INFINITY;
    this.#keepEvents = keepEvents;
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

  /** {@link BatchFold.add} for each event of a chunk, in order. */
  addAll(events: readonly StoredEvent[]): void {
    for (let index = 0; index < events.length; index++) this.add(events[index] as StoredEvent);
  }

  add(event: StoredEvent): void {
    const at = event.at;
    if (at > this.#until) return;
    const type = event.type;
    // Profiles and erasures are not behaviour: they never reach a fold (voids do, as corrections).
    if (type !== VOIDED_EVENT_TYPE && isBookkeepingEvent(type)) return;
    this.#count++;
    if (at > this.#lastAt) this.#lastAt = at;
    const position = event.position;
    if (position > this.#position) this.#position = position;
    const customerId = event.customerId;
    if (this.#keepEvents) {
      const group = this.#groups.get(customerId);
      if (group === undefined) this.#groups.set(customerId, [event]);
      else group.push(event);
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
    const counting = events.filter(
      (event) => event.type === VOIDED_EVENT_TYPE || !isBookkeepingEvent(event.type),
    );
    const fold = this.#foldOf(customerId, counting);
    if (fold === undefined) this.#folds.delete(customerId);
    else this.#folds.set(customerId, fold);
  }

  /** Closes every customer at `asOf` (default: the last event time) into the frozen result. Once only. */
  project(asOf: number | undefined, freeze = true): Projection {
    const { compiled } = this.lifecycle;
    const time = asOf ?? (this.#count === 0 ? undefined : this.#lastAt);
    const grouping = this.#keepEvents;
    const ids = [...(grouping ? this.#groups : this.#folds).keys()].sort();
    const customers: CustomerState[] = [];
    for (let index = 0; index < ids.length; index++) {
      const customerId = ids[index] as string;
      let fold: CustomerFold | undefined;
      if (grouping) {
        // Each group is let go as soon as its customer is closed.
        fold = this.#foldOf(customerId, this.#groups.get(customerId) as StoredEvent[]);
        this.#groups.delete(customerId);
        // Every event of the customer was voided: as if they had never been logged.
        if (fold === undefined) continue;
      } else {
        fold = this.#folds.get(customerId) as CustomerFold;
        this.#folds.delete(customerId);
      }
      customers.push(closeFold(compiled, fold, time as number, true));
    }
    const projection: Projection = {
      lifecycle: this.lifecycle.name,
      stages: compiled.stages,
      activeStages: this.lifecycle.activeStages,
      asOf: time,
      events: this.#count,
      customers,
    };
    return freeze ? freezeProjection(projection) : projection;
  }

  /**
   * A customer folded from their events (any order; behaviour and voids only; sorted here, in
   * place), or undefined when every event was voided.
   */
  #foldOf(customerId: string, events: StoredEvent[]): CustomerFold | undefined {
    const compiled = this.lifecycle.compiled;
    let counting = events;
    for (let index = 0; index < events.length; index++) {
      if ((events[index] as StoredEvent).type === VOIDED_EVENT_TYPE) {
        counting = dropVoided(events) as StoredEvent[];
        break;
      }
    }
    if (counting.length === 0) return undefined;
    const fold = startFold(compiled, customerId);
    const sorted = sortForFold(counting);
    for (let index = 0; index < sorted.length; index++) {
      foldEvent(compiled, fold, sorted[index] as StoredEvent);
    }
    return fold;
  }
}
