/** Per event type, the top-level `data` fields that hold personal data. */
export type PersonalFields = Readonly<Record<string, readonly string[]>>;

/**
 * The personal fields of the built-in types: the whole `customer.profile` (name, email, phone,
 * address), a review's `text` and a survey's `comment` (free text a customer wrote may name
 * people, places, contacts).
 *
 * @example
 * ```ts
 * const personalFields = { ...defaultPersonalFields, 'acme.ticket': ['body'] };
 * ```
 */
export const defaultPersonalFields: PersonalFields = Object.freeze({
  'customer.profile': Object.freeze(['name', 'email', 'phone', 'address']),
  review: Object.freeze(['text']),
  'survey.answered': Object.freeze(['comment']),
});

/** The associated data a sealed field is bound to: customer, event and field. */
export function sealContext(customerId: string, eventId: string, field: string): string {
  return `${JSON.stringify(customerId)}/${JSON.stringify(eventId)}/${JSON.stringify(field)}`;
}
