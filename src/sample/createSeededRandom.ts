/** A seeded pseudo-random number generator with the draws the sample business needs. */
export interface SeededRandom {
  /** The next uniform number in [0, 1). */
  next(): number;
  /** An integer from `min` to `max`, both included. */
  integer(min: number, max: number): number;
  /** True with probability `p`. */
  chance(p: number): boolean;
  /** One element of a non-empty array, uniformly. */
  pick<T>(items: readonly T[]): T;
  /** An exponential waiting time with the given rate (mean `1 / rate`). */
  exponential(rate: number): number;
  /** A normal draw (Box-Muller). */
  normal(mean?: number, sd?: number): number;
  /** A gamma draw with `shape` and `scale` (mean `shape * scale`), by Marsaglia and Tsang. */
  gamma(shape: number, scale: number): number;
  /** A beta draw in (0, 1). */
  beta(a: number, b: number): number;
  /** A Poisson count with the given mean. */
  poisson(mean: number): number;
  /** An independent generator derived from this one's seed and `label`: the same label always gives the same stream. */
  fork(label: string | number): SeededRandom;
}

/**
 * Creates a deterministic PRNG (sfc32, seeded through a string hash): the same seed gives the same
 * sequence on every platform. For generators, tests and benchmarks; tenure's core uses no
 * randomness at all.
 *
 * @example
 * ```ts
 * const random = createSeededRandom(42);
 * random.gamma(0.243, 1 / 4.414); // a purchase rate per week, as in CDNOW
 * createSeededRandom(42).next() === createSeededRandom(42).next(); // true
 * ```
 */
export function createSeededRandom(seed: number | string): SeededRandom {
  const key = String(seed);
  const [a0, b0, c0, d0] = seedState(key);
  let a = a0;
  let b = b0;
  let c = c0;
  let d = d0;
  const next = (): number => {
    // sfc32 (Chris Doty-Humphrey's small fast counting generator), 32-bit state words.
    a |= 0;
    b |= 0;
    c |= 0;
    d |= 0;
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  for (let warmup = 0; warmup < 12; warmup++) next();
  const normal = (mean = 0, sd = 1): number => {
    const u = 1 - next();
    const v = next();
    return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  };
  const gamma = (shape: number, scale: number): number => {
    if (!(shape > 0) || !(scale > 0)) {
      throw new RangeError(`gamma: shape and scale must be > 0, got ${shape} and ${scale}.`);
    }
    if (shape < 1) return gamma(shape + 1, scale) * (1 - next()) ** (1 / shape);
    const dd = shape - 1 / 3;
    const cc = 1 / Math.sqrt(9 * dd);
    while (true) {
      let x: number;
      let v: number;
      do {
        x = normal();
        v = 1 + cc * x;
      } while (v <= 0);
      v = v * v * v;
      const u = 1 - next();
      if (Math.log(u) < 0.5 * x * x + dd - dd * v + dd * Math.log(v)) return dd * v * scale;
    }
  };
  const random: SeededRandom = {
    next,
    integer: (min, max) => min + Math.floor(next() * (max - min + 1)),
    chance: (p) => next() < p,
    pick: (items) => {
      if (items.length === 0) throw new RangeError('pick: the array is empty.');
      return items[Math.floor(next() * items.length)] as (typeof items)[number];
    },
    exponential: (rate) => -Math.log(1 - next()) / rate,
    normal,
    gamma,
    beta: (alpha, beta) => {
      const x = gamma(alpha, 1);
      const y = gamma(beta, 1);
      const value = x / (x + y);
      return Math.min(Math.max(value, Number.EPSILON), 1 - Number.EPSILON);
    },
    poisson: (mean) => {
      // Knuth's method for small means, normal approximation for large ones.
      if (mean > 50) return Math.max(0, Math.round(normal(mean, Math.sqrt(mean))));
      const limit = Math.exp(-mean);
      let count = 0;
      let product = next();
      while (product > limit) {
        count += 1;
        product *= next();
      }
      return count;
    },
    fork: (label) => createSeededRandom(`${key}/${String(label)}`),
  };
  return random;
}

/** Four 32-bit words from a string, by the cyrb128 hash. */
function seedState(text: string): [number, number, number, number] {
  let h1 = 1779033703;
  let h2 = 3144134277;
  let h3 = 1013904242;
  let h4 = 2773480762;
  for (let index = 0; index < text.length; index++) {
    const k = text.charCodeAt(index);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  h1 ^= h2 ^ h3 ^ h4;
  h2 ^= h1;
  h3 ^= h1;
  h4 ^= h1;
  return [h1 >>> 0, h2 >>> 0, h3 >>> 0, h4 >>> 0];
}
