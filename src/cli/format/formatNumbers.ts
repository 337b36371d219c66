/**
 * An amount with thousands separators and two decimals, `-` when unknown.
 *
 * @example
 * ```ts
 * formatAmount(1234.5); // '1,234.50'
 * ```
 */
export function formatAmount(value: number | undefined): string {
  if (value === undefined || !Number.isFinite(value)) return '-';
  return value.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
}

/**
 * A share in [0, 1] as a percentage with one decimal, `-` when unknown.
 *
 * @example
 * ```ts
 * formatPercent(0.4213); // '42.1 %'
 * ```
 */
export function formatPercent(value: number | undefined | null): string {
  if (value === undefined || value === null || !Number.isFinite(value)) return '-';
  return `${(value * 100).toFixed(1)} %`;
}

/**
 * A UTC day, `YYYY-MM-DD`, `-` when unknown.
 *
 * @example
 * ```ts
 * formatDay(Date.UTC(2024, 11, 31, 15)); // '2024-12-31'
 * ```
 */
export function formatDay(time: number | undefined): string {
  if (time === undefined || !Number.isFinite(time)) return '-';
  return new Date(time).toISOString().slice(0, 10);
}

/**
 * A model parameter or statistic with four significant digits (`0.2426`, `4.414`, `-9582`).
 *
 * @example
 * ```ts
 * formatEstimate(4.41349); // '4.413'
 * ```
 */
export function formatEstimate(value: number | undefined): string {
  if (value === undefined || !Number.isFinite(value)) return '-';
  return Number(value.toPrecision(4)).toString();
}

/**
 * A count with its noun, singular for one: `formatCountOf(1, 'person', 'people')` is
 * `'1 person'`, `formatCountOf(1200, 'person', 'people')` `'1,200 people'`.
 */
export function formatCountOf(count: number, one: string, many: string): string {
  return `${count.toLocaleString('en-US')} ${count === 1 ? one : many}`;
}
