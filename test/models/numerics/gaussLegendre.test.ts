import { describe, expect, it } from 'vitest';
import { gaussLegendre } from '../../../src/models/numerics/gaussLegendre.js';

const integrate = (n: number, f: (x: number) => number): number => {
  const { nodes, weights } = gaussLegendre(n);
  return nodes.reduce((sum, x, i) => sum + (weights[i] as number) * f(x), 0);
};

describe('gaussLegendre', () => {
  it('has the textbook 3-point rule: nodes 0, ±√(3/5), weights 8/9 and 5/9', () => {
    const { nodes, weights } = gaussLegendre(3);
    expect(nodes[0]).toBeCloseTo(Math.sqrt(3 / 5), 15);
    expect(nodes[1]).toBe(0);
    expect(nodes[2]).toBeCloseTo(-Math.sqrt(3 / 5), 15);
    expect(weights[0]).toBeCloseTo(5 / 9, 15);
    expect(weights[1]).toBeCloseTo(8 / 9, 15);
  });

  it.each([1, 2, 7, 32, 100])('integrates x^k exactly for k <= 2n - 1 (n = %i)', (n) => {
    for (const k of [0, 1, 2 * n - 2, 2 * n - 1]) {
      const exact = k % 2 === 1 ? 0 : 2 / (k + 1);
      expect(Math.abs(integrate(n, (x) => x ** k) - exact)).toBeLessThan(1e-13);
    }
  });

  it('converges geometrically for an analytic integrand: ∫ eˣ dx with 12 nodes to 1e-15', () => {
    expect(integrate(12, Math.exp) / (Math.E - 1 / Math.E) - 1).toBeCloseTo(0, 14);
  });

  it('rejects a count that is not a positive integer', () => {
    expect(() => gaussLegendre(0)).toThrowError(/^gaussLegendre: n must be an integer >= 1/);
    expect(() => gaussLegendre(2.5)).toThrowError(/^gaussLegendre: n must be an integer >= 1/);
  });
});
