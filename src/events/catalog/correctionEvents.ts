import * as v from 'valibot';
import { defineEventType } from '../defineEventType.js';
import { identifier, text } from './fields.js';

/**
 * An earlier event was a mistake: projections, summaries and models treat the event with id
 * `eventId` (of the same customer) as if it had never been appended. The log itself is never
 * edited; the correction is one more event. A void that names an unknown id, an event of another
 * customer, or another void has no effect.
 */
export const eventVoided = defineEventType({
  type: 'event.voided',
  description: 'An earlier event of the same customer was a mistake and no longer counts.',
  schema: v.strictObject({
    eventId: identifier,
    reason: v.optional(text),
  }),
});
