import { checkModelOptions } from '../errors/checkModelOptions.js';
import { ModelInputError } from '../errors/ModelInputError.js';
import type { TenureEvent } from '../events/TenureEvent.js';
import type { CustomerState } from '../projection/CustomerState.js';
import type { Projection } from '../projection/Projection.js';
import type { CustomerValuation } from './CustomerValuation.js';
import { fitValuationModels } from './fitValuationModels.js';
import { reportValuation } from './reportValuation.js';
import {
  type ChurnOptions,
  type ClvOptions,
  resolveValuationSettings,
  type ValuationSettings,
} from './ValuationOptions.js';
import { valueCustomers } from './valueCustomers.js';

/** Options of {@link valueProjection}: what to add, as in `project(log, { asOf, churn, clv })`. */
export interface ValueProjectionOptions {
  /** Add each customer's `churnRisk` and `pAlive` (`true` for the defaults). */
  readonly churn?: boolean | ChurnOptions;
  /** Add each customer's `clv` and `expectedPurchases` (`true` for the defaults). */
  readonly clv?: boolean | ClvOptions;
}

/**
 * Adds churn risk and lifetime value to a projection: fits the purchase, spend and subscription
 * models on `events` at or before `projection.asOf` (calibration end = that day; later events
 * are ignored, so nothing leaks from the future), scores every customer, and attaches the model
 * report as `projection.valuation`. `lifecycle.project(log, { asOf, churn, clv })` and a live
 * projection's `state({ churn, clv })` call it for you; call it yourself on a projection you
 * built otherwise, with its events.
 *
 * Customers without a purchase or subscription, or whose model did not converge, get
 * `undefined` values, and the report says why.
 *
 * @example
 * ```ts
 * const projection = lifecycle.projectEvents(events, { asOf: '1997-09-30' });
 * const valued = valueProjection(projection, events, { churn: true, clv: { margin: 0.3 } });
 * valued.valuation?.purchases.converged; // true
 * valued.customers[0]?.clv?.total;
 * ```
 */
export function valueProjection(
  projection: Projection,
  events: readonly TenureEvent[],
  options: ValueProjectionOptions,
): Projection {
  if (typeof options !== 'object' || options === null) {
    throw new ModelInputError(
      'valueProjection',
      'options',
      'an object saying what to add, e.g. { churn: true, clv: { margin: 0.3 } }',
      options,
    );
  }
  checkModelOptions('valueProjection', 'options', options, ['churn', 'clv']);
  const settings = resolveValuationSettings('valueProjection', options.churn, options.clv);
  const asOf = projection.asOf;
  if (asOf === undefined) return projection;
  const models = fitValuationModels(events, asOf, settings);
  const { valuations, notValued } = valueCustomers(projection.customers, models, settings, asOf);
  let churnRisk = 0;
  let clv = 0;
  const customers = projection.customers.map((customer, i): CustomerState => {
    const valuation = valuations[i] as (typeof valuations)[number];
    if (settings.churn && valuation.churnRisk !== undefined) churnRisk++;
    if (settings.clv && valuation.clv !== undefined) clv++;
    return withValuation(customer, valuation, settings);
  });
  const valuation = reportValuation(asOf, settings, models, { churnRisk, clv, notValued });
  return { ...projection, customers, valuation };
}

/**
 * A customer with the fields of its valuation that `settings` asks for (churn ones with `churn`,
 * value ones with `clv`), after its own: how every valued projection hands customers out.
 * Internal.
 */
export function withValuation(
  customer: CustomerState,
  valuation: CustomerValuation,
  settings: ValuationSettings,
): CustomerState {
  return {
    ...customer,
    ...(settings.churn ? { churnRisk: valuation.churnRisk, pAlive: valuation.pAlive } : {}),
    ...(settings.clv ? { clv: valuation.clv, expectedPurchases: valuation.expectedPurchases } : {}),
  };
}
