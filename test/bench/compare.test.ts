import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { pairedRatios } from '../../bench/pairedRatios.js';

const repository = fileURLToPath(new URL('../..', import.meta.url));
const run = promisify(execFile);

/** `npm run bench:compare -- ...args`, as the script runs it. */
function compare(...args: string[]) {
  return run(process.execPath, ['--expose-gc', '--import', 'tsx', 'bench/compare.ts', ...args], {
    cwd: repository,
    encoding: 'utf8',
  });
}

describe('pairedRatios', () => {
  it('summarises the per-pair ratios b / a by their median and range', () => {
    expect(pairedRatios([1, 2, 1], [0.9, 3, 0.8])).toEqual({ median: 0.9, low: 0.8, high: 1.5 });
  });

  it('takes the mean of the two middle ratios of an even count', () => {
    expect(pairedRatios([1, 1, 1, 1], [0.5, 1, 2, 4]).median).toBe(1.5);
  });

  it('rejects times that do not pair up', () => {
    expect(() => pairedRatios([1, 2], [1])).toThrow(/2 and 1 times/);
    expect(() => pairedRatios([], [])).toThrow(RangeError);
  });
});

describe('npm run bench:compare', () => {
  it('projects the same events in a revision and the working tree, checks the results agree and prints the paired ratio', async () => {
    const { stdout } = await compare(
      'HEAD',
      '--events',
      '2000',
      '--rounds',
      '2',
      '--case',
      'array',
    );
    expect(stdout).toMatch(/project\(array\), [\d,]+ events, 2 paired rounds/);
    const hashes = [...stdout.matchAll(/sha1 ([0-9a-f]{12})/g)].map((match) => match[1]);
    expect(hashes).toHaveLength(2);
    expect(hashes[0]).toBe(hashes[1]);
    expect(stdout).toMatch(
      /working tree \/ HEAD \([0-9a-f]+\): per pair median \d+\.\d{3}, range \d+\.\d{3} to \d+\.\d{3}; best \/ best \d+\.\d{3}/,
    );
  });

  it('says how to call it when the arguments are wrong', async () => {
    await expect(compare('HEAD', '--rounds', '1')).rejects.toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/usage: npm run bench:compare -- <revA>/),
    });
  });
});
