import { runCli } from '../../src/cli/runCli.js';

/** What one in-process run of the `tenure` command line gave. */
export interface TenureRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `tenure <argv>` in this process (no child process) and collects what it printed. */
export async function tenure(...argv: string[]): Promise<TenureRun> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
  });
  return { code, stdout, stderr };
}
