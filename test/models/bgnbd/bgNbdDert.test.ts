import { describe, expect, it } from 'vitest';
import { bgNbdDert } from '../../../src/models/bgnbd/index.js';

/**
 * [r, alpha, a, b, x, t_x, T, discount rate per unit, DERT]. References from mpmath 1.3 at 30
 * digits, by quadrature of the derivative form
 *   DERT = P(alive) (r+x)/(α+T) ∫₀^∞ e^(-δt) ₂F₁(r+x+1, a; a+b+x; -t/(α+T)) dt, δ = ln(1 + rate),
 * (dE[Y(t)]/dt = P(alive) E[λ e^(-λpt)] over λ ~ Gamma(r+x, α+T), p ~ Beta(a, b+x)) and, for a
 * sample, cross-checked against a second integral, P(alive) E_λ[(λ/δ) ₂F₁(1, a; a+b+x; -λ/δ)]
 * (DERT = P(alive) E[λ / (λp + δ)]): the two agree to 30 digits. The weekly rate 0.00182828...
 * is 10 % a year. Young customers (T of a day or less) and the extreme shapes were 1e-4 to 1.5e-2
 * off under the 64-interval Simpson rule the valuation used before, and up to 2.5e-3 under the
 * former default of 400 intervals.
 */
const references: readonly (readonly number[])[] = [
  // alpha = 2, a = 3: a brand-new customer, and five repeat purchases in three weeks
  [1.5, 2, 3, 5, 0, 0, 0, 0.0018282846336430323, 3.3914855696965422],
  [1.5, 2, 3, 5, 5, 3, 3, 0.0018282846336430323, 4.4233961571903055],
  [1.5, 2, 3, 5, 5, 3, 3, 0.02, 3.8825049543987897],
  // CDNOW's fit (weeks): a customer of one day, a typical one, a heavy buyer
  [
    0.2425945551,
    4.413603317,
    0.7929220646,
    2.4259069622,
    0,
    0,
    1 / 7,
    0.0018282846336430323,
    4.302505100821434,
  ],
  [
    0.2425945551, 4.413603317, 0.7929220646, 2.4259069622, 2, 30.43, 38.86, 0.0018282846336430323,
    6.371834279907695,
  ],
  [
    0.2425945551, 4.413603317, 0.7929220646, 2.4259069622, 200, 38, 39, 0.0018282846336430323,
    416.9535258189666,
  ],
  // CDNOW's fit in days, a customer of the day
  [
    0.2425945551, 30.895223219, 0.7929220646, 2.4259069622, 0, 0, 0, 0.00026097909992032684,
    4.3648244335230775,
  ],
  // a = 0.2 (the expected purchases grow without limit), young and long-lapsed
  [0.3, 1, 0.2, 0.4, 0, 0, 0, 0.0018282846336430323, 38.780868198263036],
  [0.3, 1, 0.2, 0.4, 3, 0.5, 520, 0.02, 1.5510452483003362e-8],
  // alpha near 0: the steep part is a minute of a week, the discount spans years
  [0.5, 0.05, 0.5, 1, 0, 0, 0, 0.0018282846336430323, 91.74185230929031],
  [0.5, 0.00001, 0.5, 1, 0, 0, 0, 0.0018282846336430323, 6556.244786525709],
  [1.5, 0.00001, 3, 5, 0, 0, 0, 0.0018282846336430323, 3.499999233566123],
  // shapes in the tens
  [50, 300, 40, 80, 0, 0, 1 / 7, 0.0018282846336430323, 2.948959317959463],
  // x = 79: E[Y(t)] near t = 1,600 needs the ₂F₁ series past c + n = 0 (1.8e-4 off with 400
  // Simpson intervals, 1e-5 with 32 nodes, before that was fixed)
  [
    0.017787815711189453, 215.76624250433116, 7.292734676463756, 45.65077446974547, 79,
    110.2062830189666, 132.53933746809855, 0.011115987338203783, 0.821314699719102,
  ],
];

describe('bgNbdDert against independent references', () => {
  it.each(references)(
    'r=%s alpha=%s a=%s b=%s, x=%s t_x=%s T=%s at rate %s: within 1e-8',
    (r, alpha, a, b, x, tx, T, discountRate, expected) => {
      const dert = bgNbdDert(
        { r: r as number, alpha: alpha as number, a: a as number, b: b as number },
        { x: x as number, tx: tx as number, T: T as number },
        { discountRate: discountRate as number },
      );
      expect(Math.abs(dert / (expected as number) - 1)).toBeLessThanOrEqual(1e-8);
    },
  );
});
