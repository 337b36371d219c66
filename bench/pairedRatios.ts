/** The spread of per-pair ratios `b / a` of two versions' times (see `bench/compare.ts`). */
export interface PairedRatios {
  readonly median: number;
  readonly low: number;
  readonly high: number;
}

/**
 * The ratios `b[i] / a[i]` of times measured in pairs, summarised by their median and range.
 * Each pair ran back to back, so a ratio compares the versions under the same load; the median
 * is robust to the pairs a burst of load hit on one side only.
 *
 * @example
 * ```ts
 * pairedRatios([1, 2, 1], [0.9, 2.2, 0.8]); // { median: 0.9, low: 0.8, high: 1.1 }
 * ```
 */
export function pairedRatios(a: readonly number[], b: readonly number[]): PairedRatios {
  if (a.length === 0 || a.length !== b.length) {
    throw new RangeError(
      `pairedRatios: ${a.length} and ${b.length} times; pass the same number (at least 1) for both versions.`,
    );
  }
  const ratios = a.map((time, index) => (b[index] as number) / time).sort((x, y) => x - y);
  const middle = ratios.length >> 1;
  const median =
    ratios.length % 2 === 1
      ? (ratios[middle] as number)
      : ((ratios[middle - 1] as number) + (ratios[middle] as number)) / 2;
  return { median, low: ratios[0] as number, high: ratios[ratios.length - 1] as number };
}
