/** Options of {@link minimize}. */
export interface MinimizeOptions {
  /**
   * The gradient of the objective. Default: central differences of the objective (2n evaluations
   * per gradient). Pass an analytic gradient when you have one: fits get faster and more exact.
   */
  readonly gradient?: (x: readonly number[]) => number[];
  /** `'auto'` runs BFGS, falls back to Nelder-Mead, then polishes with BFGS. Default: `'auto'`. */
  readonly method?: 'auto' | 'bfgs' | 'nelder-mead';
  /** Iteration limit of each BFGS or Nelder-Mead run. Default: `1000`. */
  readonly maxIterations?: number;
  /**
   * Converged when every |gradient component| <= `gradientTolerance * max(1, |objective(start)|)`.
   * Default: `1e-8`.
   */
  readonly gradientTolerance?: number;
  /** Largest step BFGS takes in any coordinate. Default: `5` (suits log-parameters). */
  readonly maxStep?: number;
  /**
   * Most objective (and gradient) evaluations in all: the run stops there with the best point
   * seen and `converged: false`, so no input can make it run on. Default: `20000`.
   */
  readonly maxEvaluations?: number;
}

/** The result of {@link minimize}. */
export interface MinimizeResult {
  /** The best point found. */
  readonly x: number[];
  /** The objective at `x` (finite whenever a finite value was ever seen). */
  readonly value: number;
  /** True when the gradient test (or, for `'nelder-mead'` alone, the simplex test) passed at `x`. */
  readonly converged: boolean;
  readonly iterations: number;
  /** Objective evaluations, including those of numerical gradients, plus analytic gradient calls. */
  readonly evaluations: number;
  /** True when the run stopped because it reached `maxEvaluations`. */
  readonly exhausted: boolean;
}

/** Thrown inside a run when the evaluation budget is spent; caught by {@link minimize}. */
class BudgetSpent extends Error {}

type Objective = (x: readonly number[]) => number;

/**
 * Minimises a smooth function of a few variables (a negative log-likelihood over
 * log-parameters, typically). BFGS with a backtracking line search, falling back to Nelder-Mead
 * with restarts when BFGS stalls; non-finite objective values count as +Infinity, so the result is
 * never NaN. Reports `converged: false` rather than pretending.
 *
 * @param objective - the function to minimise.
 * @param start - a point where the objective is finite.
 * @example
 * ```ts
 * const rosenbrock = ([a = 0, b = 0]: readonly number[]) => (1 - a) ** 2 + 100 * (b - a * a) ** 2;
 * const { x, converged } = minimize(rosenbrock, [-1.2, 1]);
 * // x ≈ [1, 1], converged === true
 * ```
 */
export function minimize(
  objective: Objective,
  start: readonly number[],
  options: MinimizeOptions = {},
): MinimizeResult {
  const method = options.method ?? 'auto';
  const maxEvaluations = options.maxEvaluations ?? 20000;
  // The best finite point seen: what a run cut short by the budget returns.
  const seen = { evaluations: 0, x: [...start], value: Number.POSITIVE_INFINITY };
  const spend = (): void => {
    if (seen.evaluations >= maxEvaluations) throw new BudgetSpent();
    seen.evaluations++;
  };
  const f: Objective = (x) => {
    spend();
    const value = objective(x);
    if (!Number.isFinite(value)) return Number.POSITIVE_INFINITY;
    if (value < seen.value) {
      seen.value = value;
      seen.x = [...x];
    }
    return value;
  };
  const gradientTolerance = options.gradientTolerance ?? 1e-8;
  const maxIterations = options.maxIterations ?? 1000;
  const analytic = options.gradient;
  const gradient = analytic
    ? (x: readonly number[]) => {
        spend();
        return sanitize(analytic(x), x.length);
      }
    : (x: readonly number[], fx: number) => numericalGradient(f, x, fx);
  // Iterations of every run so far, also of a run the budget cuts short.
  const tally = { iterations: 0 };
  try {
    const initial = f(start);
    const scale =
      gradientTolerance * (Number.isFinite(initial) ? Math.max(1, Math.abs(initial)) : 1);
    const settings = { tolerance: scale, maxIterations, maxStep: options.maxStep ?? 5 };
    if (method === 'nelder-mead') {
      const run = nelderMead(f, [...start], maxIterations, tally);
      return { ...run, evaluations: seen.evaluations, exhausted: false };
    }
    let best = bfgs(f, gradient, [...start], settings, tally);
    if (method === 'auto' && !best.converged) {
      const simplex = nelderMead(f, best.x, maxIterations, tally);
      const polish = bfgs(f, gradient, simplex.x, settings, tally);
      const candidates = [best, simplex, polish].filter((run) => Number.isFinite(run.value));
      candidates.sort((p, q) => p.value - q.value);
      best = candidates[0] ?? best;
      if (!best.converged) {
        const g = gradient(best.x, best.value);
        best = { ...best, converged: isStationary(g, scale) };
      }
    }
    return {
      ...best,
      iterations: tally.iterations,
      evaluations: seen.evaluations,
      exhausted: false,
    };
  } catch (error) {
    if (!(error instanceof BudgetSpent)) throw error;
    return {
      x: seen.x,
      value: seen.value,
      converged: false,
      iterations: tally.iterations,
      evaluations: seen.evaluations,
      exhausted: true,
    };
  }
}

interface Run {
  x: number[];
  value: number;
  converged: boolean;
  iterations: number;
}

/** Iterations of all runs of one {@link minimize} call. */
interface Tally {
  iterations: number;
}

interface Settings {
  /** Absolute gradient tolerance. */
  tolerance: number;
  maxIterations: number;
  maxStep: number;
}

function isStationary(g: readonly number[], tolerance: number): boolean {
  return g.every((component) => Number.isFinite(component) && Math.abs(component) <= tolerance);
}

function sanitize(g: readonly number[], n: number): number[] {
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) out[i] = g[i] ?? Number.NaN;
  return out;
}

/** Central differences; one-sided where one side is not finite. */
function numericalGradient(f: Objective, x: readonly number[], fx: number): number[] {
  const n = x.length;
  const g = new Array<number>(n);
  const point = [...x];
  for (let i = 0; i < n; i++) {
    const xi = x[i] as number;
    const h = 6e-6 * Math.max(1, Math.abs(xi));
    point[i] = xi + h;
    const up = f(point);
    point[i] = xi - h;
    const down = f(point);
    point[i] = xi;
    if (Number.isFinite(up) && Number.isFinite(down)) g[i] = (up - down) / (2 * h);
    else if (Number.isFinite(up)) g[i] = (up - fx) / h;
    else if (Number.isFinite(down)) g[i] = (fx - down) / h;
    else g[i] = Number.NaN;
  }
  return g;
}

function dot(a: readonly number[], b: readonly number[]): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += (a[i] as number) * (b[i] as number);
  return sum;
}

function identity(n: number, scale = 1): number[][] {
  return Array.from({ length: n }, (_, i) =>
    Array.from({ length: n }, (_, j) => (i === j ? scale : 0)),
  );
}

function bfgs(
  f: Objective,
  gradient: (x: readonly number[], fx: number) => number[],
  start: number[],
  settings: Settings,
  tally: Tally,
): Run {
  const n = start.length;
  let x = start;
  let fx = f(x);
  if (!Number.isFinite(fx)) return { x, value: fx, converged: false, iterations: 0 };
  let g = gradient(x, fx);
  if (g.some((component) => !Number.isFinite(component))) {
    return { x, value: fx, converged: false, iterations: 0 };
  }
  let inverse = identity(n);
  let fresh = true;
  let iterations = 0;
  let stalls = 0;
  while (iterations < settings.maxIterations) {
    if (isStationary(g, settings.tolerance)) {
      return { x, value: fx, converged: true, iterations };
    }
    iterations++;
    tally.iterations++;
    let direction = inverse.map((row) => -dot(row, g));
    let slope = dot(direction, g);
    if (!(slope < 0)) {
      inverse = identity(n);
      fresh = true;
      direction = g.map((component) => -component);
      slope = dot(direction, g);
    }
    let largest = 0;
    for (const component of direction) largest = Math.max(largest, Math.abs(component));
    let step = largest > settings.maxStep ? settings.maxStep / largest : 1;
    if (fresh && iterations === 1) step = Math.min(step, 1 / Math.max(1, largest));
    let next: number[] = x;
    let fnext = Number.POSITIVE_INFINITY;
    let accepted = false;
    for (let attempt = 0; attempt < 60; attempt++) {
      next = x.map((xi, i) => xi + step * (direction[i] as number));
      fnext = f(next);
      if (Number.isFinite(fnext) && fnext <= fx + 1e-4 * step * slope) {
        accepted = true;
        break;
      }
      // Quadratic interpolation of the step, kept within [0.1, 0.5] of the last one.
      const quadratic = Number.isFinite(fnext)
        ? (-slope * step * step) / (2 * (fnext - fx - slope * step))
        : step * 0.1;
      step = Math.min(0.5 * step, Math.max(0.1 * step, quadratic));
    }
    if (!accepted) {
      if (fresh) return { x, value: fx, converged: false, iterations };
      inverse = identity(n);
      fresh = true;
      continue;
    }
    const gnext = gradient(next, fnext);
    if (gnext.some((component) => !Number.isFinite(component))) {
      return { x: next, value: fnext, converged: false, iterations };
    }
    const s = next.map((value, i) => value - (x[i] as number));
    const y = gnext.map((value, i) => value - (g[i] as number));
    const sy = dot(s, y);
    const decrease = fx - fnext;
    x = next;
    g = gnext;
    stalls = decrease <= 1e-15 * Math.max(1, Math.abs(fx)) ? stalls + 1 : 0;
    fx = fnext;
    if (stalls >= 4) break;
    if (sy > 1e-12 * Math.sqrt(dot(s, s) * dot(y, y))) {
      if (fresh) inverse = identity(n, sy / dot(y, y));
      fresh = false;
      updateInverse(inverse, s, y, sy);
    }
  }
  return {
    x,
    value: fx,
    converged: isStationary(g, settings.tolerance),
    iterations,
  };
}

/** H <- (I - ρ s yᵀ) H (I - ρ y sᵀ) + ρ s sᵀ, with ρ = 1 / (yᵀ s). */
function updateInverse(inverse: number[][], s: number[], y: number[], sy: number): void {
  const n = s.length;
  const rho = 1 / sy;
  const hy = inverse.map((row) => dot(row, y));
  const yhy = dot(y, hy);
  for (let i = 0; i < n; i++) {
    const row = inverse[i] as number[];
    for (let j = 0; j < n; j++) {
      const si = s[i] as number;
      const sj = s[j] as number;
      row[j] =
        (row[j] as number) -
        rho * ((hy[i] as number) * sj + si * (hy[j] as number)) +
        (rho * rho * yhy + rho) * si * sj;
    }
  }
}

/** Nelder-Mead with the dimension-adaptive coefficients of Gao & Han (2012), with restarts. */
function nelderMead(f: Objective, start: number[], maxIterations: number, tally: Tally): Run {
  let best: Run = { x: start, value: f(start), converged: false, iterations: 0 };
  let iterations = 0;
  for (let restart = 0; restart < 6; restart++) {
    const run = nelderMeadOnce(f, best.x, maxIterations, tally);
    iterations += run.iterations;
    const improved = run.value < best.value - 1e-12 * Math.max(1, Math.abs(best.value));
    if (run.value <= best.value) best = run;
    if (!improved && run.converged) return { ...best, converged: true, iterations };
  }
  return { ...best, iterations };
}

function nelderMeadOnce(f: Objective, start: number[], maxIterations: number, tally: Tally): Run {
  const n = start.length;
  const alpha = 1;
  const beta = 1 + 2 / n;
  const gamma = 0.75 - 1 / (2 * n);
  const delta = 1 - 1 / n;
  const points: number[][] = [start];
  for (let i = 0; i < n; i++) {
    const point = [...start];
    point[i] = (point[i] as number) + 0.25 + 0.05 * Math.abs(point[i] as number);
    points.push(point);
  }
  let values = points.map(f);
  let iterations = 0;
  const order = () => {
    const indices = points
      .map((_, i) => i)
      .sort((i, j) => (values[i] as number) - (values[j] as number));
    const sorted = indices.map((i) => points[i] as number[]);
    values = indices.map((i) => values[i] as number);
    points.splice(0, points.length, ...sorted);
  };
  order();
  while (iterations < maxIterations) {
    const lowest = values[0] as number;
    const highest = values[n] as number;
    let diameter = 0;
    for (let i = 1; i <= n; i++) {
      for (let j = 0; j < n; j++) {
        const d = Math.abs(
          ((points[i] as number[])[j] as number) - ((points[0] as number[])[j] as number),
        );
        diameter = Math.max(diameter, d);
      }
    }
    if (
      Number.isFinite(highest) &&
      highest - lowest <= 1e-12 * Math.max(1, Math.abs(lowest)) &&
      diameter <= 1e-8
    ) {
      return { x: points[0] as number[], value: lowest, converged: true, iterations };
    }
    iterations++;
    tally.iterations++;
    const centroid = new Array<number>(n).fill(0);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++)
        centroid[j] = (centroid[j] as number) + ((points[i] as number[])[j] as number) / n;
    }
    const worst = points[n] as number[];
    const along = (t: number) => centroid.map((c, j) => c + t * (c - (worst[j] as number)));
    const reflected = along(alpha);
    const fr = f(reflected);
    if (fr < lowest) {
      const expanded = along(alpha * beta);
      const fe = f(expanded);
      if (fe < fr) replaceWorst(expanded, fe);
      else replaceWorst(reflected, fr);
    } else if (fr < (values[n - 1] as number)) {
      replaceWorst(reflected, fr);
    } else {
      const outside = fr < highest;
      const contracted = along(outside ? alpha * gamma : -gamma);
      const fc = f(contracted);
      if (fc < (outside ? fr : highest)) replaceWorst(contracted, fc);
      else {
        const best = points[0] as number[];
        for (let i = 1; i <= n; i++) {
          const shrunk = (points[i] as number[]).map(
            (value, j) => (best[j] as number) + delta * (value - (best[j] as number)),
          );
          points[i] = shrunk;
          values[i] = f(shrunk);
        }
      }
    }
    order();
  }
  return { x: points[0] as number[], value: values[0] as number, converged: false, iterations };

  function replaceWorst(point: number[], value: number): void {
    points[n] = point;
    values[n] = value;
  }
}
