import * as v from 'valibot';
import { defineEventType } from '../defineEventType.js';
import { identifier, label } from './fields.js';

/** A marketing touchpoint that reached the person: awareness and reach. */
export const touchpoint = defineEventType({
  type: 'touchpoint',
  description: 'A marketing touchpoint reached the person (campaign, email, ad, visit, ...).',
  schema: v.strictObject({
    channel: v.picklist([
      'campaign',
      'email',
      'ad',
      'visit',
      'social',
      'event',
      'content',
      'other',
    ]),
    campaignId: v.optional(identifier),
    name: v.optional(label),
    url: v.optional(label),
  }),
});
