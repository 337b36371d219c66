import * as v from 'valibot';
import { defineEventType } from '../defineEventType.js';
import { label, text } from './fields.js';

/**
 * The customer's personal data (who they are, how to reach them). Keep it here, not in the
 * behavioural events: `createPrivateLog` encrypts these fields per customer, so that
 * `forget(customerId)` can erase them by destroying one key.
 */
export const customerProfile = defineEventType({
  type: 'customer.profile',
  description:
    "The customer's personal data (name, email, phone, address); encrypted by a private log.",
  schema: v.strictObject({
    name: v.optional(text),
    email: v.optional(text),
    phone: v.optional(text),
    address: v.optional(text),
    locale: v.optional(label),
  }),
});

/**
 * The customer asked to be forgotten: their personal data was erased (their key destroyed).
 * Their anonymous behaviour still counts in portfolio figures and models.
 */
export const customerForgotten = defineEventType({
  type: 'customer.forgotten',
  description: "The customer's personal data was erased (right to be forgotten).",
  schema: v.strictObject({
    reason: v.optional(label),
  }),
});
