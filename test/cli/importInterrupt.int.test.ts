import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createFileLog } from '../../src/log/file/createFileLog.js';
import { useTempFiles } from './tempFiles.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const cli = ['--import', 'tsx', join(root, 'src/cli/main.ts')];

/** Runs `tenure` to its end as a separate process. */
function tenure(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [...cli, ...args], { cwd: root }, (error, stdout, stderr) => {
      resolve({ code: error === null ? 0 : Number(error.code), stdout, stderr });
    });
  });
}

/** What a running `tenure` process printed, and its exit status once it ends. */
function started(args: readonly string[]): {
  child: ChildProcess;
  done: Promise<{
    code: number | null;
    signal: NodeJS.Signals | null;
    stdout: string;
    stderr: string;
  }>;
} {
  const child = spawn(process.execPath, [...cli, ...args], { cwd: root });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const done = new Promise<{
    code: number | null;
    signal: NodeJS.Signals | null;
    stdout: string;
    stderr: string;
  }>((resolve) => {
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  return { child, done };
}

async function eventsIn(path: string): Promise<number> {
  const log = await createFileLog(path, { readOnly: true }).catch(() => undefined);
  if (log === undefined) return 0;
  try {
    return await log.position();
  } finally {
    await log.close();
  }
}

const HEADER = 'customer,date,amount\n';
const rows = (from: number, to: number) =>
  Array.from(
    { length: to - from },
    (_, offset) =>
      `c${(from + offset) % 97},2024-${String(((from + offset) % 12) + 1).padStart(2, '0')}-01,${from + offset}\n`,
  ).join('');

const files = useTempFiles('tenure-interrupt');

describe('tenure import stopped by a signal', () => {
  it.each([
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const)(
    'on %s: whole batches kept, a report, exit %i; the same command again appends the rest',
    async (name, status) => {
      const log = files.path('events.jsonl');
      const file = files.path('orders.csv');
      await writeFile(file, HEADER + rows(0, 2000));
      // The file's first 1,050 rows arrive on standard input, then the writer goes quiet: ten
      // batches of 100 go in, the eleventh is being read when the signal comes.
      const run = started([
        'import',
        '-',
        '--log',
        log,
        '--currency',
        'EUR',
        '--batch-size',
        '100',
      ]);
      run.child.stdin?.write(HEADER + rows(0, 1050));
      while ((await eventsIn(log)) < 1000) await new Promise((resolve) => setTimeout(resolve, 50));
      run.child.kill(name);
      const stopped = await run.done;
      run.child.stdin?.destroy();

      expect(stopped.code).toBe(status);
      expect(stopped.stderr).toContain(
        `tenure import: ${name} received; stopping after the batch in progress (Ctrl-C again stops at once).`,
      );
      expect(stopped.stdout).toContain(`Stopped importing standard input into ${log} (${name})`);
      expect(stopped.stdout).toMatch(/rows read\s+1,000\n\s+events appended\s+1,000\n/);
      expect(stopped.stdout).toContain(
        `Stopped by ${name} after 1,000 rows: the log is intact, it holds whole batches only, none half-written (\`tenure verify --log ${log}\` checks it).\nRun the same command again to append the rest: rows already imported are skipped.`,
      );
      expect(await eventsIn(log)).toBe(1000);
      // The lock is released: verify reads it, and the next import can write.
      const verified = await tenure('verify', '--log', log);
      expect(verified.code).toBe(0);
      expect(verified.stdout).toMatch(/intact/);

      const rerun = await tenure(
        'import',
        file,
        '--log',
        log,
        '--currency',
        'EUR',
        '--batch-size',
        '100',
        '--json',
      );
      expect(rerun.code).toBe(0);
      expect(JSON.parse(rerun.stdout)).toMatchObject({
        rowsRead: 2000,
        appended: 1000,
        duplicates: 1000,
        rejected: 0,
      });
      expect(await eventsIn(log)).toBe(2000);
    },
  );

  it('stops a file import on Ctrl-C part-way, with the count the log holds', async () => {
    const log = files.path('events.jsonl');
    const file = files.path('orders.csv');
    const total = 200_000;
    await writeFile(file, HEADER + rows(0, total));
    const args = ['import', file, '--log', log, '--currency', 'EUR'];
    const run = started(args);
    while ((await eventsIn(log)) === 0) await new Promise((resolve) => setTimeout(resolve, 20));
    run.child.kill('SIGINT');
    const stopped = await run.done;

    expect(stopped.code).toBe(130);
    const inLog = await eventsIn(log);
    // Whole batches of 1,000 only, and not the whole file: the signal stopped it.
    expect(inLog % 1000).toBe(0);
    expect(inLog).toBeLessThan(total);
    const count = inLog.toLocaleString('en-US');
    expect(stopped.stdout).toMatch(
      new RegExp(`rows read\\s+${count}\\n\\s+events appended\\s+${count}\\n`),
    );
    expect(stopped.stdout).toContain(`Stopped by SIGINT after ${count} rows: the log is intact`);
    expect((await tenure('verify', '--log', log)).code).toBe(0);

    const rerun = await tenure(...args, '--json');
    expect(rerun.code).toBe(0);
    expect(JSON.parse(rerun.stdout)).toMatchObject({
      rowsRead: total,
      appended: total - inLog,
      duplicates: inLog,
    });
    expect(await eventsIn(log)).toBe(total);
  });
});
