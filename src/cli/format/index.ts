export { formatAmount, formatDay, formatEstimate, formatPercent } from './formatNumbers.js';
export { formatTable, type TableColumn } from './formatTable.js';
export { toCsv } from './toCsv.js';
