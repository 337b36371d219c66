import { describe, expect, it } from 'vitest';
import { createSeededRandom } from '../../src/sample/createSeededRandom.js';

function draws(count: number, draw: () => number): { mean: number; variance: number } {
  let sum = 0;
  let squares = 0;
  for (let index = 0; index < count; index++) {
    const value = draw();
    sum += value;
    squares += value * value;
  }
  const mean = sum / count;
  return { mean, variance: squares / count - mean * mean };
}

describe('createSeededRandom', () => {
  it('gives the same sequence for the same seed, and another for another seed', () => {
    const sequence = (seed: number | string) => {
      const random = createSeededRandom(seed);
      return Array.from({ length: 5 }, () => random.next());
    };
    expect(sequence(42)).toEqual(sequence(42));
    expect(sequence('42')).toEqual(sequence(42));
    expect(sequence(43)).not.toEqual(sequence(42));
  });

  it('forks independent, reproducible streams by label', () => {
    const a = createSeededRandom(1).fork('x');
    const b = createSeededRandom(1).fork('x');
    const c = createSeededRandom(1).fork('y');
    const first = [a.next(), a.next()];
    expect([b.next(), b.next()]).toEqual(first);
    expect([c.next(), c.next()]).not.toEqual(first);
  });

  it('draws uniforms in [0, 1) and integers in their closed range', () => {
    const random = createSeededRandom(7);
    const seen = new Set<number>();
    let outside = 0;
    for (let index = 0; index < 10_000; index++) {
      const value = random.next();
      if (value < 0 || value >= 1) outside += 1;
      seen.add(random.integer(1, 6));
    }
    expect(outside).toBe(0);
    expect([...seen].sort()).toEqual([1, 2, 3, 4, 5, 6]);
    expect(draws(20_000, random.next).mean).toBeCloseTo(0.5, 1);
  });

  it('draws gamma with mean shape*scale and variance shape*scale^2, also for shape < 1', () => {
    const random = createSeededRandom(3);
    for (const [shape, scale] of [
      [0.243, 1 / 4.414],
      [6.25, 2],
      [1, 1],
    ] as const) {
      const { mean, variance } = draws(40_000, () => random.gamma(shape, scale));
      expect(mean / (shape * scale)).toBeCloseTo(1, 1);
      expect(variance / (shape * scale * scale)).toBeGreaterThan(0.85);
      expect(variance / (shape * scale * scale)).toBeLessThan(1.15);
    }
  });

  it('draws beta, exponential and poisson with their means', () => {
    const random = createSeededRandom(5);
    expect(draws(20_000, () => random.beta(0.793, 2.426)).mean).toBeCloseTo(0.793 / 3.219, 2);
    expect(draws(20_000, () => random.exponential(4)).mean).toBeCloseTo(0.25, 2);
    expect(draws(20_000, () => random.poisson(3)).mean).toBeCloseTo(3, 1);
    expect(draws(2_000, () => random.poisson(80)).mean).toBeCloseTo(80, 0);
  });

  it('rejects impossible gamma parameters', () => {
    expect(() => createSeededRandom(1).gamma(0, 1)).toThrow(RangeError);
  });
});
