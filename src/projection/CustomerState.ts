import type { MachineState } from '../machines/index.js';
import type { ChurnRisk, CustomerLifetimeValue } from '../valuation/CustomerValuation.js';

/**
 * One entry of a customer's stage history: the stage and when the customer entered it.
 *
 * @typeParam TStage - the lifecycle's stage names (`DefaultStage` for the default lifecycle).
 */
export interface StageEntry<TStage extends string = string> {
  readonly stage: TStage;
  /** Entry time, epoch milliseconds UTC (the event or clock time that moved the customer). */
  readonly at: number;
}

/**
 * The recency/frequency/monetary facts of a customer, counted from the events at or before
 * the projection's `asOf`. Amounts are summed as stored: convert currencies before appending
 * when a customer buys in several (the `currencies` field shows when that happened).
 */
export interface CustomerFacts {
  /** Time of the customer's first event of any type. */
  readonly firstActivityAt: number;
  /** Time of the customer's last event of any type. */
  readonly lastActivityAt: number;
  /** Time of the first `purchase`, or `undefined` when the customer never bought. */
  readonly firstPurchaseAt: number | undefined;
  /** Time of the last `purchase`, or `undefined` when the customer never bought. */
  readonly lastPurchaseAt: number | undefined;
  /** Number of `purchase` events. */
  readonly purchases: number;
  /** Sum of the `purchase` amounts (gross, before refunds). */
  readonly revenue: number;
  /** Number of `refund` events. */
  readonly refundCount: number;
  /** Sum of the `refund` amounts. */
  readonly refunds: number;
  /** Currencies seen on purchases and refunds, sorted. */
  readonly currencies: readonly string[];
  /** Number of events counted for this customer. */
  readonly events: number;
}

/**
 * A customer as a projection sees them at its `asOf`. Deeply frozen.
 *
 * @typeParam TStage - the lifecycle's stage names (`DefaultStage` for the default lifecycle).
 */
export interface CustomerState<TStage extends string = string> {
  readonly customerId: string;
  /** The headline stage: the lifecycle's `stageOf` of the machines' states. */
  readonly stage: TStage;
  /** When the customer entered the current stage. */
  readonly stageEnteredAt: number;
  /** `asOf - stageEnteredAt`, in milliseconds. */
  readonly timeInStage: number;
  /** Each machine's state (`value` and `context`), by machine id. */
  readonly machines: Readonly<Record<string, MachineState>>;
  /** Every stage change, oldest first; the last entry is the current stage. */
  readonly history: readonly StageEntry<TStage>[];
  /** Recency, frequency and monetary facts. */
  readonly facts: CustomerFacts;
  /**
   * Churn risk at `asOf`, present (possibly `undefined`: not enough data, or no purchase yet)
   * when the projection was asked for it with `project(log, { asOf, churn })`.
   */
  readonly churnRisk?: ChurnRisk | undefined;
  /** P(alive) under the purchase model, with `churn` (not for subscribers: sBG has none). */
  readonly pAlive?: number | undefined;
  /** Lifetime value `{ historical, residual, total }`, with `project(log, { asOf, clv })`. */
  readonly clv?: CustomerLifetimeValue | undefined;
  /** Expected purchases (or renewals) in the next `clv.period`, with `clv`. */
  readonly expectedPurchases?: number | undefined;
}
