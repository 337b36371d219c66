import { describe, expect, it } from 'vitest';
import { CliError, EXIT_USAGE } from '../../src/cli/CliError.js';
import { parseCommandArgs } from '../../src/cli/parseCommandArgs.js';
import { tenure } from './tenureInProcess.js';

const help = 'Usage: tenure thing --log <path> [--json]\n\nDoes a thing.';
const spec = {
  name: 'thing',
  help,
  options: { log: { type: 'string' }, json: { type: 'boolean' } },
} as const;

function collector() {
  const io = {
    out: '',
    stdout: { write: (text: string) => (io.out += text) },
    stderr: { write: () => 0 },
  };
  return io;
}

function usageErrorOf(run: () => unknown): CliError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(CliError);
    return error as CliError;
  }
  throw new Error('expected a usage error');
}

describe('parseCommandArgs', () => {
  it('gives the flags and positionals', () => {
    const parsed = parseCommandArgs(
      { ...spec, positionals: 1 },
      ['a.csv', '--log', 'e.jsonl', '--json'],
      collector(),
    );
    expect(parsed).toEqual({
      values: { log: 'e.jsonl', json: true },
      positionals: ['a.csv'],
    });
  });

  it('prints the help for --help and -h and gives undefined', () => {
    for (const flag of ['--help', '-h']) {
      const io = collector();
      expect(parseCommandArgs(spec, ['--log', 'x', flag], io)).toBeUndefined();
      expect(io.out).toBe(`${help}\n`);
    }
  });

  it('rejects a positional the command does not take, quoting the usage line', () => {
    const error = usageErrorOf(() => parseCommandArgs(spec, ['--log', 'x', 'extra'], collector()));
    expect(error.exitCode).toBe(EXIT_USAGE);
    expect(error.message).toBe(
      'tenure thing: unexpected "extra".\nUsage: tenure thing --log <path> [--json]\nRun `tenure thing --help` for the options and an example.',
    );
  });

  it('rejects more positionals than the command takes', () => {
    const error = usageErrorOf(() =>
      parseCommandArgs({ ...spec, positionals: 1 }, ['a.csv', 'b.csv'], collector()),
    );
    expect(error.message).toMatch(/^tenure thing: unexpected "b\.csv"\.\nUsage: tenure thing/);
  });

  it('rejects an unknown flag with the usage line', () => {
    const error = usageErrorOf(() => parseCommandArgs(spec, ['--nope'], collector()));
    expect(error.exitCode).toBe(EXIT_USAGE);
    expect(error.message).toMatch(/'--nope'.*\nUsage: tenure thing --log <path> \[--json\]\n/s);
  });

  it('serves every command: help on --help, a usage error with the usage line on a stray word', async () => {
    for (const command of ['import', 'verify', 'project', 'fit', 'report', 'demo']) {
      const help = await tenure(command, '--help');
      expect(help.code).toBe(0);
      expect(help.stdout).toMatch(new RegExp(`^Usage: tenure ${command}`));
      const stray = await tenure(command, ...(command === 'import' ? ['a.csv'] : []), 'stray');
      expect(stray.code).toBe(EXIT_USAGE);
      expect(stray.stderr).toContain(
        `tenure ${command}: unexpected "stray".\nUsage: tenure ${command}`,
      );
    }
  });
});
