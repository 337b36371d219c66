/**
 * The message for the first key of `options` that is not one of `known` (a misspelt option would
 * otherwise be ignored without a word: `{ expectedVersion }` for `{ expectedVersions }` turns the
 * concurrency check off), or `undefined` when every key is known. The message names the API, the
 * key, the closest known option when one is near, and every option; the caller throws it with
 * the error class its other option errors use.
 *
 * @example
 * ```ts
 * unknownOption('log.read', { form: 2 }, ['customerId', 'from', 'until']);
 * // 'log.read: unknown option "form" (did you mean "from"?); the options are customerId, from, until.'
 * ```
 */
export function unknownOption(
  api: string,
  options: object,
  known: readonly string[],
): string | undefined {
  const unknown = unknownKey(options, known);
  if (unknown === undefined) return undefined;
  return `${api}: unknown option ${JSON.stringify(unknown.key)}${didYouMean(unknown)}; the options are ${known.join(', ')}.`;
}

/** The first key of `options` that is not one of `known`, with the known key nearest to it. */
export function unknownKey(
  options: object,
  known: readonly string[],
): { readonly key: string; readonly near: string | undefined } | undefined {
  for (const key of Object.keys(options)) {
    if (!known.includes(key)) return { key, near: closest(key, known) };
  }
  return undefined;
}

/** ` (did you mean "near"?)`, or nothing without a near key. */
export function didYouMean(unknown: { readonly near: string | undefined }): string {
  return unknown.near === undefined ? '' : ` (did you mean "${unknown.near}"?)`;
}

/** The known option nearest to `key`: the same but for case, or at most 2 edits away. */
function closest(key: string, known: readonly string[]): string | undefined {
  const lower = key.toLowerCase();
  let best: string | undefined;
  let bestDistance = 3;
  for (const candidate of known) {
    const distance = candidate.toLowerCase() === lower ? 0 : editDistance(key, candidate);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

/** Levenshtein distance (insertions, deletions, substitutions), for short strings. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current[j] = Math.min(
        (previous[j] as number) + 1,
        (current[j - 1] as number) + 1,
        substitution,
      );
    }
    previous = current;
  }
  return previous[b.length] as number;
}
