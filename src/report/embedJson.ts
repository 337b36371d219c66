/**
 * JSON for a `<script type="application/json">` element: `<`, `>` and `&` become `\u003c`,
 * `\u003e`, `\u0026`, so no value (a customer id from a user's file, say) can close the element
 * or open a comment; `JSON.parse` of the element's text gives the value back unchanged.
 *
 * @example
 * ```ts
 * embedJson({ id: '</script><b>' }); // '{"id":"\\u003c/script\\u003e\\u003cb\\u003e"}'
 * ```
 */
export function embedJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/**
 * Text for HTML element content and quoted attribute values.
 *
 * @example
 * ```ts
 * escapeHtml('<b>"Tom & Jerry"</b>'); // '&lt;b&gt;&quot;Tom &amp; Jerry&quot;&lt;/b&gt;'
 * ```
 */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}
