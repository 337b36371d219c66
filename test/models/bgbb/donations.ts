import type { BgBbRow } from '../../../src/models/bgbb/BgBbParams.js';

/**
 * The donations data as printed in Fader, Hardie & Shang (2010), Marketing Science 29(6): the 22
 * (x, t_x) patterns of 11,104 donors over n = 6 yearly opportunities (1996-2001), with the number
 * of donors and their total repeat donations in the 2002-2006 holdout (13,260 in all).
 */
export const donations: readonly (BgBbRow & {
  readonly count: number;
  readonly holdout: number;
})[] = [
  [6, 6, 1203, 4252],
  [5, 6, 728, 2227],
  [4, 6, 512, 1393],
  [3, 6, 357, 817],
  [2, 6, 234, 442],
  [1, 6, 129, 190],
  [5, 5, 335, 582],
  [4, 5, 284, 542],
  [3, 5, 225, 373],
  [2, 5, 173, 244],
  [1, 5, 119, 136],
  [4, 4, 240, 201],
  [3, 4, 181, 170],
  [2, 4, 155, 114],
  [1, 4, 78, 44],
  [3, 3, 322, 148],
  [2, 3, 255, 118],
  [1, 3, 129, 78],
  [2, 2, 613, 244],
  [1, 2, 277, 103],
  [1, 1, 1091, 238],
  [0, 0, 3464, 604],
].map(([x = 0, tx = 0, count = 0, holdout = 0]) => ({ x, tx, n: 6, count, holdout }));

/** The published fit: alpha, beta, gamma, delta = 1.204, 0.750, 0.657, 2.783; LL -33225.58. */
export const publishedDonationParams = { alpha: 1.204, beta: 0.75, gamma: 0.657, delta: 2.783 };
