/** Keys of Stripe's API objects that hold money in the currency's smallest unit. */
const MINOR_UNIT_KEYS = new Set([
  'amount',
  'amount_captured',
  'amount_received',
  'amount_paid',
  'amount_due',
  'amount_refunded',
  'amount_total',
  'amount_subtotal',
  'total',
  'subtotal',
]);

/**
 * Why an amount read from a JSON line under `key` is not taken as it is, or `undefined` when it
 * is. An object of Stripe's API (its `object` names the kind, beside `livemode`) writes money in
 * the currency's smallest unit: 2500 is 25.00 USD, but 2500 JPY is 2500 yen, and Stripe's
 * zero-decimal currencies are its own list. Dividing by 100 would be wrong for some rows,
 * reading it as it is wrong for the others, so the rows are rejected with the conversion to do.
 * Stripe's dashboard exports (CSV) write amounts in units and are read. Internal.
 */
export function stripeMinorUnitsReason(
  record: Readonly<Record<string, unknown>>,
  key: string,
): string | undefined {
  if (typeof record.object !== 'string' || typeof record.livemode !== 'boolean') return undefined;
  if (!MINOR_UNIT_KEYS.has(key.toLowerCase())) return undefined;
  return `amount (key ${JSON.stringify(key)}): this line is a Stripe ${record.object} as its API writes it, with amounts in the currency's smallest unit (2500 is 25.00 USD, but 2500 JPY is 2500 yen), which tenure does not convert by guessing; convert them first, e.g. jq -c '{id, customer, created, currency, amount: (.amount / 100)}' charges.jsonl > charges-units.jsonl, keeping the amounts of zero-decimal currencies such as JPY as they are`;
}
