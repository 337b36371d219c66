import type { ValuationReport } from '../valuation/ValuationReport.js';
import type { CustomerState } from './CustomerState.js';

/**
 * What a projection returns: every customer seen at or before `asOf`, sorted by `customerId`
 * (code-unit order). Deeply frozen: callers cannot change it.
 *
 * @typeParam TStage - the lifecycle's stage names: `DefaultStage` from `createLifecycle()`, the
 *   `stages` of your `defineLifecycle` (a typo in a stage name then fails to compile).
 */
export interface Projection<TStage extends string = string> {
  /** The lifecycle's name, e.g. `default`. */
  readonly lifecycle: string;
  /** The lifecycle's stages in funnel order. */
  readonly stages: readonly TStage[];
  /**
   * The stages a customer grows through, in order (the lifecycle's `funnel`): the steps
   * `funnelConversion` measures by default. The default lifecycle's run from prospect to
   * advocate, without at risk, churned and lost.
   */
  readonly funnel: readonly TStage[];
  /**
   * The stages in which a customer counts as an active customer (the portfolio views' default),
   * or `undefined` when the lifecycle does not say (see `LifecycleOptions.activeStages`).
   */
  readonly activeStages: readonly TStage[] | undefined;
  /** The time the projection describes; `undefined` only for an empty log without `asOf`. */
  readonly asOf: number | undefined;
  /**
   * Number of events counted: those with `at <= asOf` that still count after corrections (an
   * `event.voided` and the event it voids are not counted), the sum of the customers' `facts.events`.
   */
  readonly events: number;
  readonly customers: readonly CustomerState<TStage>[];
  /**
   * The model report of a projection asked for `churn` or `clv`: the fits (converged or not,
   * and why), parameters and settings. `undefined` otherwise.
   */
  readonly valuation?: ValuationReport;
}

/**
 * The customer with this id, or `undefined` (binary search: `customers` is sorted by id).
 *
 * @example
 * ```ts
 * const projection = await lifecycle.project(log);
 * findCustomer(projection, 'c1')?.stage; // e.g. 'repeat'
 * ```
 */
export function findCustomer<TStage extends string>(
  projection: Projection<TStage>,
  customerId: string,
): CustomerState<TStage> | undefined {
  const customers = projection.customers;
  let low = 0;
  let high = customers.length - 1;
  while (low <= high) {
    const middle = (low + high) >>> 1;
    const candidate = customers[middle] as CustomerState<TStage>;
    if (candidate.customerId === customerId) return candidate;
    if (candidate.customerId < customerId) low = middle + 1;
    else high = middle - 1;
  }
  return undefined;
}
