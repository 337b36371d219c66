import type { Column } from './createRowMapper.js';
import { findAlias } from './findImportColumn.js';
import { ImportOptionsError } from './ImportOptionsError.js';

const API = 'importEvents';

/** In a JSON line, the quantity key beside an amount found under the name `price`. */
export function unitPriceBeside(
  value: readonly string[] | Readonly<Record<string, unknown>>,
  amount: Column | undefined,
): string | undefined {
  if (Array.isArray(value) || amount?.label.toLowerCase() !== 'key "price"') return undefined;
  return Object.keys(value).find((key) => QUANTITY.test(key));
}

/** Header names of a quantity: the rows are order lines, their price is per unit. */
const QUANTITY = /quantity|^qty$|^units$/i;

/**
 * Throws when the amount would be found by the name `price` beside a quantity column: the price
 * of one unit, not what the customer paid (3 mugs at 10 would be a purchase of 10).
 */
export function checkUnitPrice(header: readonly string[] | undefined): void {
  const index = findAlias(header, 'amount');
  if (header === undefined || index === undefined) return;
  if (header[index]?.toLowerCase() !== 'price') return;
  const quantity = header.find((name) => QUANTITY.test(name.trim()));
  if (quantity === undefined) return;
  throw new ImportOptionsError(
    API,
    'columns.amount',
    `columns.amount would be the column ${JSON.stringify(header[index])}, but the file also has ${JSON.stringify(quantity)}: a price is per unit, and the amount is what the customer paid; map the order's total with columns.amount (CLI: --amount <name or number>), or map ${JSON.stringify(header[index])} by name if it is the total.`,
  );
}
