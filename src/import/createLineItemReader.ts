import { headerKey } from './headerKey.js';

/** One line of a purchase, as the `purchase` event's `items` hold it. */
export interface LineItem {
  /** The product: its SKU, else its name. */
  readonly productId: string;
  /** From the column named by `columns.itemCategory`, when the row fills it. */
  readonly category?: string;
  /** Units bought. */
  readonly quantity?: number;
  /** The price of one unit, as the export writes it. */
  readonly price?: number;
}

/** What a row's item columns say: its item, none (all empty), or why they cannot be read. */
export type LineItemResult =
  | { readonly ok: true; readonly item: LineItem | undefined }
  | { readonly ok: false; readonly reason: string };

/** Reads the item of one CSV row (its fields by position). */
export type LineItemReader = (row: readonly string[]) => LineItemResult;

/** The item columns, by header key: Shopify's `Lineitem name`, or `line_item_name`. */
const ITEM_COLUMNS = {
  name: /^line_?item_name$/,
  sku: /^line_?item_sku$/,
  quantity: /^line_?item_quantity$/,
  price: /^line_?item_price$/,
} as const;

/**
 * The reader of the line item on each row of an export of one row per line item, or `undefined`
 * when the header has no item name or SKU column (the file is read as before, without items).
 * The product is identified by its SKU, else its name: a SKU names one variant whatever its title
 * says, while Shopify writes the name as title and variant (`Fern Print - A3`), which changes
 * when the product is renamed. No column of the orders export is a category (`Vendor` is the
 * brand), so a category is read only from the column the user names. Internal.
 *
 * @param parseMoney - reads a price as the import reads amounts (decimal comma or point).
 */
export function createLineItemReader(
  header: readonly string[] | undefined,
  category: { readonly index: number; readonly label: string } | undefined,
  parseMoney: (text: string) => number | undefined,
): LineItemReader | undefined {
  if (header === undefined) return undefined;
  const keys = header.map(headerKey);
  const find = (pattern: RegExp) => {
    const index = keys.findIndex((key) => pattern.test(key));
    return index === -1 ? undefined : { index, label: `column "${header[index]}"` };
  };
  const name = find(ITEM_COLUMNS.name);
  const sku = find(ITEM_COLUMNS.sku);
  if (name === undefined && sku === undefined) return undefined;
  const quantity = find(ITEM_COLUMNS.quantity);
  const price = find(ITEM_COLUMNS.price);
  return (row) => {
    const text = (column: { readonly index: number } | undefined) => {
      const value = column === undefined ? undefined : row[column.index]?.trim();
      return value === '' ? undefined : value;
    };
    const productId = text(sku) ?? text(name);
    if (productId === undefined) return { ok: true, item: undefined };
    const item: { -readonly [K in keyof LineItem]: LineItem[K] } = { productId };
    const group = text(category);
    if (group !== undefined) item.category = group;
    const units = text(quantity);
    if (units !== undefined) {
      if (!/^\d+$/.test(units) || Number(units) < 1) {
        return {
          ok: false,
          reason: `item quantity (${quantity?.label}): expected a whole number of units >= 1, received ${JSON.stringify(units)}`,
        };
      }
      item.quantity = Number(units);
    }
    const unitPrice = text(price);
    if (unitPrice !== undefined) {
      const number = parseMoney(unitPrice);
      if (number === undefined || number < 0) {
        return {
          ok: false,
          reason: `item price (${price?.label}): expected an amount >= 0 such as 12.50, received ${JSON.stringify(unitPrice)}`,
        };
      }
      item.price = number;
    }
    return { ok: true, item };
  };
}
