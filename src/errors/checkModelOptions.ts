import { ModelInputError } from './ModelInputError.js';
import { didYouMean, unknownKey } from './unknownOption.js';

/**
 * Throws {@link ModelInputError} for a key of `options` (found at `path`, e.g. `options` or
 * `options.start`) that is not one of `known`: `fitBgNbd(summary, { penalti: 0.1 })` ignored
 * would fit without the penalty asked for, without a word. Options that are not an object are
 * left to the caller's other checks. Internal.
 */
export function checkModelOptions(
  api: string,
  path: string,
  options: unknown,
  known: readonly string[],
): void {
  if (typeof options !== 'object' || options === null) return;
  const unknown = unknownKey(options, known);
  if (unknown === undefined) return;
  throw new ModelInputError(
    api,
    `${path}.${unknown.key}`,
    'left out (no such option)',
    (options as Record<string, unknown>)[unknown.key],
    `Check its spelling${didYouMean(unknown)}; ${path === 'options' ? 'the options are' : `${path} takes`} ${known.join(', ')}.`,
  );
}
