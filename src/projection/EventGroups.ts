import type { StoredEvent } from '../events/TenureEvent.js';
import { closeFold, foldEvent, startFold } from './CustomerFold.js';
import type { CustomerState } from './CustomerState.js';
import { sortForFold } from './compareEvents.js';
import type { LiveLifecycle } from './createLiveProjection.js';
import { freezeDeep } from './freezeDeep.js';
import type { Projection } from './Projection.js';

/**
 * Collects a log's events per customer, then folds each customer's events in (at, position)
 * order: the batch projection's core, shared by the sync and async entry points. Internal.
 */
export class EventGroups {
  readonly #byCustomer = new Map<string, StoredEvent[]>();
  readonly #until: number;
  #count = 0;
  #lastAt = Number.NEGATIVE_INFINITY;

  constructor(until: number | undefined) {
    this.#until = until ?? Number.POSITIVE_INFINITY;
  }

  add(event: StoredEvent): void {
    if (event.at > this.#until) return;
    const events = this.#byCustomer.get(event.customerId);
    if (events === undefined) this.#byCustomer.set(event.customerId, [event]);
    else events.push(event);
    this.#count++;
    if (event.at > this.#lastAt) this.#lastAt = event.at;
  }

  /** Folds every customer and closes each at `asOf` (default: the last event time). */
  project(lifecycle: LiveLifecycle, asOf: number | undefined): Projection {
    const { compiled } = lifecycle;
    const time = asOf ?? (this.#count === 0 ? undefined : this.#lastAt);
    const ids = [...this.#byCustomer.keys()].sort();
    const customers: CustomerState[] = new Array(ids.length);
    for (let index = 0; index < ids.length; index++) {
      const customerId = ids[index] as string;
      const events = sortForFold(this.#byCustomer.get(customerId) as StoredEvent[]);
      const fold = startFold(compiled, customerId);
      for (let at = 0; at < events.length; at++)
        foldEvent(compiled, fold, events[at] as StoredEvent);
      customers[index] = closeFold(compiled, fold, time as number, true);
    }
    return freezeDeep({
      lifecycle: lifecycle.name,
      stages: compiled.stages,
      activeStages: lifecycle.activeStages,
      asOf: time,
      events: this.#count,
      customers,
    });
  }
}
