/**
 * The first columns of Shopify's orders export (Orders > Export > CSV), in its order: the order,
 * its line item, and the billing name. The export goes on with the billing and shipping
 * addresses, `Notes`, ..., `Vendor`, ..., `Id`, `Tags`, ...
 */
export const SHOPIFY_ORDER_COLUMNS = [
  'Name',
  'Email',
  'Financial Status',
  'Paid at',
  'Fulfillment Status',
  'Fulfilled at',
  'Accepts Marketing',
  'Currency',
  'Subtotal',
  'Shipping',
  'Taxes',
  'Total',
  'Discount Code',
  'Discount Amount',
  'Shipping Method',
  'Created at',
  'Lineitem quantity',
  'Lineitem name',
  'Lineitem price',
  'Lineitem compare at price',
  'Lineitem sku',
  'Lineitem requires shipping',
  'Lineitem taxable',
  'Lineitem fulfillment status',
  'Billing Name',
] as const;
