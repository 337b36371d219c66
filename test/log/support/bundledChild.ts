import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll } from 'vitest';

/** Where a test file's child process script and its files are, once its `beforeAll` ran. */
export interface BundledChild {
  /** A temporary directory for the test's files, removed after the test file. */
  readonly directory: string;
  /** The child script: run it with `spawn(process.execPath, [script, ...args])`. */
  readonly script: string;
}

/**
 * Registers hooks that bundle `fixture` (a TypeScript file importing tenure's sources) once
 * into a temporary directory, so that each of a test's many spawns is a plain, fast
 * `node child.mjs`, and remove the directory after the test file.
 */
export function bundledChild(fixture: URL, prefix: string): BundledChild {
  const paths = { directory: '', script: '' };
  beforeAll(async () => {
    paths.directory = await mkdtemp(join(tmpdir(), prefix));
    paths.script = join(paths.directory, 'child.mjs');
    await build({
      entryPoints: [fileURLToPath(fixture)],
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      outfile: paths.script,
      logLevel: 'error',
    });
  });
  afterAll(async () => {
    await rm(paths.directory, { recursive: true, force: true });
  });
  return paths;
}
