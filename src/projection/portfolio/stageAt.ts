import type { CustomerState } from '../CustomerState.js';
import { resolveTime } from '../resolveTime.js';

/**
 * The customer's headline stage at `time` (from their stage history), or `undefined` before
 * their first counted event. For any `time` up to the `asOf` of the projection the customer
 * comes from, the stage `project(log, { asOf: time })` gives, but for corrections: the history
 * is the one corrected at `asOf`, so an event voided by then counts at no time, also before its
 * void, where a projection at `time` still sees it, as it was known then. A later time is
 * refused, since clocks after `asOf` may have moved them on.
 *
 * @param time - Epoch ms, an ISO-8601 string with a zone (a plain date is UTC midnight) or a
 *   `Date`: what `project` takes as `asOf`.
 * @throws ProjectionError `TENURE_INVALID_PROJECTION_INPUT` for a `time` that is not a time,
 *   or one after the customer's `asOf` (`stageEnteredAt + timeInStage`).
 *
 * @example
 * ```ts
 * stageAt(customer, '2024-01-01'); // e.g. 'lead'
 * ```
 */
export function stageAt<TStage extends string>(
  customer: CustomerState<TStage>,
  time: number | string | Date,
): TStage | undefined {
  const asOf = customer.stageEnteredAt + customer.timeInStage;
  return stageAtTime(customer, resolveTime('stageAt', 'time', time, asOf, "the customer's asOf"));
}

/** {@link stageAt} for a time already resolved and checked, in the views' loops. Internal. */
export function stageAtTime<TStage extends string>(
  customer: CustomerState<TStage>,
  time: number,
): TStage | undefined {
  const history = customer.history;
  let found: TStage | undefined;
  for (let index = 0; index < history.length; index++) {
    const entry = history[index]!;
    if (entry.at > time) break;
    found = entry.stage;
  }
  return found;
}
