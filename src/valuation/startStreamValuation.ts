import { dropVoided, VOIDED_EVENT_TYPE } from '../events/dropVoided.js';
import type { StoredEvent, TenureEvent } from '../events/TenureEvent.js';
import { type CustomerColumns, customerAt } from '../models/summary/CustomerColumns.js';
import type { CustomerState } from '../projection/CustomerState.js';
import { freezeDeep } from '../projection/freezeDeep.js';
import {
  collectSubscriptions,
  type SubscriptionRecord,
  subscriptionsByCustomer,
} from './collectSubscriptions.js';
import { fitSummaries } from './fitValuationModels.js';
import { PurchaseTally } from './PurchaseTally.js';
import { reportValuation } from './reportValuation.js';
import { SubscriptionTally } from './SubscriptionTally.js';
import { requestedValuation } from './startValuation.js';
import type { ValuationReport } from './ValuationReport.js';
import { ValuedTally } from './ValuedTally.js';
import { type ModelsToValueWith, type RowScores, valueCustomers } from './valueCustomers.js';
import { type ValueProjectionOptions, withValuation } from './valueProjection.js';

/**
 * The valuation of customers handed out one at a time (`lifecycle.projectCustomers` with
 * `churn` or `clv`): it takes the log's events once, as they stream, then fits the population's
 * models, then values each customer as it is handed out, with the numbers
 * `project(log, { asOf, churn, clv })` gives that customer. Internal.
 *
 * What it keeps: per buyer, a few running numbers of its purchases (see {@link PurchaseTally});
 * from a log, one draft per subscription (see {@link SubscriptionTally}); from other sources,
 * every `subscription.*` and `event.voided` event until the fit (they are in memory anyway, and
 * may lack the unique positions the drafts' order needs); the events of the customers read
 * again, until the fit; after the fit, the purchase summary as columns and each subscriber's
 * subscriptions.
 */
export interface StreamValuation {
  /** Takes an event of the first read, in read order. */
  add(event: TenureEvent): void;
  /** Customers whose events must be read again for {@link settle}. */
  readonly unsettled: ReadonlySet<string>;
  /** Takes an {@link unsettled} customer's events, in read order. */
  settle(customerId: string, events: readonly TenureEvent[], time: number): void;
  /** Fits the population's models at `time`, once every unsettled customer is settled. */
  fit(time: number): void;
  /** A copy of the customer with its valuation fields (those frozen), after the fit. */
  value(customer: CustomerState): CustomerState;
  /**
   * The model report, deeply frozen, once every customer is valued: `project`'s
   * `projection.valuation`, counting the customers {@link value} was given.
   */
  report(): ValuationReport;
}

/**
 * A {@link StreamValuation}, or `undefined` when neither `churn` nor `clv` is asked for.
 * Checks the options at once (a bad option fails before the log is read), naming `api`.
 * `asOf` is the projection's time when given: later events are skipped as they come.
 */
export function startStreamValuation(
  api: string,
  options: ValueProjectionOptions | undefined,
  asOf: number | undefined,
  log: boolean,
): StreamValuation | undefined {
  const settings = requestedValuation(api, options);
  if (settings === undefined) return undefined;
  let purchases: PurchaseTally | undefined = new PurchaseTally(asOf);
  // A log's subscriptions are kept as drafts; other sources' events are in memory already, and
  // may lack the unique positions the drafts' order needs: their subscription events are kept.
  let subscriptions: SubscriptionTally | TenureEvent[] | undefined = log
    ? new SubscriptionTally(
        asOf,
        // Through `purchases`, not a copy: the closures must not keep it after the fit.
        (customerId) => purchases?.unsettle(customerId),
        (customerId) => purchases?.unsettled.has(customerId) ?? false,
      )
    : [];
  let fitted:
    | {
        readonly time: number;
        readonly models: Omit<ModelsToValueWith, 'summary' | 'subscriptions'>;
        readonly columns: CustomerColumns | undefined;
        readonly buyers: ReadonlyMap<string, number>;
        readonly subscribers: ReadonlyMap<string, SubscriptionRecord[]>;
        readonly scores: RowScores;
        readonly valued: ValuedTally;
      }
    | undefined;
  const tallied = (): PurchaseTally => {
    if (purchases === undefined) throw new Error(`${api}: the valuation is fitted already`);
    return purchases;
  };
  return {
    add(event) {
      tallied().add(event);
      if (subscriptions instanceof SubscriptionTally) subscriptions.add(event as StoredEvent);
      else if (
        (event.type.startsWith('subscription.') || event.type === VOIDED_EVENT_TYPE) &&
        (asOf === undefined || event.at <= asOf)
      ) {
        subscriptions?.push(event);
      }
    },
    get unsettled() {
      return tallied().unsettled;
    },
    settle(customerId, events, time) {
      tallied().settle(customerId, events, time);
      if (subscriptions instanceof SubscriptionTally) subscriptions.settle(events, time);
    },
    fit(time) {
      const { currency, summary } = tallied().summarize(time, settings.unit, settings.currency);
      const records =
        subscriptions instanceof SubscriptionTally
          ? subscriptions.records(time)
          : collectSubscriptions(
              dropVoided((subscriptions ?? []).filter((event) => event.at <= time)),
              time,
            );
      const models = fitSummaries(summary, currency, records, settings);
      const buyers = new Map<string, number>();
      const columns = summary?.columns;
      if (columns !== undefined) {
        for (let k = 0; k < columns.length; k++) buyers.set(columns.customerId[k] as string, k);
      }
      const subscribers = subscriptionsByCustomer(records);
      const { summary: _summary, subscriptions: _subscriptions, ...population } = models;
      fitted = {
        time,
        models: population,
        columns,
        buyers,
        subscribers,
        scores: new Map(),
        valued: new ValuedTally(settings),
      };
      purchases = undefined;
      subscriptions = undefined;
    },
    value(customer) {
      if (fitted === undefined) throw new Error(`${api}: the valuation is not fitted yet`);
      const { columns, models, time } = fitted;
      const k = fitted.buyers.get(customer.customerId);
      const scoring: ModelsToValueWith = {
        ...models,
        summary: { customers: k === undefined ? [] : [customerAt(columns as CustomerColumns, k)] },
        subscriptions: fitted.subscribers.get(customer.customerId) ?? [],
      };
      const { valuations, notValued } = valueCustomers(
        [customer],
        scoring,
        settings,
        time,
        fitted.scores,
      );
      const valuation = valuations[0] as (typeof valuations)[number];
      fitted.valued.add(customer.customerId, valuation, notValued);
      const valued = withValuation(customer, valuation, settings);
      freezeDeep(valued.churnRisk);
      freezeDeep(valued.clv);
      return valued;
    },
    report() {
      if (fitted === undefined) throw new Error(`${api}: the valuation is not fitted yet`);
      const { time, models, valued } = fitted;
      return freezeDeep(reportValuation(time, settings, models, valued.valued()));
    },
  };
}
