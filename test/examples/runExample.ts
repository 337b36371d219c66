import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The repository root: examples run from there, as a user runs them. */
export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

/** What a script printed and how it ended. */
export interface ScriptRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs a TypeScript script as a user would (`node --import tsx <file>`, cwd = repo root, so
 * 'tenure' resolves through tsconfig `paths`), and resolves with its exit code and output.
 */
export function runScript(
  file: string,
  env: Readonly<Record<string, string | undefined>> = {},
  args: readonly string[] = [],
): Promise<ScriptRun> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', file, ...args],
      { cwd: repoRoot, env: { ...process.env, ...env }, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : 1;
        resolve({ code, stdout, stderr });
      },
    );
  });
}
