/**
 * `npm run bench [-- filter]`: runs every `bench/*.bench.ts` (or those whose name contains
 * `filter`) one after the other, each in a fresh Node process with `--expose-gc`.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const directory = fileURLToPath(new URL('.', import.meta.url));
const filter = process.argv[2] ?? '';
const files = readdirSync(directory)
  .filter((name) => name.endsWith('.bench.ts') && name.includes(filter))
  .sort();

console.log(`tenure benchmarks on Node ${process.version}, ${files.length} suite(s)`);
let failed = 0;
for (const file of files) {
  const child = spawnSync(
    process.execPath,
    ['--expose-gc', '--max-old-space-size=4096', '--import', 'tsx', `${directory}${file}`],
    { stdio: 'inherit' },
  );
  if (child.status !== 0) {
    failed++;
    console.error(`${file} exited with ${child.status ?? child.signal}`);
  }
}
process.exitCode = failed === 0 ? 0 : 1;
