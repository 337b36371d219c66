import * as v from 'valibot';
import { defineEventType } from '../defineEventType.js';
import { identifier, label } from './fields.js';

/** The customer opened a support case. */
export const supportOpened = defineEventType({
  type: 'support.opened',
  description: 'A support case was opened.',
  schema: v.strictObject({
    caseId: identifier,
    priority: v.optional(v.picklist(['low', 'normal', 'high', 'urgent'])),
    topic: v.optional(label),
  }),
});

/** A support case was resolved. */
export const supportResolved = defineEventType({
  type: 'support.resolved',
  description: 'A support case was resolved.',
  schema: v.strictObject({ caseId: identifier, satisfied: v.optional(v.boolean()) }),
});
