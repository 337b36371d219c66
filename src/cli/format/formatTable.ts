/** One column of {@link formatTable}. */
export interface TableColumn {
  readonly header: string;
  /** `right` for numbers. Default: `left`. */
  readonly align?: 'left' | 'right';
  /** Cells longer than this are cut with `…`. Default: no limit. */
  readonly maxWidth?: number;
}

/**
 * Rows as aligned text columns under a header and a rule, two spaces apart: what `tenure`
 * prints on a terminal. Each column is as wide as its widest cell (up to `maxWidth`).
 *
 * @example
 * ```ts
 * formatTable([{ header: 'stage' }, { header: 'people', align: 'right' }], [['lead', '1,204']]);
 * // ['stage  people', '-----  ------', 'lead    1,204']
 * ```
 */
export function formatTable(
  columns: readonly TableColumn[],
  rows: readonly (readonly string[])[],
): string[] {
  const cut = (text: string, column: TableColumn) =>
    column.maxWidth !== undefined && text.length > column.maxWidth
      ? `${text.slice(0, Math.max(0, column.maxWidth - 1))}…`
      : text;
  const cells = rows.map((row) => columns.map((column, i) => cut(oneLine(row[i] ?? ''), column)));
  // A loop, not Math.max(...lengths): some 120,000 arguments overflow the call stack.
  const widths = columns.map((column) => column.header.length);
  for (const row of cells) {
    row.forEach((cell, i) => {
      if (cell.length > (widths[i] as number)) widths[i] = cell.length;
    });
  }
  const line = (values: readonly string[]) =>
    values
      .map((value, i) => {
        const width = widths[i] as number;
        return columns[i]?.align === 'right' ? value.padStart(width) : value.padEnd(width);
      })
      .join('  ')
      .trimEnd();
  return [
    line(columns.map((column) => column.header)),
    line(widths.map((width) => '-'.repeat(width))),
    ...cells.map(line),
  ];
}

/** Control characters (a newline in a customer id) would break the columns: show them escaped. */
function oneLine(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: replacing control characters is the point
  return text.replace(/[\u0000-\u001f\u007f]/g, (char) => JSON.stringify(char).slice(1, -1));
}
