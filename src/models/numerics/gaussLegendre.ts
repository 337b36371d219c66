/** Nodes and weights of a Gauss–Legendre rule on [-1, 1], nodes in decreasing order. */
export interface GaussRule {
  readonly nodes: readonly number[];
  readonly weights: readonly number[];
}

const rules = new Map<number, GaussRule>();

/**
 * The n-point Gauss–Legendre rule on [-1, 1]: Σ wᵢ f(xᵢ) is exact for polynomials of degree up to
 * 2n - 1. The nodes are the roots of the Legendre polynomial Pₙ, found by Newton's method from
 * Tricomi's estimate; each rule is computed once (O(n²) work) and kept.
 *
 * @param n - Points, an integer >= 1.
 *
 * @example
 * ```ts
 * const { nodes, weights } = gaussLegendre(3);
 * // ∫₋₁¹ x⁴ dx = 2/5, exactly (degree 4 <= 5)
 * nodes.reduce((sum, x, i) => sum + (weights[i] as number) * x ** 4, 0); // 0.4
 * ```
 */
export function gaussLegendre(n: number): GaussRule {
  const cached = rules.get(n);
  if (cached !== undefined) return cached;
  if (!(Number.isInteger(n) && n >= 1))
    throw new RangeError(`gaussLegendre: n must be an integer >= 1, got ${n}`);
  const nodes: number[] = new Array(n);
  const weights: number[] = new Array(n);
  for (let i = 0; i < Math.ceil(n / 2); i++) {
    let x = Math.cos((Math.PI * (i + 0.75)) / (n + 0.5));
    let slope = 1;
    for (let iteration = 0; iteration < 100; iteration++) {
      const [value, derivative] = legendre(n, x);
      slope = derivative;
      const step = value / derivative;
      x -= step;
      if (Math.abs(step) <= 1e-16) break;
    }
    slope = legendre(n, x)[1];
    const weight = 2 / ((1 - x * x) * slope * slope);
    nodes[i] = x;
    nodes[n - 1 - i] = -x;
    weights[i] = weight;
    weights[n - 1 - i] = weight;
  }
  if (n % 2 === 1) nodes[(n - 1) / 2] = 0;
  const rule = { nodes, weights };
  rules.set(n, rule);
  return rule;
}

/** Pₙ(x) and Pₙ'(x) by the three-term recurrence. */
function legendre(n: number, x: number): [number, number] {
  let previous = 1;
  let value = x;
  for (let k = 2; k <= n; k++) {
    const next = ((2 * k - 1) * x * value - (k - 1) * previous) / k;
    previous = value;
    value = next;
  }
  return [value, (n * (x * value - previous)) / (x * x - 1)];
}
