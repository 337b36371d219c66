export { buildReportData, histogram, type ReportDataOptions } from './buildReportData.js';
export { buildReportDataFromLog, type ReportFromLogOptions } from './buildReportDataFromLog.js';
export { embedJson, escapeHtml } from './embedJson.js';
export {
  type ProjectWithValuesOptions,
  projectWithValues,
  type ValuedProjection,
} from './projectWithValues.js';
export type { Histogram, ReportCustomer, ReportData } from './ReportData.js';
export { renderReport } from './renderReport.js';
