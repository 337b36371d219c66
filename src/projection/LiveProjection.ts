import type { StoredEvent } from '../events/TenureEvent.js';
import type { ChurnOptions, ClvOptions } from '../valuation/ValuationOptions.js';
import type { CustomerState, StageEntry } from './CustomerState.js';
import type { Projection } from './Projection.js';
import type { ProjectionSnapshot } from './ProjectionSnapshot.js';

/**
 * A customer's move from one headline stage to another, as a live projection reports it, or into
 * or out of the projection: `from` is `undefined` when the customer had no counted event before
 * (their first one, or the first after every earlier one was voided), `to` is `undefined` when
 * they have none left (a void removed their last: they leave `state()`, as `customer(id)` reads
 * `undefined`). A listener that keeps a table of stages sets `to`, or deletes the row when it
 * is `undefined`, and ends with `state()`'s stages. A forgotten customer (`customer.forgotten`)
 * does not leave: their stage and history stay, only personal fields are erased, and nothing is
 * reported.
 *
 * A late event or a void (`cause: 'late-event'`) re-folds the customer from their events: the
 * change is from the stage last reported to the stage they are in now, at the time they entered
 * it in the re-folded history (which may be before `from` was entered), with that `history`; the
 * stages the rewritten history passes through on the way are not reported one by one (a
 * win-back started for a stage the customer has since left would be wrong). A late event or a
 * void that rewrites the history but leaves the current stage as it was is not reported:
 * `live.customer(id).history` shows it.
 *
 * @example
 * ```ts
 * // A table of every customer's stage, kept from the changes alone.
 * const stages = new Map<string, string>();
 * live.onStageChange((change) => {
 *   if (change.to === undefined) stages.delete(change.customerId);
 *   else stages.set(change.customerId, change.to);
 * });
 * ```
 *
 * @typeParam TStage - the lifecycle's stage names.
 */
export interface StageChange<TStage extends string = string> {
  readonly customerId: string;
  /** The stage before, `undefined` for a customer's first counted event. */
  readonly from: TStage | undefined;
  /** The stage after, `undefined` when a void left the customer without a counted event. */
  readonly to: TStage | undefined;
  /**
   * When the customer entered `to` (event or clock time, not the time `apply` ran); when they
   * left (`to` undefined), the time of the void that removed their last counted event.
   */
  readonly at: number;
  /**
   * `event`: an event in time order moved the customer; `clock`: time passed (inactivity,
   * a term ended) and a machine's wake-up time (`wakeAt`) fell due; `late-event`: an event
   * older than what was already folded, or a void (whatever its time), changed the outcome, and
   * the customer was re-folded. A machine that changes on a clock at a time it did not ask to be
   * woken at is only seen changed by `state()` (which sends a clock at `asOf`), not heard.
   */
  readonly cause: 'event' | 'clock' | 'late-event';
  /**
   * With `cause: 'late-event'` only: the customer's stage history as re-folded, whole (what
   * `live.customer(id).history` reads then; empty when they left), since the change rewrote it.
   * `undefined` for the other causes, whose change only adds its own entry.
   */
  readonly history?: readonly StageEntry<TStage>[];
}

/**
 * Receives {@link StageChange}s, synchronously, after the projection has been updated. They
 * come in the order the projection finds them, not in `at` order across customers: an event's
 * own changes first, then those of the clocks it lets fire for other customers, and an
 * `advanceTo` over a long gap reports customer after customer, each one's changes in time
 * order (sort a call's changes by `at` for one timeline). A listener that throws does not stop the others; its error is rethrown by the call that caused
 * the change, once every listener has been called. A call that fails itself (a bad event, an
 * iterable that throws) still reports the changes of what it applied, then throws its own
 * error, not a listener's.
 */
export type StageChangeListener<TStage extends string = string> = (
  change: StageChange<TStage>,
) => void;

/** Options of {@link LiveProjection.state} and {@link LiveProjection.customer}. */
export interface LiveStateOptions {
  /**
   * The time to describe (epoch ms, ISO-8601 or `Date`); only events at or before it count.
   * Default: {@link LiveProjection.now}.
   */
  readonly asOf?: number | string | Date;
}

/**
 * Options of {@link LiveProjection.state}: the time, and churn risk and lifetime value as
 * `lifecycle.project(log, { asOf, churn, clv })` gives them (the same numbers: the models are
 * fitted on the purchases and subscriptions the live projection holds, at or before `asOf`).
 * Each call with `churn` or `clv` fits the models anew: ask for it when the values are read
 * (a report, a nightly job), not after every event.
 */
export interface LiveValuedStateOptions extends LiveStateOptions {
  /** Give every customer `churnRisk` and `pAlive` (`true` for the defaults). Default: none. */
  readonly churn?: boolean | ChurnOptions;
  /** Give every customer `clv` and `expectedPurchases` (`true` for the defaults). Default: none. */
  readonly clv?: boolean | ClvOptions;
}

/**
 * A projection kept up to date event by event (from a log subscription, a queue, ...). Events
 * may arrive in any order and more than once: the state always equals a full replay of the
 * distinct events applied so far.
 */
export interface LiveProjection<TStage extends string = string> {
  /**
   * Folds one stored event in. An event already applied (the same customer, time and position,
   * as a resend or a second read of the log gives it) is ignored, and so is
   * a profile or an erasure (`customer.profile`, `customer.forgotten`: not behaviour), though
   * `position` moves past it. Advances `now` to the event's time, which lets due clocks fire
   * for every customer. The projection keeps the event object (a late event re-folds the
   * customer from them): do not change it afterwards, pass a copy of a reused one.
   *
   * @returns false when the event was a duplicate, a profile or an erasure.
   * @throws ProjectionError (`TENURE_INVALID_PROJECTION_INPUT`) when the event lacks a string
   *   `customerId`, a finite `at` or a positive integer `position`.
   * @throws ProjectionError (`TENURE_MACHINE_FAILED`) when the lifecycle's own code throws on
   *   the event, or on a clock the event's time makes fall due: the projection is then exactly
   *   as before the call (`snapshot()` included), and goes on from there with the next event.
   */
  apply(event: StoredEvent): boolean;
  /**
   * {@link LiveProjection.apply} for each event, in the order given: the same state, snapshot,
   * `now` and `position` as applying them one by one. Returns how many were new. Without a
   * stage-change listener the batch is folded customer by customer, which is faster when it
   * holds several events of a customer (catching up from a log); with one, event by event, so
   * that changes are reported in order. `events` is read once: without a listener wholly
   * before anything is folded, with one event by event as it is applied.
   *
   * @throws ProjectionError (`TENURE_INVALID_PROJECTION_INPUT`) for an event `apply` rejects,
   *   after applying the events before it (and reporting their stage changes); `events` is not
   *   read further. An error `events` throws is rethrown likewise. Also when `events` is not
   *   iterable (one event: call `apply`), before anything is applied.
   * @throws ProjectionError (`TENURE_MACHINE_FAILED`) as `apply` throws it, for the first event
   *   `apply` would throw it on: the events before that one are applied, nothing of it or after.
   * @example
   * ```ts
   * // Catching up from a log, 100,000 events at a time.
   * const live = lifecycle.createProjection();
   * let batch: StoredEvent[] = [];
   * for await (const event of log.read({ from: live.position + 1 })) {
   *   batch.push(event);
   *   if (batch.length === 100_000) live.applyAll(batch.splice(0));
   * }
   * live.applyAll(batch);
   * ```
   */
  applyAll(events: Iterable<StoredEvent>): number;
  /**
   * Moves `now` forward to `time` without an event (e.g. from a daily job with the current
   * date), so that customers who became inactive change stage and listeners hear of it. An
   * earlier time than `now` does nothing.
   *
   * @throws ProjectionError (`TENURE_MACHINE_FAILED`) when the lifecycle's own code throws on a
   *   clock falling due: the projection is then exactly as before the call, no customer moved.
   */
  advanceTo(time: number | string | Date): void;
  /**
   * The latest event time or `advanceTo` time; `undefined` before anything was applied. It never
   * goes back: one event dated in the future (a mistyped year) moves every customer's clock
   * there, and voiding it does not undo that. Refuse such times before appending; after one got
   * in, void it and rebuild the projection from the log (a snapshot keeps the clock).
   */
  readonly now: number | undefined;
  /**
   * Highest log position applied, profiles and erasures included (0 when none): read a log
   * on from `position + 1`. It is the highest, not a proof that every lower one was applied:
   * feed the projection from `log.read`, in log order, for such a catch-up to miss nothing (the
   * events an append returns, applied as their appends resolve, may leave out another writer's).
   */
  readonly position: number;
  /**
   * Number of customers with a behaviour event or a void applied (profiles and erasures do not
   * count), those whose every event is voided included: `state()` may list fewer.
   */
  readonly size: number;
  /**
   * The whole projection at `asOf` (default `now`), as `lifecycle.project` would return it, with
   * churn risk and lifetime value when `churn` or `clv` ask for them (see
   * {@link LiveValuedStateOptions}).
   *
   * @example
   * ```ts
   * const valued = live.state({ churn: true, clv: { margin: 0.3 } });
   * const atRisk = valued.customers.filter((customer) => customer.churnRisk?.band === 'high');
   * ```
   */
  state(options?: LiveValuedStateOptions): Projection<TStage>;
  /**
   * One customer at `asOf` (default `now`), or `undefined` when no event of theirs counts by
   * then (none yet, or every one voided), as they are then not in `state()`.
   */
  customer(customerId: string, options?: LiveStateOptions): CustomerState<TStage> | undefined;
  /** The projection as JSON-serialisable data, to save and later `lifecycle.resume`. */
  snapshot(): ProjectionSnapshot;
  /**
   * Calls `listener` on every headline stage change from now on. Returns an unsubscribe.
   *
   * @throws ProjectionError (`TENURE_INVALID_PROJECTION_INPUT`) when `listener` is not a
   *   function.
   */
  onStageChange(listener: StageChangeListener<TStage>): () => void;
}
