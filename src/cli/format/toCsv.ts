/**
 * Rows as CSV (RFC 4180): comma-separated, CRLF-free `\n` line ends, fields quoted when they
 * hold a comma, a quote or a line break; numbers written in full precision; `undefined` and
 * `null` as empty fields.
 *
 * @example
 * ```ts
 * toCsv(['customerId', 'clv'], [['c "1"', 12.5]]); // 'customerId,clv\n"c ""1""",12.5\n'
 * ```
 */
export function toCsv(
  headers: readonly string[],
  rows: readonly (readonly (string | number | boolean | null | undefined)[])[],
): string {
  const lines = [csvLine(headers)];
  for (const row of rows) lines.push(csvLine(headers.map((_, i) => row[i])));
  return `${lines.join('\n')}\n`;
}

/**
 * One line of {@link toCsv}, without its line end: for rows written as they come.
 *
 * @example
 * ```ts
 * csvLine(['c "1"', 12.5, undefined]); // '"c ""1""",12.5,'
 * ```
 */
export function csvLine(values: readonly (string | number | boolean | null | undefined)[]): string {
  return values.map(field).join(',');
}

function field(value: string | number | boolean | null | undefined): string {
  if (value === undefined || value === null) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
