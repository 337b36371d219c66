import { checkModelOptions } from '../../errors/checkModelOptions.js';
import { createRandom } from '../numerics/random.js';
import type { FrequencyRow } from '../summary/FrequencyRows.js';
import type { BgNbdParams } from './BgNbdParams.js';

/** Options of {@link simulateBgNbdHistories}. */
export interface SimulateHistoriesOptions {
  /** Number of customers. */
  readonly customers: number;
  /** Seed of the random source. */
  readonly seed: number;
  /** Shortest observation period T, in model units. */
  readonly minT: number;
  /** Longest observation period T (uniform between the two). Default: `minT`. */
  readonly maxT?: number;
}

/**
 * Simulates customers' exact (x, t_x, T) histories from the BG/NBD process in continuous time:
 * no calendar, no same-day merging. For checking estimators (a fit on these recovers the
 * parameters up to sampling error) and for tests that need model-conform data quickly; use
 * {@link simulateBgNbd} for purchase events.
 *
 * @example
 * ```ts
 * const rows = simulateBgNbdHistories({ r: 0.5, alpha: 10, a: 0.7, b: 2.5 }, {
 *   customers: 10_000, seed: 1, minT: 40, maxT: 52,
 * });
 * fitBgNbd(rows).params; // ≈ the parameters above
 * ```
 */
export function simulateBgNbdHistories(
  params: BgNbdParams,
  options: SimulateHistoriesOptions,
): FrequencyRow[] {
  checkModelOptions('simulateBgNbdHistories', 'options', options, [
    'customers',
    'seed',
    'minT',
    'maxT',
  ]);
  const random = createRandom(options.seed);
  const { r, alpha, a, b } = params;
  const minT = options.minT;
  const span = (options.maxT ?? minT) - minT;
  const rows: FrequencyRow[] = new Array(options.customers);
  for (let i = 0; i < options.customers; i++) {
    const rate = random.gamma(r, 1 / alpha);
    const dropout = random.beta(a, b);
    const T = minT + span * random.uniform();
    let t = 0;
    let x = 0;
    let tx = 0;
    for (;;) {
      t += random.exponential(rate);
      if (!(t < T)) break;
      x++;
      tx = t;
      if (random.uniform() < dropout) break;
    }
    rows[i] = { x, tx, T };
  }
  return rows;
}
