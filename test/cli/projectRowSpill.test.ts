import { EventEmitter } from 'node:events';
import { mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CliSignals } from '../../src/cli/CliIO.js';
import { lifecycleFlag } from '../../src/cli/commands/lifecycleFlag.js';
import { writeProjectStreamed } from '../../src/cli/commands/projectStreamed.js';
import { runCli } from '../../src/cli/runCli.js';
import type { EventLog, ReadOptions } from '../../src/log/EventLog.js';
import { createFileLog } from '../../src/log/file/createFileLog.js';
import { useSampleFileLog } from './sampleFileLog.js';
import { tenure } from './tenureInProcess.js';

const sample = useSampleFileLog('tenure-cli-project-spill');

// Each test's own TMPDIR (os.tmpdir() reads it at every call): where the rows wait, and where
// a test looks for what is left.
let temporary = '';
let tmpdirBefore: string | undefined;
let tests = 0;
beforeEach(() => {
  tmpdirBefore = process.env.TMPDIR;
  tests += 1;
  temporary = sample.path(`tmp-${tests}`);
  mkdirSync(temporary);
  process.env.TMPDIR = temporary;
});
afterEach(() => {
  if (tmpdirBefore === undefined) delete process.env.TMPDIR;
  else process.env.TMPDIR = tmpdirBefore;
});

/** Every file and directory under `directory`, as paths relative to it. */
function filesUnder(directory: string): string[] {
  return readdirSync(directory, { recursive: true, encoding: 'utf8' }).sort();
}

describe('tenure project --csv and --json hold their rows in temporary files', () => {
  it('writes the rows into a run file a pass, and removes them once written', async () => {
    for (const format of ['csv', 'json'] as const) {
      const seen: string[][] = [];
      let stdout = '';
      const code = await runCli(['project', '--log', sample.log, `--${format}`, '--passes', '3'], {
        stdout: {
          write: (text: string) => {
            if (stdout === '') seen.push(filesUnder(temporary));
            stdout += text;
          },
        },
        stderr: { write: () => true },
      });
      expect(code).toBe(0);
      // While the first bytes go out, the passes' rows wait on disk: one file a pass at most
      // (a pass whose first id comes after the last one's rows continues its run).
      const during = seen[0] ?? [];
      expect(during[0]).toMatch(/^tenure-rows-/);
      expect(during.length).toBeGreaterThanOrEqual(2);
      expect(during.length).toBeLessThanOrEqual(4);
      expect(filesUnder(temporary)).toEqual([]);
      expect(stdout).toBe((await tenure('project', '--log', sample.log, `--${format}`)).stdout);
    }
  });

  it('removes them when a later pass fails', async () => {
    const lifecycle = await lifecycleFlag('project', undefined);
    const file = await createFileLog(sample.log, { readOnly: true });
    let spilled: string[] | undefined;
    // The log fails on the read that starts once a pass's rows are in a file: a later pass.
    const failing = new Proxy(file, {
      get(target, key) {
        if (key === 'read')
          return (options?: ReadOptions) => {
            const files = filesUnder(temporary);
            if (spilled !== undefined || files.length < 2) return target.read(options);
            spilled = files;
            return (async function* () {
              yield* [];
              throw new Error('the disk went away');
            })();
          };
        const value = Reflect.get(target, key, target);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    }) as EventLog;
    let stdout = '';
    try {
      await expect(
        writeProjectStreamed(
          failing,
          {
            format: 'json',
            lifecycle,
            asOf: undefined,
            margin: 1,
            model: 'bgnbd',
            passes: 3,
            customer: undefined,
          },
          { stdout: { write: (text: string) => (stdout += text) }, stderr: { write: () => true } },
        ),
      ).rejects.toThrow('the disk went away');
    } finally {
      await file.close();
    }
    expect(spilled?.some((path) => path.endsWith('.jsonl'))).toBe(true);
    expect(filesUnder(temporary)).toEqual([]);
    expect(stdout).toBe('');
  });

  it('removes them at the first SIGINT, and stops with exit status 130', async () => {
    const signals = new EventEmitter();
    let stdout = '';
    let stderr = '';
    let heard = false;
    // The signal comes while the log is read, once the command listens for it.
    const onSignal: CliSignals = {
      on(name, listener) {
        signals.on(name, listener);
        if (name === 'SIGINT' && !heard) {
          heard = true;
          setImmediate(() => signals.emit('SIGINT', 'SIGINT'));
        }
      },
      off: (name, listener) => signals.off(name, listener),
    };
    const code = await runCli(['project', '--log', sample.log, '--json', '--passes', '2'], {
      stdout: { write: (text: string) => (stdout += text) },
      stderr: { write: (text: string) => (stderr += text) },
      signals: onSignal,
    });
    expect({ code, stdout }).toEqual({ code: 130, stdout: '' });
    expect(stderr).toMatch(/SIGINT received; removed the temporary files/);
    expect(stderr).toMatch(/stopped by SIGINT; the output is not complete\.\n$/);
    expect(filesUnder(temporary)).toEqual([]);
    // Done: the signals end the process as usual again.
    expect(signals.listenerCount('SIGINT')).toBe(0);
  });

  it('says to set TMPDIR when the temporary directory cannot be written (exit 1)', async () => {
    // A directory under a file: no one can create it, root included.
    process.env.TMPDIR = join(sample.log, 'tmp');
    const result = await tenure('project', '--log', sample.log, '--json');
    expect(result).toMatchObject({ code: 1, stdout: '' });
    expect(result.stderr).toMatch(
      /^tenure project: cannot create a temporary directory in .+events\.jsonl\/tmp for the rows of --json \(ENOTDIR.*\); they wait there to be written in customer id order\. Set TMPDIR to a writable directory/,
    );
    // A CSV in one pass, or one customer, needs no temporary file.
    expect(await tenure('project', '--log', sample.log, '--csv', '--passes', '1')).toMatchObject({
      code: 0,
      stderr: '',
    });
    expect(
      await tenure('project', '--log', sample.log, '--json', '--customer', 'cust-000007'),
    ).toMatchObject({ code: 0, stderr: '' });
  });
});
