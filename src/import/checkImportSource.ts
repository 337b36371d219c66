import { describeValue } from '../errors/describeValue.js';
import { ImportOptionsError } from './ImportOptionsError.js';

// One line, no separator, a file extension: a path where the text was meant.
const FILE_NAME = /^[^\n\r,;\t|]*\.(csv|tsv|txt|jsonl|ndjson|json)$/i;

/**
 * Throws {@link ImportOptionsError} (option `source`) when `source` cannot be what `api` reads:
 * a file name passed as the text (read as a header of one column, refused as "no customer
 * column"), a Promise not awaited, or anything that is neither text, bytes nor chunks. Internal.
 */
export function checkImportSource(api: string, source: unknown): void {
  if (typeof source === 'string') {
    if (FILE_NAME.test(source.trim())) {
      throw new ImportOptionsError(
        api,
        'source',
        `the source is the text ${JSON.stringify(source)}, which is a file name: the importer reads the text itself; pass createReadStream(${JSON.stringify(source)}) (from node:fs) or the file's text.`,
      );
    }
    return;
  }
  if (typeof source === 'object' && source !== null) {
    if (Symbol.asyncIterator in source || Symbol.iterator in source) return;
    if (typeof (source as { then?: unknown }).then === 'function') {
      throw new ImportOptionsError(
        api,
        'source',
        'the source is a Promise; await it first (e.g. await readFile(path)).',
      );
    }
  }
  throw new ImportOptionsError(
    api,
    'source',
    `the source must be the file's text or bytes, or chunks of them (createReadStream(path)), received ${describeValue(source)}.`,
  );
}
