import * as v from 'valibot';
import { defineEventType } from '../defineEventType.js';
import { currency, identifier, money, text } from './fields.js';

/** A qualified lead became a sales opportunity. */
export const opportunityOpened = defineEventType({
  type: 'opportunity.opened',
  description: 'A sales opportunity was opened.',
  schema: v.strictObject({
    opportunityId: identifier,
    amount: v.optional(money),
    currency: v.optional(currency),
  }),
});

/** The opportunity closed won: the person is a customer. */
export const opportunityWon = defineEventType({
  type: 'opportunity.won',
  description: 'The opportunity was won.',
  schema: v.strictObject({
    opportunityId: identifier,
    amount: v.optional(money),
    currency: v.optional(currency),
  }),
});

/** The opportunity closed lost. */
export const opportunityLost = defineEventType({
  type: 'opportunity.lost',
  description: 'The opportunity was lost.',
  schema: v.strictObject({ opportunityId: identifier, reason: v.optional(text) }),
});
