import { createHash } from 'node:crypto';

/**
 * A stable event id for an imported row that has none: a hash of the row's text and its line
 * number. Re-importing the same file gives the same ids (the log skips them as duplicates), while
 * two identical rows on different lines stay two events.
 *
 * @example
 * ```ts
 * deriveEventId('4,1,19970101,2,29.33', 2); // 'import-…' (24 hex digits)
 * ```
 */
export function deriveEventId(text: string, line: number, prefix = 'import-'): string {
  const hash = createHash('sha256').update(`${line}\u0000${text}`).digest('hex');
  return `${prefix}${hash.slice(0, 24)}`;
}
