import { ModelInputError } from '../../errors/ModelInputError.js';

/** The purchase histories the BG/NBD and Pareto/NBD predictions take: { x, tx, T }. */
interface History {
  readonly x: number;
  readonly tx: number;
  readonly T: number;
}

/**
 * Checks the input of a BG/NBD or Pareto/NBD prediction: each of `names` a finite number > 0 in
 * `params`, and a possible history (x an integer >= 0, 0 <= t_x <= T finite), as the fits check
 * their rows. Without it a misnamed field (lifetimes' `frequency` and `recency`) or a missing
 * parameter gave NaN, which the predictions turned into 0: a value, not an error.
 *
 * @throws ModelInputError naming `api` and the field.
 */
export function checkPredictionInput(
  api: string,
  params: Readonly<Record<string, number>>,
  names: readonly string[],
  customer?: History,
): void {
  for (const name of names) {
    const value = params?.[name];
    if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
      throw new ModelInputError(
        api,
        `params.${name}`,
        'a finite number > 0',
        value,
        `Pass the parameters of a fit (${names.join(', ')}).`,
      );
    }
  }
  if (customer === undefined) return;
  const { x, tx, T } = customer ?? ({} as History);
  if (typeof x !== 'number' || !(Number.isInteger(x) && x >= 0)) {
    throw new ModelInputError(
      api,
      'customer.x',
      'an integer >= 0 (repeat purchases)',
      x,
      x === undefined ? HISTORY_FIELDS : undefined,
    );
  }
  if (typeof T !== 'number' || !(Number.isFinite(T) && T >= 0)) {
    throw new ModelInputError(api, 'customer.T', 'a finite number >= 0', T);
  }
  if (typeof tx !== 'number' || !(tx >= 0 && tx <= T)) {
    throw new ModelInputError(
      api,
      'customer.tx',
      `a number from 0 to T = ${T}`,
      tx,
      tx === undefined ? HISTORY_FIELDS : undefined,
    );
  }
}

/** A parameter value the models take: a finite number > 0. Cheap: the predictions' fast path. */
export function isPositiveParameter(value: unknown): boolean {
  return typeof value === 'number' && value > 0 && value < Number.POSITIVE_INFINITY;
}

/** Whether `customer` is a possible history; {@link checkPredictionInput} says what is wrong. */
export function isHistory(customer: History | undefined): boolean {
  if (typeof customer !== 'object' || customer === null) return false;
  const { x, tx, T } = customer;
  return (
    Number.isInteger(x) &&
    x >= 0 &&
    typeof tx === 'number' &&
    typeof T === 'number' &&
    tx >= 0 &&
    tx <= T &&
    T < Number.POSITIVE_INFINITY
  );
}

const HISTORY_FIELDS =
  "A history is { x, tx, T }: repeat purchases, time of the last one and age (lifetimes' frequency, recency and T), in the model's time unit.";

/** Checks a horizon `t` that must be finite: a number >= 0. */
export function checkFiniteHorizon(api: string, t: number): void {
  if (typeof t !== 'number' || !(t >= 0 && t < Number.POSITIVE_INFINITY)) {
    throw new ModelInputError(api, 't', 'a finite number of time units >= 0', t);
  }
}

/**
 * Checks a prediction's horizon `t`: a number >= 0 (Infinity allowed; each prediction says what
 * it means there).
 */
export function checkHorizon(api: string, t: number): void {
  if (typeof t !== 'number' || !(t >= 0)) {
    throw new ModelInputError(api, 't', 'a number of time units >= 0', t);
  }
}
