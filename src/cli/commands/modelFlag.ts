import { type PurchaseModelName, purchaseModelOf } from '../../models/purchaseModelName.js';
import { usageError } from '../CliError.js';

/** What `--model` accepts besides the option names, in words: the names --json output uses. */
const FITTED_NAMES_ACCEPTED = 'bg/nbd, pareto/nbd, as --json names them';

/**
 * The `--model` line of the help of a command that values customers, its description starting
 * at column `column` as the command's other options do.
 */
export function modelHelp(column: number): string {
  return [
    `  ${'--model <name>'.padEnd(column - 2)}purchase model behind churn risk and CLV of buyers: bgnbd`,
    `${' '.repeat(column)}(BG/NBD) or pareto-nbd (Pareto/NBD) (default: bgnbd); bg/nbd and`,
    `${' '.repeat(column)}pareto/nbd, as results and tenure project --json name them, work too`,
  ].join('\n');
}

/** `--model` as a purchase model name (default `'bgnbd'`), or a usage error. */
export function modelFlag(command: string, value: string | boolean | undefined): PurchaseModelName {
  if (value === undefined) return 'bgnbd';
  const model = purchaseModelOf(value);
  if (model === undefined)
    throw usageError(
      command,
      `--model ${JSON.stringify(value)} is not a purchase model; give bgnbd or pareto-nbd (or ${FITTED_NAMES_ACCEPTED}; tenure fit fits the others).`,
    );
  return model;
}
