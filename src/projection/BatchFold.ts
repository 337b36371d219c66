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
 * The batch projection's core. Folds events as they stream in: an event that comes after the
 * customer's last one (the usual case, logs being mostly in time order) is applied at once; a
 * customer who receives an older event is marked and re-folded at the end from their events in
 * (at, position) order. Where those events come from is the caller's choice: kept in memory
 * (`keepEvents`, for in-memory sources) or read again from the log (one customer's stream), so
 * that projecting a log needs memory per customer, not per event. Internal.
 */
export class BatchFold {
  readonly #folds = new Map<string, CustomerFold>();
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

  /** Customers who received an event older than one already folded. */
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
    let fold = this.#folds.get(customerId);
    if (fold === undefined) {
      fold = startFold(this.lifecycle.compiled, customerId);
      this.#folds.set(customerId, fold);
    }
    if (this.#keepEvents) {
      if (fold.kept === undefined) fold.kept = [event];
      else fold.kept.push(event);
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

  /** The kept events of a late customer, in fold order (with `keepEvents`). */
  keptEvents(customerId: string): StoredEvent[] {
    return sortForFold(this.#folds.get(customerId)?.kept ?? []);
  }

  /** Re-folds a late customer from all their events (any order; sorted here). */
  refold(customerId: string, events: StoredEvent[]): void {
    const compiled = this.lifecycle.compiled;
    const counting = dropVoided(events).filter((event) => !isBookkeepingEvent(event.type));
    // Every event of the customer was voided: as if they had never been logged.
    if (counting.length === 0) {
      this.#folds.delete(customerId);
      return;
    }
    const fold = startFold(compiled, customerId);
    const sorted = sortForFold(counting);
    for (let index = 0; index < sorted.length; index++) {
      foldEvent(compiled, fold, sorted[index] as StoredEvent);
    }
    this.#folds.set(customerId, fold);
  }

  /** Closes every customer at `asOf` (default: the last event time) into the frozen result. Once only. */
  project(asOf: number | undefined, freeze = true): Projection {
    const { compiled } = this.lifecycle;
    const time = asOf ?? (this.#count === 0 ? undefined : this.#lastAt);
    const ids = [...this.#folds.keys()].sort();
    // The folds in id order, then none in the map: each is let go as soon as it is closed.
    const folds: (CustomerFold | undefined)[] = new Array(ids.length);
    for (let index = 0; index < ids.length; index++) {
      folds[index] = this.#folds.get(ids[index] as string);
    }
    this.#folds.clear();
    const customers: CustomerState[] = new Array(ids.length);
    for (let index = 0; index < ids.length; index++) {
      const fold = folds[index] as CustomerFold;
      folds[index] = undefined;
      fold.kept = undefined;
      customers[index] = closeFold(compiled, fold, time as number, true);
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
}
