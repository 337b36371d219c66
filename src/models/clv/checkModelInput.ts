import { ModelInputError } from '../../errors/ModelInputError.js';

/**
 * Checks that every named parameter is a finite number > 0 (all the models' parameters are).
 * Throws {@link ModelInputError} naming the first one that is not.
 *
 * @example
 * ```ts
 * requirePositiveParams('sbgSurvival', { alpha: 0.7, beta: 1.2 });
 * ```
 */
export function requirePositiveParams(api: string, params: Readonly<Record<string, number>>): void {
  for (const [name, value] of Object.entries(params)) {
    if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
      throw new ModelInputError(
        api,
        `params.${name}`,
        'a finite number > 0',
        value,
        'Pass the parameters of a fit (or published values).',
      );
    }
  }
}

/** Throws unless `value` is an integer >= `min` (a count of periods or transactions). */
export function requireInteger(api: string, path: string, value: number, min = 0): void {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min) {
    throw new ModelInputError(api, path, `an integer >= ${min}`, value);
  }
}

/** Throws unless `value` is a finite number >= `min` (or > `min` when `strict`). */
export function requireFinite(
  api: string,
  path: string,
  value: number,
  min = 0,
  strict = false,
): void {
  const ok =
    typeof value === 'number' && Number.isFinite(value) && (strict ? value > min : value >= min);
  if (!ok)
    throw new ModelInputError(api, path, `a finite number ${strict ? '>' : '>='} ${min}`, value);
}
