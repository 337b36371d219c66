/** A sum of numbers added one at a time, see {@link createExactSum}. Internal. */
export interface ExactSum {
  add(value: number): void;
  /** The sum of the numbers added, correctly rounded: the same whatever their order. */
  value(): number;
}

/**
 * A sum that does not depend on the order of its terms (Shewchuk's exact partials, as Python's
 * `math.fsum`): the report sums customers' values in the order they come, which is the log's
 * pass order for a streamed report and customer id order for a whole projection, and both must
 * give the same figure. Infinite or NaN terms give what a plain sum gives.
 */
export function createExactSum(): ExactSum {
  // Non-overlapping partial sums, smallest magnitude first; their exact sum is the total.
  const partials: number[] = [];
  let special = 0;
  return {
    add(value) {
      if (!Number.isFinite(value)) {
        special += value;
        return;
      }
      let x = value;
      let kept = 0;
      for (let index = 0; index < partials.length; index++) {
        let y = partials[index] as number;
        if (Math.abs(x) < Math.abs(y)) [x, y] = [y, x];
        const hi = x + y;
        const lo = y - (hi - x);
        if (lo !== 0) partials[kept++] = lo;
        x = hi;
      }
      partials.length = kept;
      partials.push(x);
    },
    value() {
      if (special !== 0 || Number.isNaN(special)) return special;
      let n = partials.length;
      if (n === 0) return 0;
      let hi = partials[--n] as number;
      let lo = 0;
      while (n > 0) {
        const x = hi;
        const y = partials[--n] as number;
        hi = x + y;
        lo = y - (hi - x);
        if (lo !== 0) break;
      }
      // Round half-even across the partials left: the last bit of hi may need to move.
      const below = n > 0 ? (partials[n - 1] as number) : 0;
      if ((lo < 0 && below < 0) || (lo > 0 && below > 0)) {
        const y = lo * 2;
        const x = hi + y;
        if (y === x - hi) hi = x;
      }
      // A plain sum starts at 0, and 0 + -0 is 0.
      return hi === 0 ? 0 : hi;
    },
  };
}
