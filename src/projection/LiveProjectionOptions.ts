import { defaultPersonalFields, type PersonalFields } from '../privacy/personalFields.js';
import { checkProjectionOptions } from './checkProjectionOptions.js';
import { ProjectionError } from './ProjectionError.js';
import { SNAPSHOT_FORMAT } from './ProjectionSnapshot.js';

/** Options of `lifecycle.createProjection` and `lifecycle.resume`. */
export interface LiveProjectionOptions {
  /**
   * Per event type, the `data` fields that hold personal data. When the projection applies a
   * `customer.forgotten` event, it replaces those fields of the customer's events it holds with
   * `'[erased]'`, as a private log reads them after `forget`: neither the projection nor its
   * later snapshots keep them. Give the private log's own when it names more than the default.
   * Default: `defaultPersonalFields` (a review's text, a survey's comment).
   */
  readonly personalFields?: PersonalFields;
}

/** The personal fields a live projection erases, checked. Internal. */
export function personalFieldsOf(api: string, options: unknown): PersonalFields {
  if (options === undefined) return defaultPersonalFields;
  // createProjection(snapshot) reads as "a projection from this snapshot": say which call that is.
  if ((options as { format?: unknown } | null)?.format === SNAPSHOT_FORMAT) {
    throw new ProjectionError(
      'TENURE_INVALID_PROJECTION_INPUT',
      `${api}: received a projection snapshot; to go on from it, call lifecycle.resume(snapshot) (options, if any, second).`,
    );
  }
  checkProjectionOptions(api, options, ['personalFields']);
  const fields = (options as LiveProjectionOptions).personalFields;
  if (fields === undefined) return defaultPersonalFields;
  const isList = (value: unknown) =>
    Array.isArray(value) && value.every((field) => typeof field === 'string');
  if (typeof fields !== 'object' || fields === null || !Object.values(fields).every(isList)) {
    throw new ProjectionError(
      'TENURE_INVALID_PROJECTION_INPUT',
      `${api}: options.personalFields must map event types to lists of data fields, e.g. { ...defaultPersonalFields, 'acme.ticket': ['body'] }.`,
    );
  }
  return fields;
}
