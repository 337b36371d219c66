import { usageError } from '../CliError.js';
import { type FitModelName, fitModels } from './fitModelOnEvents.js';

/**
 * Each model by either of its names: the `--model` name, and the one `--json` output gives it,
 * which is the `model` of the library's results (`fitBgNbd(...).model`, `churnRisk.model`), so
 * that a name read from `tenure fit --json` or `tenure project --json` can be passed back.
 */
const NAMES = new Map<string, FitModelName>([
  ...fitModels.map((model) => [model, model] as const),
  ['bg/nbd', 'bgnbd'],
  ['pareto/nbd', 'pareto-nbd'],
  ['bg/bb', 'bgbb'],
]);

/** `tenure fit --model` as the model to fit, or a usage error naming the models. */
export function fitModelFlag(command: string, value: string | boolean | undefined): FitModelName {
  const model = typeof value === 'string' ? NAMES.get(value) : undefined;
  if (model === undefined)
    throw usageError(
      command,
      `--model ${value === undefined ? 'is required' : `${JSON.stringify(value)} is not a model`}; use one of ${fitModels.join(', ')} (or bg/nbd, pareto/nbd, bg/bb, as --json names them).`,
    );
  return model;
}
