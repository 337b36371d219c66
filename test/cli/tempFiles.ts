import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach } from 'vitest';

/**
 * A fresh temporary directory per test for the files a CLI test reads and writes (inputs, logs,
 * reports), removed after it.
 */
export function useTempFiles(prefix: string) {
  let directory = '';
  beforeEach(async () => {
    directory = await mkdtemp(join(tmpdir(), `${prefix}-`));
  });
  afterEach(async () => {
    await rm(directory, { recursive: true, force: true });
  });
  return {
    /** The path of `name` in this test's directory. */
    path: (name: string) => join(directory, name),
    /** Writes `lines` (a newline after each) to `name` in this test's directory; its path. */
    async fixture(name: string, lines: readonly string[]): Promise<string> {
      const path = join(directory, name);
      await writeFile(path, `${lines.join('\n')}\n`);
      return path;
    },
  };
}
