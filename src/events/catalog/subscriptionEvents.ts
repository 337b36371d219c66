import * as v from 'valibot';
import { defineEventType } from '../defineEventType.js';
import { count, currency, identifier, label, money, text } from './fields.js';

const interval = v.picklist(['day', 'week', 'month', 'year']);

/** A contract began: the customer is contractual from here on. */
export const subscriptionStarted = defineEventType({
  type: 'subscription.started',
  description: 'A subscription started.',
  schema: v.strictObject({
    subscriptionId: identifier,
    plan: label,
    amount: v.optional(money),
    currency: v.optional(currency),
    interval: v.optional(interval),
    intervalCount: v.optional(count),
  }),
});

/** The contract renewed for another period. */
export const subscriptionRenewed = defineEventType({
  type: 'subscription.renewed',
  description: 'A subscription renewed for another period.',
  schema: v.strictObject({
    subscriptionId: identifier,
    amount: v.optional(money),
    currency: v.optional(currency),
  }),
});

/** The plan changed: an upgrade is an extension of the relationship. */
export const subscriptionChanged = defineEventType({
  type: 'subscription.changed',
  description: 'A subscription changed plan (upgrade or downgrade).',
  schema: v.strictObject({
    subscriptionId: identifier,
    plan: label,
    change: v.optional(v.picklist(['upgrade', 'downgrade', 'other'])),
    amount: v.optional(money),
    currency: v.optional(currency),
  }),
});

/** The contract ended: a contractual customer churns here. */
export const subscriptionCancelled = defineEventType({
  type: 'subscription.cancelled',
  description: 'A subscription was cancelled.',
  schema: v.strictObject({ subscriptionId: identifier, reason: v.optional(text) }),
});
