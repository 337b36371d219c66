import { dropVoided } from '../../../events/dropVoided.js';
import type { TenureEvent } from '../../../events/TenureEvent.js';
import { summarizeCustomers } from '../../../models/summary/summarizeCustomers.js';
import { collectSubscriptions } from '../../../valuation/collectSubscriptions.js';
import type { CustomerValuation } from '../../../valuation/index.js';
import type { ValuationSettings } from '../../../valuation/ValuationOptions.js';
import { type CustomerToValue, valueCustomers } from '../../../valuation/valueCustomers.js';
import type { PopulationModels } from './fitPopulationModels.js';

/**
 * Values `customers` with the population's models from their own streams (`events` holds every
 * event of theirs the caller has), as `valueProjection` would: the events at or before `asOf`,
 * voids applied, summarised in the purchase currency, plus their subscriptions. A worker calls
 * it on each batch it has just projected, so that its rows stay valued without a second pass.
 */
export function valueStreams(
  events: readonly TenureEvent[],
  customers: readonly CustomerToValue[],
  population: PopulationModels,
  settings: ValuationSettings,
  asOf: number,
): readonly CustomerValuation[] {
  const past = dropVoided(events.filter((event) => event.at <= asOf));
  const summary =
    population.purchaseCurrency === undefined
      ? undefined
      : summarizeCustomers(past, {
          calibrationEnd: asOf,
          unit: settings.unit,
          currency: population.purchaseCurrency,
        });
  const subscriptions = collectSubscriptions(past, asOf);
  const models = { ...population.models, summary, subscriptions };
  return valueCustomers(customers, models, settings, asOf).valuations;
}
