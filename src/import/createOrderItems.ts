/** The fields of a row that say which order it is and what the order is, as text. */
export interface OrderFields {
  /** The order the row names: its order id, or its event id in a file without order ids. */
  readonly key: string | undefined;
  readonly customer: string | undefined;
  readonly date: string | undefined;
  readonly currency: string | undefined;
  readonly type: string | undefined;
  readonly id: string | undefined;
}

/** The fields an item row may repeat from its order's first row, or leave empty. */
const REPEATED = ['customer', 'date', 'currency', 'type', 'id'] as const;

/** What {@link createOrderItems} returns: the check, and what it is told of each mapped row. */
export interface OrderItems {
  /**
   * Whether a row without an amount is a further item of the order on the row before it: it
   * names the same order, and every order field it fills says what that order's row said.
   */
  isItem(row: OrderFields): boolean;
  /**
   * Called with each row that is not an item: its fields when it became a purchase or a refund
   * (an order whose items may follow), `undefined` when it became anything else or was refused.
   */
  follows(row: OrderFields | undefined): void;
}

/**
 * Tells the rows that continue an order apart from bad rows. Exports of one row per line item
 * (Shopify's orders export) give the order's total, currency and often its date on its first
 * row only, and leave them empty on the rows of its other items. Such a row is no purchase of
 * its own, and no bad row either: its money is in the total of the row before. A row with an
 * empty amount that names another order, no order, or an order whose first row was refused, or
 * that contradicts that row (another customer, another date), is still rejected. Internal.
 */
export function createOrderItems(): OrderItems {
  let order: OrderFields | undefined;
  return {
    isItem(row) {
      const head = order;
      if (head === undefined || row.key === undefined || row.key !== head.key) return false;
      return REPEATED.every((field) => row[field] === undefined || row[field] === head[field]);
    },
    follows(row) {
      order = row?.key === undefined ? undefined : row;
    },
  };
}
