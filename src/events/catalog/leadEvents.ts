import * as v from 'valibot';
import { defineEventType } from '../defineEventType.js';
import { identifier, label, text } from './fields.js';

/** The person left their details: a lead with status "open". */
export const leadCaptured = defineEventType({
  type: 'lead.captured',
  description: 'The person became a lead (status open).',
  schema: v.strictObject({ source: v.optional(label), leadId: v.optional(identifier) }),
});

/** Sales reached out to the lead. */
export const leadContacted = defineEventType({
  type: 'lead.contacted',
  description: 'Sales contacted the lead.',
  schema: v.strictObject({ channel: v.optional(label), by: v.optional(label) }),
});

/** The lead fits: ready to become an opportunity. */
export const leadQualified = defineEventType({
  type: 'lead.qualified',
  description: 'The lead was qualified.',
  schema: v.strictObject({
    score: v.optional(v.pipe(v.number(), v.finite('a finite number'))),
    by: v.optional(label),
  }),
});

/** The lead does not fit (unqualified). It may be recycled by a later touchpoint. */
export const leadDisqualified = defineEventType({
  type: 'lead.disqualified',
  description: 'The lead was disqualified (status unqualified).',
  schema: v.strictObject({ reason: v.optional(text) }),
});
