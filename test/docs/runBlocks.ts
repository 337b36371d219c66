/**
 * Runs doc blocks (TypeScript modules) one after the other in this process and writes how each
 * ended to a JSON file: `node --import tsx test/docs/runBlocks.ts <out.json> <block.ts>...`.
 * One process for many blocks loads tsx and tenure once instead of once per block.
 */
import { writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

/** How one block ended. */
export interface BlockResult {
  readonly file: string;
  readonly ok: boolean;
  readonly error?: string;
}

const [out, ...files] = process.argv.slice(2);
if (out === undefined) throw new Error('runBlocks: usage: runBlocks.ts <out.json> <block.ts>...');
const results: BlockResult[] = [];
const save = () => writeFileSync(out, JSON.stringify(results));
for (const file of files) {
  try {
    await import(pathToFileURL(file).href);
    results.push({ file, ok: true });
  } catch (error) {
    results.push({
      file,
      ok: false,
      error: error instanceof Error ? (error.stack ?? error.message) : String(error),
    });
  }
  save();
}
save();
