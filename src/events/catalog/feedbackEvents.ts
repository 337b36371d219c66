import * as v from 'valibot';
import { defineEventType } from '../defineEventType.js';
import { identifier, label, text } from './fields.js';

function scale(min: number, max: number) {
  return v.pipe(
    v.number(),
    v.integer('an integer'),
    v.minValue(min, `an integer from ${min} to ${max}`),
    v.maxValue(max, `an integer from ${min} to ${max}`),
  );
}

/** An answer to a survey: NPS (0-10), CSAT (1-5) or customer effort (1-7). */
export const surveyAnswered = defineEventType({
  type: 'survey.answered',
  description: 'The customer answered a survey (NPS 0-10, CSAT 1-5, CES 1-7).',
  schema: v.variant('kind', [
    v.strictObject({ kind: v.literal('nps'), score: scale(0, 10), comment: v.optional(text) }),
    v.strictObject({ kind: v.literal('csat'), score: scale(1, 5), comment: v.optional(text) }),
    v.strictObject({ kind: v.literal('ces'), score: scale(1, 7), comment: v.optional(text) }),
  ]),
});

/** The customer published a review (1-5 stars). */
export const review = defineEventType({
  type: 'review',
  description: 'The customer wrote a review (rating 1-5).',
  schema: v.strictObject({
    rating: scale(1, 5),
    productId: v.optional(identifier),
    channel: v.optional(label),
    text: v.optional(text),
  }),
});

/** The customer, as an advocate, brought someone in. */
export const referral = defineEventType({
  type: 'referral',
  description: 'The customer referred someone (advocacy).',
  schema: v.strictObject({
    referredCustomerId: v.optional(identifier),
    channel: v.optional(label),
  }),
});

/** The customer acts as a partner: community work, co-design, partnership ("mate" stage). */
export const collaboration = defineEventType({
  type: 'collaboration',
  description: 'The customer co-created with the business (community, co-design, partnership).',
  schema: v.strictObject({
    kind: v.picklist(['community', 'co-design', 'partnership', 'beta-test', 'content']),
    description: v.optional(text),
  }),
});
