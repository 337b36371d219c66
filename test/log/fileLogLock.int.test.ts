import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createFileLog } from '../../src/log/file/createFileLog.js';
import { bundledChild } from './support/bundledChild.js';

const bundle = bundledChild(
  new URL('./fixtures/fileLogLockChild.ts', import.meta.url),
  'tenure-lock-',
);

interface Writer {
  readonly child: ChildProcess;
  /** The child's first line: `opened` or `refused <code>`. */
  readonly answer: Promise<string>;
  readonly exited: Promise<void>;
}

function startWriter(path: string, id: string): Writer {
  const child = spawn(process.execPath, [bundle.script, path, id], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  const answer = new Promise<string>((resolve) => {
    let buffered = '';
    child.stdout!.on('data', (data: Buffer) => {
      buffered += data.toString();
      if (buffered.includes('\n')) resolve(buffered.split('\n')[0]!);
    });
    void exited.then(() => resolve(buffered.split('\n')[0] || 'exited'));
  });
  return { child, answer, exited };
}

describe('file log writers in several processes', () => {
  it('after a writer is killed, exactly one of the processes restarted at once takes its lock over', async () => {
    const path = join(bundle.directory, 'events.jsonl');
    for (let round = 0; round < 4; round++) {
      // A writer killed while it holds the lock leaves it behind.
      const killed = startWriter(path, `killed-${round}`);
      expect(await killed.answer).toBe('opened');
      killed.child.kill('SIGKILL');
      await killed.exited;
      const writers = Array.from({ length: 4 }, (_, i) => startWriter(path, `r${round}-${i}`));
      const answers = await Promise.all(writers.map((writer) => writer.answer));
      expect(
        answers.filter((answer) => answer === 'opened'),
        `round ${round}`,
      ).toHaveLength(1);
      expect(answers.filter((answer) => answer === 'refused TENURE_LOG_LOCKED')).toHaveLength(3);
      for (const writer of writers) writer.child.stdin!.end();
      await Promise.all(writers.map((writer) => writer.exited));
    }
    const log = await createFileLog(path, { readOnly: true });
    expect(await log.verify()).toEqual({ ok: true, records: 8 });
    await log.close();
  });
});
