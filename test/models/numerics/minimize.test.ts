import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { minimize } from '../../../src/models/numerics/minimize.js';

const rosenbrock = ([a = 0, b = 0]: readonly number[]) => (1 - a) ** 2 + 100 * (b - a * a) ** 2;

describe('minimize', () => {
  it('finds the minimum of the Rosenbrock valley with numerical gradients', () => {
    const result = minimize(rosenbrock, [-1.2, 1]);
    expect(result.converged).toBe(true);
    expect(result.x[0]).toBeCloseTo(1, 5);
    expect(result.x[1]).toBeCloseTo(1, 5);
    expect(result.evaluations).toBeGreaterThan(result.iterations);
  });

  it('uses an analytic gradient when given one', () => {
    const gradient = ([a = 0, b = 0]: readonly number[]) => [
      -2 * (1 - a) - 400 * a * (b - a * a),
      200 * (b - a * a),
    ];
    const result = minimize(rosenbrock, [-1.2, 1], { gradient });
    expect(result.converged).toBe(true);
    expect(result.x[0]).toBeCloseTo(1, 6);
  });

  it('converges with Nelder-Mead alone', () => {
    const result = minimize(rosenbrock, [-1.2, 1], { method: 'nelder-mead' });
    expect(result.converged).toBe(true);
    expect(result.x[0]).toBeCloseTo(1, 4);
  });

  it('treats non-finite objective values as +Infinity and never returns NaN', () => {
    // ln is undefined for x <= 0: the optimiser must stay in the domain.
    const objective = ([x = 0]: readonly number[]) => x - 2 * Math.log(x);
    const result = minimize(objective, [5]);
    expect(result.converged).toBe(true);
    expect(result.x[0]).toBeCloseTo(2, 6);
    expect(Number.isNaN(result.value)).toBe(false);
  });

  it('reports converged: false when there is no minimum', () => {
    const result = minimize(([x = 0]: readonly number[]) => -x, [0], { maxIterations: 50 });
    expect(result.converged).toBe(false);
    expect(Number.isFinite(result.value)).toBe(true);
  });

  it('stops at maxEvaluations with the best point seen, converged: false and exhausted: true', () => {
    let calls = 0;
    const counted = (x: readonly number[]) => {
      calls++;
      return rosenbrock(x);
    };
    const result = minimize(counted, [-1.2, 1], { maxEvaluations: 40 });
    expect(calls).toBe(40);
    expect(result.evaluations).toBe(40);
    expect(result.exhausted).toBe(true);
    expect(result.converged).toBe(false);
    // The best point seen is kept: better than the start, and its value is the objective there.
    expect(result.value).toBeLessThan(rosenbrock([-1.2, 1]));
    expect(result.value).toBe(rosenbrock(result.x));
  });

  it('counts analytic gradient calls against maxEvaluations', () => {
    let calls = 0;
    const gradient = ([a = 0, b = 0]: readonly number[]) => {
      calls++;
      return [-2 * (1 - a) - 400 * a * (b - a * a), 200 * (b - a * a)];
    };
    const result = minimize(rosenbrock, [-1.2, 1], { gradient, maxEvaluations: 30 });
    expect(result.evaluations).toBe(30);
    expect(calls).toBeGreaterThan(0);
    expect(calls).toBeLessThan(30);
  });

  it('reports exhausted: false when it converges within the budget', () => {
    const result = minimize(rosenbrock, [-1.2, 1]);
    expect(result.exhausted).toBe(false);
    expect(result.evaluations).toBeLessThanOrEqual(20000);
  });

  it('finds the minimum of any convex quadratic', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -50, max: 50, noNaN: true }), { minLength: 1, maxLength: 5 }),
        fc.array(fc.double({ min: 0.1, max: 100, noNaN: true }), { minLength: 5, maxLength: 5 }),
        (centre, weights) => {
          const objective = (x: readonly number[]) =>
            x.reduce(
              (sum, xi, i) => sum + (weights[i] as number) * (xi - (centre[i] as number)) ** 2,
              0,
            );
          const result = minimize(
            objective,
            centre.map(() => 0),
          );
          expect(result.converged).toBe(true);
          // The documented stopping rule: every gradient component within
          // 1e-8 * max(1, |objective(start)|) of zero.
          const tolerance = 1e-8 * Math.max(1, objective(centre.map(() => 0)));
          for (const [i, xi] of result.x.entries()) {
            const gradient = 2 * (weights[i] as number) * (xi - (centre[i] as number));
            expect(Math.abs(gradient)).toBeLessThanOrEqual(tolerance);
          }
        },
      ),
      { numRuns: 50 },
    );
  });
});
