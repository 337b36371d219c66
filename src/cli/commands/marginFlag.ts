import { usageError } from '../CliError.js';

/**
 * The `--margin` lines of the help of a command that prints lifetime value, its description
 * starting at column `column` as the command's other options do.
 */
export function marginHelp(column: number): string {
  return [
    `  ${'--margin <m>'.padEnd(column - 2)}share of spend that is profit, 0 < m <= 1, that CLV counts`,
    `${' '.repeat(column)}(default: 1: CLV is revenue)`,
  ].join('\n');
}

/**
 * `--margin` as a number in (0, 1] (default `1`: CLV is revenue), or a usage error. Zero is
 * refused although the API takes it: every CLV would print as 0.
 */
export function marginFlag(command: string, value: string | boolean | undefined): number {
  if (value === undefined) return 1;
  const margin =
    typeof value === 'string' && /^\s*\d*\.?\d+\s*$/.test(value) ? Number(value) : Number.NaN;
  if (!(margin > 0 && margin <= 1))
    throw usageError(
      command,
      `--margin ${JSON.stringify(value)} is not a share of spend; give a number with 0 < m <= 1, e.g. 0.3 for a 30 % margin.`,
    );
  return margin;
}

/**
 * A value's label with the margin and currency it is in: `CLV (margin 0.3, USD)`, so that no
 * one reads revenue (the default margin 1) as profit.
 */
export function clvLabel(
  margin: number,
  currency: string | null | undefined,
  label = 'CLV',
): string {
  return `${label} (margin ${margin}${currency == null ? '' : `, ${currency}`})`;
}
