import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT_BAD_INPUT, EXIT_USAGE } from '../../src/cli/CliError.js';
import { tenure } from './tenureInProcess.js';

let dir: string;
let log: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tenure-cli-exit-'));
  const orders = join(dir, 'orders.csv');
  await writeFile(
    orders,
    'customer,date,amount\nc1,2024-01-05,10\nc1,2024-03-01,12\nc2,2024-02-01,8\n',
  );
  log = join(dir, 'events.jsonl');
  const imported = await tenure('import', orders, '--log', log, '--currency', 'EUR');
  expect(imported.code).toBe(0);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A command line, what stderr must say, and the exit status it must end with. */
type Case = readonly [name: string, argv: () => string[], stderr: RegExp];

// Every wrong option or argument is a usage error (exit 2), whatever the command and whichever
// check finds it: the argument parser, a flag's own check, or two flags that do not go together.
const usageCases: readonly Case[] = [
  ['unknown command', () => ['frobnicate'], /unknown command "frobnicate"/],
  ['help on an unknown command', () => ['help', 'frobnicate'], /unknown command "frobnicate"/],
  ['import: unknown flag', () => ['import', 'x.csv', '--log', log, '--bogus'], /--bogus/],
  ['import: no file', () => ['import', '--log', log], /which file\?/],
  [
    'import: bad --date-format',
    () => ['import', 'x.csv', '--log', log, '--date-format', 'dd/mm'],
    /--date-format "dd\/mm"/,
  ],
  [
    'import: bad --currency',
    () => ['import', 'x.csv', '--log', log, '--currency', 'euro'],
    /ISO 4217/,
  ],
  ['verify: no --log', () => ['verify'], /--log <path> is required/],
  ['verify: a positional', () => ['verify', '--log', log, 'extra'], /unexpected "extra"/],
  [
    'project: bad --as-of',
    () => ['project', '--log', log, '--as-of', 'yesterday'],
    /--as-of "yesterday" is not a date/,
  ],
  [
    'project: impossible day',
    () => ['project', '--log', log, '--as-of', '2024-02-30'],
    /--as-of "2024-02-30" is not a date/,
  ],
  [
    'project: bad --lifecycle',
    () => ['project', '--log', log, '--lifecycle', 'foo'],
    /--lifecycle "foo" is not a preset/,
  ],
  [
    'project: --json with --csv',
    () => ['project', '--log', log, '--json', '--csv'],
    /exclude each other/,
  ],
  ['project: --as-of without a value', () => ['project', '--log', log, '--as-of'], /--as-of/],
  [
    'fit: no --model',
    () => ['fit', '--log', log, '--calibration-end', '2024-01-31'],
    /--model is required/,
  ],
  [
    'fit: bad --unit',
    () => [
      'fit',
      '--log',
      log,
      '--model',
      'bgnbd',
      '--calibration-end',
      '2024-01-31',
      '--unit',
      'year',
    ],
    /--unit "year" is not a unit/,
  ],
  [
    'fit: bad --calibration-end',
    () => ['fit', '--log', log, '--model', 'bgnbd', '--calibration-end', '30/06/2024'],
    /--calibration-end "30\/06\/2024" is not a date/,
  ],
  [
    'fit: holdout before calibration end',
    () => [
      'fit',
      '--log',
      log,
      '--model',
      'bgnbd',
      '--calibration-end',
      '2024-06-30',
      '--holdout-end',
      '2024-01-01',
    ],
    /--holdout-end 2024-01-01 is not after --calibration-end 2024-06-30/,
  ],
  [
    'report: bad --as-of',
    () => ['report', '--log', log, '--as-of', 'soon'],
    /--as-of "soon" is not a date/,
  ],
  [
    'report: bad --lifecycle',
    () => ['report', '--log', log, '--lifecycle', 'funnel'],
    /--lifecycle "funnel"/,
  ],
  ...(['project', 'report', 'demo'] as const).flatMap((command) =>
    ['0', '1.5', '30%', 'abc'].map(
      (margin): Case => [
        `${command}: --margin ${margin}`,
        () => [command, ...(command === 'demo' ? [] : ['--log', log]), '--margin', margin],
        /--margin ".*" is not a share of spend; give a number with 0 < m <= 1/,
      ],
    ),
  ),
  [
    'demo: bad --customers',
    () => ['demo', '--customers', '0'],
    /--customers must be a whole number >= 1/,
  ],
  ['demo: bad --seed', () => ['demo', '--seed', 'abc'], /--seed must be a whole number/],
];

// Runtime failures: the command line is right, but a file, a log or the data cannot be used.
const badInputCases: readonly Case[] = [
  [
    'import: missing file',
    () => ['import', join(dir, 'none.csv'), '--log', log],
    /cannot read .*none\.csv/,
  ],
  [
    'verify: missing log',
    () => ['verify', '--log', join(dir, 'none.jsonl')],
    /no log file|missing|no such/i,
  ],
  ['project: missing log', () => ['project', '--log', join(dir, 'none.jsonl')], /no log file at/],
  [
    'project: unknown customer',
    () => ['project', '--log', log, '--customer', 'nobody'],
    /no customer "nobody"/,
  ],
  [
    'fit: missing log',
    () => [
      'fit',
      '--log',
      join(dir, 'none.jsonl'),
      '--model',
      'bgnbd',
      '--calibration-end',
      '2024-01-31',
    ],
    /no log file at/,
  ],
  ['report: missing log', () => ['report', '--log', join(dir, 'none.jsonl')], /no log file at/],
];

describe('tenure exit status', () => {
  it.each(usageCases)('%s: exit 2 and a pointer to the help', async (_, argv, stderr) => {
    const result = await tenure(...argv());
    expect(result).toMatchObject({ code: EXIT_USAGE, stdout: '' });
    expect(result.stderr).toMatch(stderr);
    expect(result.stderr).toMatch(/Run `tenure( \w+)? --help`/);
  });

  it.each(badInputCases)('%s: exit 1', async (_, argv, stderr) => {
    const result = await tenure(...argv());
    expect(result.code).toBe(EXIT_BAD_INPUT);
    expect(result.stderr).toMatch(stderr);
  });

  it('the overview says what each status means', async () => {
    expect((await tenure('--help')).stdout).toMatch(
      /Exit status: 0 success; 1 a file, log or data that cannot be used; 2 a wrong command line/,
    );
  });
});
