import type { PurchaseModelName } from '../../valuation/ValuationOptions.js';
import { usageError } from '../CliError.js';

const MODELS: readonly PurchaseModelName[] = ['bgnbd', 'pareto-nbd'];

/**
 * The `--model` line of the help of a command that values customers, its description starting
 * at column `column` as the command's other options do.
 */
export function modelHelp(column: number): string {
  return [
    `  ${'--model <name>'.padEnd(column - 2)}purchase model behind churn risk and CLV of buyers: bgnbd`,
    `${' '.repeat(column)}(BG/NBD) or pareto-nbd (Pareto/NBD) (default: bgnbd)`,
  ].join('\n');
}

/** `--model` as a purchase model name (default `'bgnbd'`), or a usage error. */
export function modelFlag(command: string, value: string | boolean | undefined): PurchaseModelName {
  if (value === undefined) return 'bgnbd';
  const model = MODELS.find((name) => name === value);
  if (model === undefined)
    throw usageError(
      command,
      `--model ${JSON.stringify(value)} is not a purchase model; give bgnbd or pareto-nbd (tenure fit fits the others).`,
    );
  return model;
}
