import * as v from 'valibot';
import { defineEventType } from '../defineEventType.js';
import { count, label } from './fields.js';

/** The customer signed in to the product. */
export const usageLogin = defineEventType({
  type: 'usage.login',
  description: 'The customer logged in to the product.',
  schema: v.strictObject({ device: v.optional(label) }),
});

/** The customer used a feature of the product. */
export const usageFeature = defineEventType({
  type: 'usage.feature',
  description: 'The customer used a product feature.',
  schema: v.strictObject({ feature: label, count: v.optional(count) }),
});
