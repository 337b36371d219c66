/**
 * The ISO 4217 code a currency is written as, in any case (`usd`, `Eur`: Stripe writes lower
 * case, people type it), upper-cased as events store it; `undefined` for anything but three
 * letters (`us$`, `euro`), which is never guessed at. The code is not checked against the
 * ISO list, as the event schema does not check it. Internal.
 *
 * @example
 * ```ts
 * currencyCode('eur'); // 'EUR'
 * currencyCode('euro'); // undefined
 * ```
 */
export function currencyCode(text: string): string | undefined {
  return /^[a-z]{3}$/i.test(text) ? text.toUpperCase() : undefined;
}
