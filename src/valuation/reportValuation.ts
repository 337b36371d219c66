import type { ValuationModels } from './fitValuationModels.js';
import type { ValuationSettings } from './ValuationOptions.js';
import type { ValuationReport } from './ValuationReport.js';

/** What of the fitted models a {@link ValuationReport} reports. */
export type ReportedModels = Pick<
  ValuationModels,
  'currency' | 'purchasesReport' | 'spend' | 'spendReport' | 'sbgReports'
>;

/**
 * The model report of a valuation at `asOf`: the settings, the fits of `models` and the
 * customers `valued`. Internal: the one builder of `project`'s `projection.valuation` and of the
 * report `projectCustomers` hands to `onValuation`, so that the two stay the same to the byte.
 */
export function reportValuation(
  asOf: number,
  settings: ValuationSettings,
  models: ReportedModels,
  valued: ValuationReport['valued'],
): ValuationReport {
  const horizonLength = settings.horizon.length;
  return {
    calibrationEnd: new Date(asOf).toISOString().slice(0, 10),
    model: settings.model,
    unit: settings.unit,
    currency: models.currency,
    margin: settings.margin,
    discount: settings.discount,
    horizon: {
      length: horizonLength === Number.POSITIVE_INFINITY ? null : horizonLength,
      unit: settings.horizon.unit,
    },
    period: settings.period,
    bands: settings.bands,
    purchases: models.purchasesReport,
    spend: {
      ...models.spendReport,
      populationMean:
        models.spend === undefined
          ? undefined
          : (models.spend.p * models.spend.gamma) / (models.spend.q - 1),
    },
    subscriptions: models.sbgReports,
    valued,
  };
}
