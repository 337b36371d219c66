import * as v from 'valibot';
import { defineEventType } from '../defineEventType.js';
import { count, currency, identifier, label, money, positiveMoney, text } from './fields.js';

/** One line of a purchase. */
export const purchaseItem = v.strictObject({
  productId: identifier,
  category: v.optional(label),
  quantity: v.optional(count),
  price: v.optional(money),
});

/** The customer bought something. */
export const purchase = defineEventType({
  type: 'purchase',
  description: 'The customer placed an order (amount in currency units).',
  schema: v.strictObject({
    orderId: identifier,
    amount: money,
    currency,
    items: v.optional(v.pipe(v.array(purchaseItem), v.maxLength(10_000, 'at most 10,000 items'))),
  }),
});

/** Money went back to the customer; reduces realised revenue and spend. */
export const refund = defineEventType({
  type: 'refund',
  description: 'Money was refunded to the customer.',
  schema: v.strictObject({
    orderId: v.optional(identifier),
    amount: positiveMoney,
    currency,
    reason: v.optional(text),
  }),
});
