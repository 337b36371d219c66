import { checkModelOptions } from '../../errors/checkModelOptions.js';
import type { TenureEvent } from '../../events/TenureEvent.js';
import { createRandom } from '../numerics/random.js';
import { DAY_MS } from '../summary/purchaseDays.js';
import { type DateLike, dayOf } from '../summary/summarizeCustomers.js';
import { type TimeUnit, unitDays } from '../summary/timeUnit.js';
import type { BgNbdParams } from './BgNbdParams.js';

/** Options of {@link simulateBgNbd}. */
export interface SimulateBgNbdOptions {
  /** Number of customers. */
  readonly customers: number;
  /** Seed of the random source: the same seed gives the same events. */
  readonly seed: number;
  /** First possible birth day (UTC), e.g. `'2024-01-01'`. */
  readonly start: DateLike;
  /** Births are spread uniformly over this many days from `start`. Default: `0` (all on `start`). */
  readonly acquisitionDays?: number;
  /** Last UTC day simulated, inclusive. */
  readonly end: DateLike;
  /** Time unit of `params`. Default: `'week'`. */
  readonly unit?: TimeUnit;
  /**
   * Spend per purchase by the Gamma-Gamma model: each customer's ν ~ Gamma(q, rate gamma), each
   * purchase's amount ~ Gamma(p, rate ν). Default: `{ p: 6, q: 4, gamma: 15 }`.
   */
  readonly spend?: { readonly p: number; readonly q: number; readonly gamma: number };
  /** Currency of the purchases. Default: `'USD'`. */
  readonly currency?: string;
  /** Prefix of customer ids. Default: `'c'` (ids `c1`, `c2`, ...). */
  readonly customerPrefix?: string;
}

const SIMULATE_OPTIONS: readonly (keyof SimulateBgNbdOptions)[] = [
  'customers',
  'seed',
  'start',
  'acquisitionDays',
  'end',
  'unit',
  'spend',
  'currency',
  'customerPrefix',
];

/**
 * Simulates purchase events from the BG/NBD process itself, for tests, benchmarks and sample
 * data: each customer's purchase rate λ ~ Gamma(r, alpha) and dropout probability
 * p ~ Beta(a, b); the first purchase is at birth, repeat purchases follow a Poisson process
 * with rate λ, and after each repeat purchase the customer drops out with probability p.
 * Events come lazily, customer by customer, ordered in time within a customer; amounts follow
 * the Gamma-Gamma spend model, rounded to cents.
 *
 * @example
 * ```ts
 * const events = simulateBgNbd({ r: 0.25, alpha: 4, a: 0.8, b: 2.5 }, {
 *   customers: 10_000, seed: 7, start: '2024-01-01', acquisitionDays: 90, end: '2024-12-31',
 * });
 * const summary = summarizeCustomers(events, { calibrationEnd: '2024-12-31' });
 * ```
 */
export function* simulateBgNbd(
  params: BgNbdParams,
  options: SimulateBgNbdOptions,
): Generator<TenureEvent> {
  checkModelOptions('simulateBgNbd', 'options', options, SIMULATE_OPTIONS);
  checkModelOptions('simulateBgNbd', 'options.spend', options.spend, ['p', 'q', 'gamma']);
  const random = createRandom(options.seed);
  const { r, alpha, a, b } = params;
  const startDay = dayOf(options.start, 'start', 'simulateBgNbd');
  const endMs = (dayOf(options.end, 'end', 'simulateBgNbd') + 1) * DAY_MS;
  const unitMs = unitDays(options.unit ?? 'week') * DAY_MS;
  const acquisitionMs = (options.acquisitionDays ?? 0) * DAY_MS;
  const spend = options.spend ?? { p: 6, q: 4, gamma: 15 };
  const currency = options.currency ?? 'USD';
  const prefix = options.customerPrefix ?? 'c';
  let eventNumber = 0;
  for (let n = 1; n <= options.customers; n++) {
    const customerId = `${prefix}${n}`;
    const rate = random.gamma(r, 1 / alpha);
    const dropout = random.beta(a, b);
    const nu = random.gamma(spend.q, 1 / spend.gamma);
    let at = startDay * DAY_MS + Math.floor(random.uniform() * acquisitionMs);
    if (at >= endMs) continue;
    for (let purchase = 0; ; purchase++) {
      eventNumber++;
      const amount = Math.round(random.gamma(spend.p, 1 / nu) * 100) / 100;
      const id = `sim-${eventNumber}`;
      yield {
        id,
        type: 'purchase',
        customerId,
        at: Math.floor(at),
        data: { orderId: id, amount, currency },
      };
      // After each repeat purchase (not the first), the customer drops out with probability p.
      if (purchase > 0 && random.uniform() < dropout) break;
      at += random.exponential(rate) * unitMs;
      if (!(at < endMs)) break;
    }
  }
}
