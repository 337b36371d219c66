import { ModelInputError } from '../errors/ModelInputError.js';

/** The purchase model of non-contractual customers, as options name it and settings hold it. */
export type PurchaseModelName = 'bgnbd' | 'pareto-nbd';

/**
 * The name results give the purchase model: `CustomerValuation.model`, `ModelFitReport.model`,
 * `fitBgNbd(...).model`, `checkHoldout(...).model`.
 */
export type FittedPurchaseModelName = 'bg/nbd' | 'pareto/nbd';

/**
 * What an option that takes a purchase model accepts: the option's name or the result's, so
 * that a result's `model` can be passed back (`churn: { model: customer.churnRisk.model }`).
 */
export type PurchaseModelChoice = PurchaseModelName | FittedPurchaseModelName;

// The one place the two names of each model meet; a Map, so that no inherited key matches.
const NAMES = new Map<unknown, PurchaseModelName>([
  ['bgnbd', 'bgnbd'],
  ['pareto-nbd', 'pareto-nbd'],
  ['bg/nbd', 'bgnbd'],
  ['pareto/nbd', 'pareto-nbd'],
]);

/** The names accepted, in words, for messages: what a purchase model option must be. */
export const PURCHASE_MODEL_EXPECTED =
  "'bgnbd' or 'pareto-nbd' (or the results' names 'bg/nbd' and 'pareto/nbd')";

/**
 * The option name of a purchase model given by either of its names, or `undefined` for anything
 * else. For checks that throw their own error (the retention machine's TypeError).
 */
export function purchaseModelOf(value: unknown): PurchaseModelName | undefined {
  return NAMES.get(value);
}

/**
 * The option `path` of `api` as a purchase model name: `fallback` when absent, either name of
 * a model otherwise.
 *
 * @throws ModelInputError naming `api` and `path` and listing the accepted names.
 * @example
 * ```ts
 * parsePurchaseModel('checkHoldout', 'options.model', 'bg/nbd', 'bgnbd'); // 'bgnbd'
 * ```
 */
export function parsePurchaseModel<TFallback extends PurchaseModelName | undefined>(
  api: string,
  path: string,
  value: unknown,
  fallback: TFallback,
): PurchaseModelName | TFallback {
  if (value === undefined) return fallback;
  const model = NAMES.get(value);
  if (model === undefined) throw new ModelInputError(api, path, PURCHASE_MODEL_EXPECTED, value);
  return model;
}

/** The name results give the model an option names `model`. */
export function fittedPurchaseModelName(model: PurchaseModelName): FittedPurchaseModelName {
  return model === 'bgnbd' ? 'bg/nbd' : 'pareto/nbd';
}
