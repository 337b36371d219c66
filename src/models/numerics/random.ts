/** A seeded pseudo-random source with the distributions the model simulators need. */
export interface Random {
  /** Uniform on [0, 1). */
  uniform(): number;
  /** Standard normal. */
  normal(): number;
  /** Gamma with the given shape and scale (mean shape · scale). */
  gamma(shape: number, scale: number): number;
  /** Beta(a, b). */
  beta(a: number, b: number): number;
  /** Exponential with the given rate (mean 1 / rate). */
  exponential(rate: number): number;
}

/**
 * A deterministic random source (xoshiro128**, seeded by splitmix32): the same seed gives the
 * same sequence on every platform. For simulations and tests; tenure's core never draws random
 * numbers.
 *
 * @example
 * ```ts
 * const random = createRandom(42);
 * random.gamma(0.5, 2); // the same value on every run
 * ```
 */
export function createRandom(seed: number): Random {
  // State as int32 in a typed array: no heap numbers in the hot path.
  const state = new Int32Array(4);
  let seedState = seed | 0;
  for (let i = 0; i < 4; i++) {
    seedState = (seedState + 0x9e3779b9) | 0;
    let z = seedState;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    state[i] = z ^ (z >>> 16);
  }
  if (state.every((word) => word === 0)) state[0] = 1;
  /** xoshiro128**: the next 32 random bits, as a signed int32. */
  const next = (): number => {
    const a = state[0] as number;
    const b = state[1] as number;
    const c = state[2] as number;
    const d = state[3] as number;
    const result = Math.imul(rotl(Math.imul(b, 5), 7), 9);
    const t = b << 9;
    const c1 = c ^ a;
    const d1 = d ^ b;
    state[1] = b ^ c1;
    state[0] = a ^ d1;
    state[2] = c1 ^ t;
    state[3] = rotl(d1, 11);
    return result;
  };
  const uniform = (): number => ((next() >>> 11) * 2 ** 32 + (next() >>> 0)) / 2 ** 53;
  // The second normal of each Marsaglia polar pair, kept in a typed array (no heap numbers).
  const spare = new Float64Array(1);
  let hasSpare = false;
  const normal = (): number => {
    if (hasSpare) {
      hasSpare = false;
      return spare[0] as number;
    }
    let u: number;
    let v: number;
    let q: number;
    do {
      u = 2 * uniform() - 1;
      v = 2 * uniform() - 1;
      q = u * u + v * v;
    } while (q >= 1 || q === 0);
    const factor = Math.sqrt((-2 * Math.log(q)) / q);
    spare[0] = v * factor;
    hasSpare = true;
    return u * factor;
  };
  const gamma = (shape: number, scale: number): number => {
    // Marsaglia & Tsang (2000); shapes below 1 via the boost X·U^(1/shape).
    if (shape < 1) return gamma(shape + 1, scale) * uniform() ** (1 / shape);
    const d3 = shape - 1 / 3;
    const c3 = 1 / Math.sqrt(9 * d3);
    for (;;) {
      let x: number;
      let v: number;
      do {
        x = normal();
        v = 1 + c3 * x;
      } while (v <= 0);
      v = v * v * v;
      const u = uniform();
      if (u < 1 - 0.0331 * x ** 4 || Math.log(u) < 0.5 * x * x + d3 * (1 - v + Math.log(v))) {
        return d3 * v * scale;
      }
    }
  };
  return {
    uniform,
    normal,
    gamma,
    beta: (alpha, beta) => {
      const x = gamma(alpha, 1);
      return x / (x + gamma(beta, 1));
    },
    exponential: (rate) => -Math.log(1 - uniform()) / rate,
  };
}

function rotl(value: number, bits: number): number {
  return (value << bits) | (value >>> (32 - bits));
}
