import { dropVoided, VOIDED_EVENT_TYPE } from '../../events/dropVoided.js';
import { isBookkeepingEvent } from '../../events/isBookkeepingEvent.js';
import type { StoredEvent } from '../../events/TenureEvent.js';
import type { CompiledLifecycle } from '../../machines/index.js';
import { defaultPersonalFields, type PersonalFields } from '../../privacy/personalFields.js';
import { startValuation } from '../../valuation/startValuation.js';
import { addToFacts } from '../CustomerFacts.js';
import {
  advanceFold,
  type CustomerFold,
  closeFold,
  foldEvent,
  historyOf,
  publishState,
  restoreHistory,
  restoreState,
  stageEnteredAt,
  startFold,
} from '../CustomerFold.js';
import type { CustomerState } from '../CustomerState.js';
import { checkProjectionOptions } from '../checkProjectionOptions.js';
import { compareEvents } from '../compareEvents.js';
import { erasedEvent, FORGOTTEN_EVENT_TYPE } from '../erasedEvent.js';
import { freezeDeep, freezeProjection } from '../freezeDeep.js';
import type {
  LiveProjection,
  LiveStateOptions,
  StageChange,
  StageChangeListener,
} from '../LiveProjection.js';
import type { Projection } from '../Projection.js';
import {
  type ProjectionSnapshot,
  SNAPSHOT_FORMAT,
  SNAPSHOT_VERSION,
  type SnapshotCustomer,
} from '../ProjectionSnapshot.js';
import { resolveTime } from '../resolveTime.js';
import { checkEvent, checkIterable, checkListener } from './checkLiveInput.js';
import type { LiveCustomer } from './LiveCustomer.js';
import { UndoJournal } from './UndoJournal.js';
import { WakeQueue } from './WakeQueue.js';

/** What the live projection needs to know about its lifecycle. Internal. */
export interface LiveLifecycle {
  readonly compiled: CompiledLifecycle;
  readonly name: string;
  /** The snapshot's `lifecycle` tag: name, machines, stages and machine inputs. */
  readonly fingerprint: string;
  readonly activeStages: readonly string[] | undefined;
}

/**
 * Creates a live projection, empty or from a snapshot (checked by the caller with
 * `checkSnapshot`). Internal: see `createLifecycle`.
 */
export function createLiveProjection(
  lifecycle: LiveLifecycle,
  snapshot?: ProjectionSnapshot,
  personalFields: PersonalFields = defaultPersonalFields,
): LiveProjection {
  const { compiled, name } = lifecycle;
  const customers = new Map<string, LiveCustomer>();
  const wakes = new WakeQueue();
  const listeners = new Set<StageChangeListener>();
  // Customers whose due wake-up changed nothing (a machine waiting for an event): `advance`
  // does not queue them again until their next event. Almost always empty.
  const unqueued = new Set<string>();
  let now = Number.NEGATIVE_INFINITY;
  let position = 0;
  let pending: StageChange[] = [];
  const journal = new UndoJournal();
  // Per forgotten customer, the position of their latest `customer.forgotten` record: events
  // logged before it are erased however late they are applied.
  const forgottenAt = new Map<string, number>();

  if (snapshot !== undefined) restore(snapshot);

  function schedule(customerId: string, fold: CustomerFold): void {
    if (unqueued.size > 0) unqueued.delete(customerId);
    if (fold.wake !== Number.POSITIVE_INFINITY) wakes.push(fold.wake, customerId);
  }

  function record(fold: CustomerFold, from: number, cause: StageChange['cause']): void {
    if (listeners.size === 0) return;
    // The history is flat: [stage0, at0, stage1, at1, ...].
    const history = fold.history;
    for (let index = from; index < history.length; index += 2) {
      pending.push({
        customerId: fold.customerId,
        from: index === 0 ? undefined : (history[index - 2] as string),
        to: history[index] as string,
        at: history[index + 1] as number,
        cause,
      });
    }
  }

  function refold(customerId: string, events: readonly StoredEvent[], until: number): CustomerFold {
    const fold = startFold(compiled, customerId);
    let end = 0;
    while (end < events.length && events[end]!.at <= until) end++;
    // Corrections known by `until` apply: voided events are not folded.
    for (const event of dropVoided(end === events.length ? events : events.slice(0, end))) {
      foldEvent(compiled, fold, event);
    }
    return fold;
  }

  /** A fold of all the customer's `events`, its clocks brought up to `time` as the live one's were. */
  function refoldClockedTo(
    customerId: string,
    events: readonly StoredEvent[],
    time: number,
  ): CustomerFold {
    const fold = refold(customerId, events, Number.POSITIVE_INFINITY);
    advanceFold(compiled, fold, time);
    return fold;
  }

  /**
   * Applies one event, or nothing when the lifecycle's code fails on it (or on a clock it makes
   * fall due): the projection is then as before, and the error is thrown.
   */
  function applyOne(event: StoredEvent, api: string): boolean {
    checkEvent(event, api);
    // Profiles and erasures are not behaviour (voids are folded as corrections); the position
    // still moves past them, or a catch-up from `position + 1` would read them again each time.
    if (event.type !== VOIDED_EVENT_TYPE && isBookkeepingEvent(event.type)) {
      if (event.type === FORGOTTEN_EVENT_TYPE) erase(event);
      if (event.position > position) position = event.position;
      return false;
    }
    const nowBefore = now;
    const positionBefore = position;
    const pendingBefore = pending.length;
    try {
      const customer = customerOf(event.customerId);
      if (!foldInto(customer, event, now)) {
        journal.commit();
        return false;
      }
      schedule(event.customerId, customer.fold);
      if (event.position > position) position = event.position;
      if (event.at > now) advance(event.at);
      journal.commit();
      return true;
    } catch (error) {
      rollBack(nowBefore, positionBefore, pendingBefore);
      throw error;
    }
  }

  /** The customer, new if the projection has none of that id, saved in the journal. */
  function customerOf(customerId: string): LiveCustomer {
    let customer = customers.get(customerId);
    const created = customer === undefined;
    if (customer === undefined) {
      customer = {
        events: [],
        fold: startFold(compiled, customerId),
        voided: undefined,
        slot: -1,
        saved: -1,
      };
      customers.set(customerId, customer);
    }
    journal.save(customer, created, unqueued.size > 0 && unqueued.has(customerId));
    return customer;
  }

  /**
   * The customer's personal data erased (`forgotten`, their `customer.forgotten` record): each
   * personal field of their events logged before it reads `'[erased]'`, as the private log reads
   * them from then on (what was logged after it is under a new key, and readable). The folds
   * are left as they are: stages and facts do not come from personal data.
   */
  function erase(forgotten: StoredEvent): void {
    const latest = forgottenAt.get(forgotten.customerId);
    if (latest === undefined || forgotten.position > latest) {
      forgottenAt.set(forgotten.customerId, forgotten.position);
    }
    const customer = customers.get(forgotten.customerId);
    if (customer === undefined) return;
    const { events } = customer;
    for (let index = 0; index < events.length; index++) {
      const event = events[index]!;
      if (event.position > forgotten.position) continue;
      const erased = erasedEvent(event, personalFields);
      if (erased !== undefined) events[index] = erased;
    }
  }

  /** `event` erased when it was logged before its customer's applied `customer.forgotten`. */
  function erasedIfForgotten(event: StoredEvent): StoredEvent {
    if (forgottenAt.size === 0) return event;
    const latest = forgottenAt.get(event.customerId);
    if (latest === undefined || event.position > latest) return event;
    return erasedEvent(event, personalFields) ?? event;
  }

  /** The forgotten customers' record positions, by customer id in order (the snapshot's). */
  function forgottenRecords(): Record<string, number> {
    // fromEntries defines own properties: a customer id "__proto__" is a key like any other.
    return Object.fromEntries([...forgottenAt.entries()].sort(([a], [b]) => (a < b ? -1 : 1)));
  }

  /**
   * Undoes the call being applied: every customer it changed is as before (their fold rebuilt
   * from their events up to the clock it had, as a late event's is), and so are the clock, the
   * position and the stage changes waiting to be reported.
   */
  function rollBack(nowBefore: number, positionBefore: number, pendingBefore: number): void {
    for (const saved of journal.undo()) {
      const customer = saved.customer;
      const customerId = customer.fold.customerId;
      customer.slot = -1;
      if (saved.created) {
        customers.delete(customerId);
        unqueued.delete(customerId);
        continue;
      }
      const fold = refoldClockedTo(customerId, customer.events, saved.clockedTo);
      customer.fold = fold;
      customer.voided = voidedIds(customer.events);
      if (saved.waitedForEvent) unqueued.add(customerId);
      else schedule(customerId, fold);
    }
    now = nowBefore;
    position = positionBefore;
    pending.length = pendingBefore;
  }

  /**
   * Folds a behaviour event into its customer as `apply` does when the projection's clock reads
   * `clock` (the time before the event). False for a duplicate, which changes nothing.
   */
  function foldInto(customer: LiveCustomer, applied: StoredEvent, clock: number): boolean {
    const { events, fold } = customer;
    const event = erasedIfForgotten(applied);
    const last = events[events.length - 1];
    const inOrder =
      event.type !== VOIDED_EVENT_TYPE &&
      (last === undefined || (compareEvents(last, event) < 0 && event.at >= fold.lastClockAt)) &&
      customer.voided?.has(event.id) !== true;
    if (inOrder) {
      events.push(event);
      let before = fold.history.length;
      // The clocks due by the event's time come first (`foldEvent` would inject them): they are
      // the clock's changes, also at the event's own instant.
      if (listeners.size > 0 && fold.wake <= event.at && fold.events > 0) {
        advanceFold(compiled, fold, event.at);
        record(fold, before, 'clock');
        before = fold.history.length;
      }
      foldEvent(compiled, fold, event);
      record(fold, before, 'event');
      before = fold.history.length;
      advanceFold(compiled, fold, clock);
      record(fold, before, 'clock');
      return true;
    }
    const index = insertionIndex(events, event);
    if (index < events.length && compareEvents(events[index]!, event) === 0) return false;
    journal.beforeInsert(customer);
    events.splice(index, 0, event);
    const target = voidTarget(event);
    if (target !== undefined) {
      customer.voided ??= new Set();
      customer.voided.add(target);
    }
    const rebuilt = refoldClockedTo(fold.customerId, events, Math.max(clock, fold.clockedTo));
    // A customer whose every event is voided leaves the projection: no change into the initial
    // stage. One who had none counted gets a first stage, as from their first event.
    const first = fold.events === 0;
    if (listeners.size > 0 && rebuilt.events > 0 && (first || rebuilt.stage !== fold.stage)) {
      pending.push({
        customerId: fold.customerId,
        from: first ? undefined : fold.stage,
        to: rebuilt.stage,
        at: stageEnteredAt(rebuilt),
        cause: 'late-event',
      });
    }
    customer.fold = rebuilt;
    return true;
  }

  /** Moves the clock to `time`, firing due wake-ups (of customers outside the batch being folded). */
  function advance(time: number): void {
    now = time;
    for (let due = wakes.peek(); due !== undefined && due <= time; due = wakes.peek()) {
      const customerId = wakes.pop()!;
      const customer = customers.get(customerId);
      // Stale entry: the customer's wake-up time changed since it was queued. A customer in
      // the batch was woken with its events; it is queued again afterwards.
      if (customer === undefined || customer.fold.wake !== due || customer.slot >= 0) continue;
      journal.save(customer, false, unqueued.size > 0 && unqueued.has(customerId));
      const before = customer.fold.history.length;
      advanceFold(compiled, customer.fold, time);
      record(customer.fold, before, 'clock');
      if (customer.fold.wake !== due) schedule(customerId, customer.fold);
      // A clock that changed nothing: its machine waits for an event (see `unqueued`).
      else unqueued.add(customerId);
    }
  }

  /**
   * `applyAll` without listeners: the batch folded customer by customer, each customer seeing
   * the clock the event-by-event path would show it. The clock advances at each event later
   * than every one before it (an advance point); the event-by-event path then advances every
   * customer whose queued wake-up is due, to that time. A customer's fold depends only on its
   * own events, the clock before each of them and the advance points at which it was woken, so
   * replaying those per customer gives the same folds (also `clockedTo` and `lastClockAt`),
   * with a queue entry per customer rather than per event.
   */
  function catchUp(batch: readonly StoredEvent[]): number {
    const count = batch.length;
    const clockBefore = new Float64Array(count);
    // pointsBefore[i]: how many advance points the events before i made.
    const pointsBefore = new Int32Array(count);
    // The batch's customers in order of appearance, each with its events as a linked list.
    const members: LiveCustomer[] = [];
    const first = new Int32Array(count);
    const last = new Int32Array(count);
    const next = new Int32Array(count);
    const points: number[] = [];
    const nowBefore = now;
    const positionBefore = position;
    // Erasures are done once the batch is folded (a failing batch is applied again event by
    // event, which erases in order).
    const forgotten: StoredEvent[] = [];
    let clock = now;
    try {
      for (let index = 0; index < count; index++) {
        const event = batch[index]!;
        pointsBefore[index] = points.length;
        if (event.type !== VOIDED_EVENT_TYPE && isBookkeepingEvent(event.type)) {
          if (event.type === FORGOTTEN_EVENT_TYPE) forgotten.push(event);
          if (event.position > position) position = event.position;
          continue;
        }
        clockBefore[index] = clock;
        // A duplicate is never later than the clock (its first copy moved it): counting it
        // adds no advance point, as `apply`, which returns before advancing, adds none.
        if (event.at > clock) {
          clock = event.at;
          points.push(clock);
        }
        const customer = customerOf(event.customerId);
        next[index] = -1;
        if (customer.slot < 0) {
          customer.slot = members.length;
          first[customer.slot] = index;
          members.push(customer);
        } else {
          next[last[customer.slot]!] = index;
        }
        last[customer.slot] = index;
      }
      let added = 0;
      // Whether each member is still queued after its fold (a clock may leave it waiting).
      const stillQueued = new Uint8Array(members.length);
      for (const customer of members) {
        const customerId = customer.fold.customerId;
        // A customer is queued once it has an event, unless a clock left it waiting for one.
        let queued = customer.events.length > 0 && !unqueued.has(customerId);
        let from = 0;
        for (let index = first[customer.slot]!; index >= 0; index = next[index]!) {
          if (queued) queued = wakeWithin(customer, points, from, pointsBefore[index]!);
          const event = batch[index]!;
          if (foldInto(customer, event, clockBefore[index]!)) {
            added++;
            queued = true;
            if (event.position > position) position = event.position;
          }
          from = pointsBefore[index]!;
        }
        if (queued) queued = wakeWithin(customer, points, from, points.length);
        stillQueued[customer.slot] = queued ? 1 : 0;
      }
      // The customers outside the batch, woken at each advance point as `apply` would wake them
      // (members are skipped: their slot is still set).
      for (const time of points) advance(time);
      for (const customer of members) {
        const customerId = customer.fold.customerId;
        if (stillQueued[customer.slot] === 1) schedule(customerId, customer.fold);
        else unqueued.add(customerId);
        customer.slot = -1;
      }
      journal.commit();
      for (const record of forgotten) erase(record);
      return added;
    } catch {
      // The lifecycle's code failed somewhere in the batch: undone whole, it is applied again
      // event by event, which applies the events before the one that fails and throws there.
      rollBack(nowBefore, positionBefore, 0);
      let added = 0;
      for (const event of batch) if (applyOne(event, 'live.applyAll')) added++;
      // Only code that fails now and then gets here (the same code fails on the same events):
      // the batch is then applied, and its first failure is not thrown.
      return added;
    }
  }

  /**
   * Wakes a queued customer at the advance points `from` to `to` (exclusive), as `advance` would
   * there. Returns whether the customer is still queued afterwards.
   */
  function wakeWithin(
    customer: LiveCustomer,
    points: readonly number[],
    from: number,
    to: number,
  ): boolean {
    const fold = customer.fold;
    let point = from;
    for (;;) {
      const due = fold.wake;
      if (due === Number.POSITIVE_INFINITY) return true;
      point = firstAtOrAfter(points, due, point, to);
      if (point === to) return true;
      advanceFold(compiled, fold, points[point]!);
      if (fold.wake === due) return false;
    }
  }

  /**
   * Reports the changes made before `error` stopped a call (the events before it are applied),
   * then rethrows it: a listener's error is dropped then, the call's own failure is the one to
   * handle.
   */
  function flushAndThrow(error: unknown): never {
    try {
      flush();
    } catch {
      // See above: `error` is rethrown instead.
    }
    throw error;
  }

  function flush(): void {
    if (pending.length === 0) return;
    const changes = pending;
    pending = [];
    // Every listener hears every change even when one throws; the first error is rethrown after.
    let failure: { error: unknown } | undefined;
    for (const change of changes) {
      for (const listener of [...listeners]) {
        try {
          listener(change);
        } catch (error) {
          failure ??= { error };
        }
      }
    }
    if (failure !== undefined) throw failure.error;
  }

  function view(
    customerId: string,
    customer: LiveCustomer,
    asOf: number,
  ): CustomerState | undefined {
    const { events, fold } = customer;
    if (events[0]!.at > asOf) return undefined;
    // The fold holds every void: one dated after `asOf` was not known then, so its events
    // still count there (the last event is at least the last counted one, `fold.lastAt`).
    const current = events[events.length - 1]!.at <= asOf && fold.lastClockAt <= asOf;
    const source = current ? fold : refold(customerId, events, asOf);
    // Every event by `asOf` voided: the customer is not in the projection, as in `project`.
    if (source.events === 0) return undefined;
    return closeFold(compiled, source, asOf, !current);
  }

  function resolveAsOf(
    api: string,
    options: LiveStateOptions | undefined,
    known: readonly string[] = ['asOf'],
  ): number | undefined {
    if (options !== undefined) checkProjectionOptions(api, options, known);
    if (options?.asOf === undefined) return Number.isFinite(now) ? now : undefined;
    return resolveTime(api, 'asOf', options.asOf, undefined);
  }

  function restore(saved: ProjectionSnapshot): void {
    for (const [customerId, at] of Object.entries(saved.forgotten ?? {})) {
      forgottenAt.set(customerId, at);
    }
    for (const entry of saved.customers) {
      const fold = startFold(compiled, entry.customerId);
      const events = entry.events.slice();
      const counted = dropVoided(events);
      for (const event of counted) addToFacts(fold, event);
      // The last counted event, as a fold that folded them all has it (a void is not folded).
      const last = counted[counted.length - 1];
      // No history: every event of the customer is voided, the fold is in its initial stage.
      const current = entry.history[entry.history.length - 1];
      restoreState(compiled, fold, entry.state);
      if (current !== undefined) fold.stage = current.stage;
      restoreHistory(fold, entry.history);
      fold.clockedTo = entry.clockedTo ?? Number.NEGATIVE_INFINITY;
      fold.lastClockAt = entry.lastClockAt ?? Number.NEGATIVE_INFINITY;
      if (last !== undefined) {
        fold.lastAt = last.at;
        fold.lastPosition = last.position;
      }
      customers.set(entry.customerId, {
        events,
        fold,
        voided: voidedIds(events),
        slot: -1,
        saved: -1,
      });
      if (entry.waitsForEvent === true) unqueued.add(entry.customerId);
      else schedule(entry.customerId, fold);
    }
    now = saved.now ?? Number.NEGATIVE_INFINITY;
    position = saved.position;
  }

  return {
    apply(event) {
      let added: boolean;
      try {
        added = applyOne(event, 'live.apply');
      } catch (error) {
        flushAndThrow(error);
      }
      flush();
      return added;
    },
    applyAll(events) {
      checkIterable(events);
      if (listeners.size > 0) {
        let added = 0;
        try {
          for (const event of events) if (applyOne(event, 'live.applyAll')) added++;
        } catch (error) {
          flushAndThrow(error);
        }
        flush();
        return added;
      }
      // Read up to the first bad event, as the loop above stops there, then fold what was read
      // before rethrowing: the events before a bad one are applied either way.
      const batch: StoredEvent[] = [];
      let failure: { error: unknown } | undefined;
      try {
        for (const event of events) {
          checkEvent(event, 'live.applyAll');
          batch.push(event);
        }
      } catch (error) {
        failure = { error };
      }
      const added = catchUp(batch);
      if (failure !== undefined) throw failure.error;
      return added;
    },
    advanceTo(time) {
      const at = resolveTime('live.advanceTo', 'time', time, undefined);
      if (at <= now) return;
      const nowBefore = now;
      try {
        advance(at);
        journal.commit();
      } catch (error) {
        // Undone whole, as each customer's clock cannot be half moved.
        rollBack(nowBefore, position, 0);
        throw error;
      }
      flush();
    },
    get now() {
      return Number.isFinite(now) ? now : undefined;
    },
    get position() {
      return position;
    },
    get size() {
      return customers.size;
    },
    state(options) {
      const asOf = resolveAsOf('live.state', options, ['asOf', 'churn', 'clv']);
      const valuing = startValuation('live.state', options);
      const ids = [...customers.keys()].sort();
      const result: CustomerState[] = [];
      let count = 0;
      if (asOf !== undefined) {
        for (const customerId of ids) {
          const state = view(customerId, customers.get(customerId)!, asOf);
          if (state === undefined) continue;
          result.push(state);
          count += state.facts.events;
        }
      }
      const projection: Projection = {
        lifecycle: name,
        stages: compiled.stages,
        funnel: compiled.funnel,
        activeStages: lifecycle.activeStages,
        asOf,
        events: count,
        customers: result,
      };
      if (valuing === undefined) return freezeProjection(projection);
      // Every event the live projection holds, customer by customer: no fit depends on the order
      // (their rows are sorted), and the valuation counts those at or before `asOf`.
      for (const { events } of customers.values()) {
        for (let index = 0; index < events.length; index++) valuing.add(events[index]!);
      }
      return valuing.finish(projection);
    },
    customer(customerId, options) {
      const asOf = resolveAsOf('live.customer', options);
      const customer = customers.get(customerId);
      if (asOf === undefined || customer === undefined) return undefined;
      const state = view(customerId, customer, asOf);
      return state === undefined ? undefined : freezeDeep(state);
    },
    snapshot() {
      const ids = [...customers.keys()].sort();
      const saved: SnapshotCustomer[] = ids.map((customerId) => {
        const { events, fold } = customers.get(customerId)!;
        const entry: SnapshotCustomer = {
          customerId,
          events: events.slice(),
          state: publishState(fold),
          history: historyOf(fold).slice(),
          clockedTo: finiteOrNull(fold.clockedTo),
          lastClockAt: finiteOrNull(fold.lastClockAt),
        };
        // Only where true, so that every other customer's entry is as before the field existed.
        return unqueued.has(customerId) ? { ...entry, waitsForEvent: true } : entry;
      });
      return {
        format: SNAPSHOT_FORMAT,
        version: SNAPSHOT_VERSION,
        lifecycle: lifecycle.fingerprint,
        now: Number.isFinite(now) ? now : null,
        position,
        customers: saved,
        // Only when there is one, so that snapshots without erasures are as before it existed.
        ...(forgottenAt.size === 0 ? {} : { forgotten: forgottenRecords() }),
      };
    },
    onStageChange(listener) {
      checkListener(listener);
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
  };
}

/** The id a void names (as `dropVoided` matches it), undefined for any other event. */
function voidTarget(event: StoredEvent): string | undefined {
  if (event.type !== VOIDED_EVENT_TYPE) return undefined;
  const target = (event.data as { eventId?: unknown } | null)?.eventId;
  return typeof target === 'string' ? target : undefined;
}

/** The ids the voids among `events` name, undefined when there are none. */
function voidedIds(events: readonly StoredEvent[]): Set<string> | undefined {
  let ids: Set<string> | undefined;
  for (const event of events) {
    const target = voidTarget(event);
    if (target === undefined) continue;
    ids ??= new Set();
    ids.add(target);
  }
  return ids;
}

/** -Infinity (a fold that counts no event) as null, the JSON it becomes anyway. */
function finiteOrNull(time: number): number | null {
  return time === Number.NEGATIVE_INFINITY ? null : time;
}

/** The first index in [low, high) whose time is at or after `time`, `high` for none. */
function firstAtOrAfter(times: readonly number[], time: number, low: number, high: number): number {
  if (high === low || times[high - 1]! < time) return high;
  let start = low;
  let end = high - 1;
  while (start < end) {
    const middle = (start + end) >>> 1;
    if (times[middle]! < time) start = middle + 1;
    else end = middle;
  }
  return start;
}

function insertionIndex(events: readonly StoredEvent[], event: StoredEvent): number {
  let low = 0;
  let high = events.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (compareEvents(events[middle]!, event) < 0) low = middle + 1;
    else high = middle;
  }
  return low;
}
