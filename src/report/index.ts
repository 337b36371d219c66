export { buildReportData, histogram, type ReportDataOptions } from './buildReportData.js';
export {
  type CustomerChurnRisk,
  type CustomerClv,
  type CustomerValues,
  churnBandOf,
} from './CustomerValues.js';
export { embedJson, escapeHtml } from './embedJson.js';
export { type ModelledValues, mainCurrency, modelCustomerValues } from './modelCustomerValues.js';
export {
  type ProjectWithValuesOptions,
  projectWithValues,
  type ValuedProjection,
} from './projectWithValues.js';
export type { Histogram, ReportCustomer, ReportData } from './ReportData.js';
export { renderReport } from './renderReport.js';
