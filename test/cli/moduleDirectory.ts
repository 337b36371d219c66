import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach } from 'vitest';

/** The URL of tenure's sources, for the modules a test writes to import `defineLifecycle` etc. */
export const tenureSource = pathToFileURL(resolve('src/index.ts')).href;

/**
 * A fresh directory per test for the modules and files a test writes, removed after it. It is
 * inside the project (test/artifacts, ignored by git), so that those modules resolve the
 * project's packages (valibot, xstate).
 */
export function useModuleDirectory(prefix: string) {
  let directory = '';
  beforeEach(async () => {
    await mkdir('test/artifacts', { recursive: true });
    directory = await mkdtemp(resolve(`test/artifacts/${prefix}-`));
  });
  afterEach(async () => {
    await rm(directory, { recursive: true, force: true });
  });
  return {
    /** The path of `name` in this test's directory. */
    path: (name: string) => join(directory, name),
    /** Writes `text` to `name` in this test's directory; its path. */
    async write(name: string, text: string): Promise<string> {
      const path = join(directory, name);
      await writeFile(path, text);
      return path;
    },
  };
}
