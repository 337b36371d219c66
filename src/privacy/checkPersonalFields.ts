import type { EventCatalog } from '../events/createEventCatalog.js';
import { PrivacyError } from './PrivacyError.js';
import type { PersonalFields } from './personalFields.js';
import { sealedStandIn } from './sealValue.js';

/** The parts of a valibot object schema this check reads. */
interface ObjectSchemaNode {
  readonly type: string;
  readonly entries?: Readonly<Record<string, unknown>>;
}

/** Shaped like a sealed empty string: the shortest value a personal field must accept. */
const SEALED_SAMPLE = sealedStandIn('');

/**
 * Refuses `personalFields` that cannot protect anything: a type the log does not know, a field
 * its schema does not have (a misspelt `nmae` would leave `name` in clear text), or a field
 * that cannot hold a sealed value, which is a string. Fields are checked for the schemas tenure
 * can read (valibot objects, as the built-in types); others are trusted.
 *
 * @throws PrivacyError `TENURE_INVALID_PRIVACY_OPTIONS` naming the type, the field and the fix.
 */
export function checkPersonalFields(personalFields: unknown, catalog: EventCatalog): void {
  const refuse = (why: string) =>
    new PrivacyError('TENURE_INVALID_PRIVACY_OPTIONS', `createPrivateLog: ${why}`);
  if (typeof personalFields !== 'object' || personalFields === null) {
    throw refuse(
      'options.personalFields must map event types to their personal fields, e.g. { ...defaultPersonalFields, "acme.ticket": ["body"] }.',
    );
  }
  for (const [type, fields] of Object.entries(personalFields as PersonalFields)) {
    const definition = catalog.get(type);
    if (definition === undefined) {
      throw refuse(
        `personalFields names the event type ${JSON.stringify(type)}, which the log does not know. Check its spelling, or pass its definition in eventTypes.`,
      );
    }
    if (!Array.isArray(fields) || !fields.every((field) => typeof field === 'string')) {
      throw refuse(
        `personalFields[${JSON.stringify(type)}] must be an array of field names of its data, e.g. ["body"].`,
      );
    }
    const schema = definition.schema as unknown as ObjectSchemaNode;
    // A loose object keeps any key, so any name may be a field of it.
    if (schema.type !== 'object' && schema.type !== 'strict_object') continue;
    const entries = schema.entries ?? {};
    for (const field of fields) {
      const entry = Object.hasOwn(entries, field) ? entries[field] : undefined;
      if (entry === undefined) {
        throw refuse(
          `personalFields[${JSON.stringify(type)}] names ${JSON.stringify(field)}, which is not a field of ${type} (its fields: ${Object.keys(entries).join(', ')}). Fix the spelling: a personal field named wrong is stored in clear text.`,
        );
      }
      if (!acceptsString(entry)) {
        throw refuse(
          `personalFields[${JSON.stringify(type)}] names ${JSON.stringify(field)}, whose schema does not accept a string of ${SEALED_SAMPLE.length} characters; a sealed value is such a string. Declare the field as a string (e.g. v.string(), with a maxLength that leaves room for sealing), or keep it out of personalFields.`,
        );
      }
    }
  }
}

function acceptsString(schema: unknown): boolean {
  const standard = (schema as { '~standard'?: { validate(value: unknown): unknown } })['~standard'];
  if (standard === undefined) return true;
  const result = standard.validate(SEALED_SAMPLE) as { issues?: unknown } | Promise<unknown>;
  // An asynchronous schema is trusted: the log validates the sealed events anyway.
  if (result instanceof Promise) return true;
  return result.issues === undefined;
}
