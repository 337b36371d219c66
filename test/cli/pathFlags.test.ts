import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT_BAD_INPUT } from '../../src/cli/CliError.js';
import { useSampleFileLog } from './sampleFileLog.js';
import { tenure } from './tenureInProcess.js';

const sample = useSampleFileLog('tenure-cli-paths');
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tenure-cli-paths-'));
  await mkdir(join(dir, 'logs'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('a path flag that names a directory, or a file that cannot be written', () => {
  it.each([
    ['verify', []],
    ['fit', ['--model', 'bgnbd', '--calibration-end', '2024-06-30']],
    ['project', []],
    ['report', []],
  ])('tenure %s --log <directory>: says it is a directory (exit 1)', async (command, flags) => {
    const logs = join(dir, 'logs');
    expect(await tenure(command, '--log', logs, ...flags)).toMatchObject({
      code: EXIT_BAD_INPUT,
      stderr: `tenure ${command}: --log ${logs} is a directory, not a log file; give the path of the log file in it.\n`,
    });
  });

  it('tenure report --out <directory>: says it is a directory, not that it may be missing', async () => {
    expect(await tenure('report', '--log', sample.log, '--out', dir)).toMatchObject({
      code: EXIT_BAD_INPUT,
      stderr: `tenure report: --out ${dir} is a directory; give a file path, e.g. --out ${join(dir, 'report.html')}.\n`,
    });
  });

  it('tenure demo --report <unwritable>: the message names demo and its flag, not tenure report', async () => {
    const out = join(dir, 'missing', 'demo.html');
    const demo = await tenure('demo', '--customers', '3', '--report', out);
    expect(demo).toMatchObject({
      code: EXIT_BAD_INPUT,
      stderr: `tenure demo: --report ${out} cannot be written (ENOENT); check that its directory exists and is writable.\n`,
    });
  });
});
