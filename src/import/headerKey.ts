/** A header name that says its times are UTC: Stripe's `Created (UTC)`. */
const UTC_SUFFIX = /\s*\(utc\)$/i;

/**
 * A CSV header name as the usual names of the fields are written: lower case, words joined by
 * `_`, without a `(UTC)` after it. Exports write the same names for people to read: Stripe's
 * `Customer ID` and `Created (UTC)`, Shopify's `Created at`, WooCommerce's `Order Date` are
 * `customer_id`, `created`, `created_at` and `order_date`. Other parentheses stay (`order_id
 * (metadata)` is Stripe's copy of a key of yours, not its order id). Internal.
 *
 * @example
 * ```ts
 * headerKey('Created (UTC)'); // 'created'
 * headerKey('Customer ID'); // 'customer_id'
 * ```
 */
export function headerKey(name: string): string {
  return wordKey(name.trim().replace(UTC_SUFFIX, ''));
}

/**
 * Words as tenure compares them, however people write them: lower case, joined by `_` where
 * they are spaced or hyphenated (`Partially refunded` is `partially_refunded`). Internal.
 */
export function wordKey(text: string): string {
  return text
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');
}

/**
 * Whether a header name says its times are UTC (`Created (UTC)`): its date-times without a zone
 * are read as UTC, as `assumeUtc` would, because the file says so rather than by a guess.
 * Internal.
 */
export function saysUtc(name: string | undefined): boolean {
  return name !== undefined && UTC_SUFFIX.test(name.trim());
}
