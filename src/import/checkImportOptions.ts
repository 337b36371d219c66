import { didYouMean, unknownKey } from '../errors/unknownOption.js';
import { IMPORT_FIELDS } from './findImportColumn.js';
import type { ImportOptions } from './ImportOptions.js';
import { ImportOptionsError } from './ImportOptionsError.js';

/** The options of `importEvents`. */
export const IMPORT_OPTIONS: readonly (keyof ImportOptions)[] = [
  'format',
  'columns',
  'delimiter',
  'header',
  'columnNames',
  'dateFormat',
  'assumeUtc',
  'decimalComma',
  'encoding',
  'defaultType',
  'defaultCurrency',
  'idPrefix',
  'source',
  'batchSize',
  'catalog',
  'skipStatuses',
];

/**
 * Throws {@link ImportOptionsError} for an option `api` does not have, or a `columns` field the
 * importer does not map: `{ defaultCurency: 'USD' }` ignored would reject every purchase for
 * want of a currency, `columns: { ammount: 'total' }` would import no amounts. The keys of
 * `columns` are event fields, fixed; its values are the file's column names. Internal.
 */
export function checkImportOptions(api: string, options: object, known: readonly string[]): void {
  throwUnknown(api, '', options, known, 'the options are');
  const columns = (options as ImportOptions).columns;
  if (typeof columns === 'object' && columns !== null) {
    throwUnknown(api, 'columns.', columns, IMPORT_FIELDS, 'columns maps');
  }
}

function throwUnknown(
  api: string,
  prefix: string,
  options: object,
  known: readonly string[],
  listed: string,
): void {
  const unknown = unknownKey(options, known);
  if (unknown === undefined) return;
  throw new ImportOptionsError(
    api,
    `${prefix}${unknown.key}`,
    `unknown option ${JSON.stringify(`${prefix}${unknown.key}`)}${didYouMean(unknown)}; ${listed} ${known.join(', ')}.`,
  );
}
