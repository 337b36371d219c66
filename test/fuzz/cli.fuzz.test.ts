import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/runCli.js';
import { createFileLog } from '../../src/log/file/createFileLog.js';
import { generateSampleBusiness } from '../../src/sample/generateSampleBusiness.js';

let dir: string;
let paths: Record<'log' | 'corrupt' | 'empty' | 'csv' | 'missing' | 'scratch' | 'out', string>;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tenure-cli-fuzz-'));
  paths = {
    log: join(dir, 'events.jsonl'),
    corrupt: join(dir, 'corrupt.jsonl'),
    empty: join(dir, 'empty.jsonl'),
    csv: join(dir, 'orders.csv'),
    missing: join(dir, 'missing.jsonl'),
    scratch: join(dir, 'scratch.jsonl'),
    out: join(dir, 'report.html'),
  };
  const log = await createFileLog(paths.log);
  await log.append([...generateSampleBusiness({ seed: 3, customers: 60 })]);
  await log.close();
  await writeFile(paths.corrupt, '{"position":1,"id":"x"\nnot json at all\n\u0000\u00ff');
  await writeFile(paths.empty, '');
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const commands = ['import', 'verify', 'project', 'fit', 'report', 'help', '--version', 'nope', ''];
const flags = [
  '--log',
  '--as-of',
  '--customer',
  '--json',
  '--csv',
  '--lifecycle',
  '--model',
  '--calibration-end',
  '--holdout-end',
  '--unit',
  '--out',
  '--title',
  '--currency',
  '--date-format',
  '--delimiter',
  '--format',
  '--default-type',
  '--batch-size',
  '--strict',
  '--columns',
  '--help',
  '--workers',
  '--unknown',
  '-x',
];

/** Values: the test's files, dates (good, bad, out of range), numbers and garbage. */
const value = (): fc.Arbitrary<string> =>
  fc.oneof(
    fc
      .constantFrom(
        ...Object.keys({ log: 0, corrupt: 0, empty: 0, csv: 0, missing: 0, scratch: 0, out: 0 }),
      )
      .map((key) => paths[key as keyof typeof paths]),
    fc.constantFrom(
      '2024-06-30',
      '2023-01-31',
      '1900-01-01',
      '2999-12-31',
      '2024-02-30',
      '2024-06-30T12:00:00Z',
      'yesterday',
      'bgnbd',
      'gamma-gamma',
      'bgbb',
      'sbg',
      'week',
      'month',
      'day',
      'default',
      'b2b',
      'cust-000001',
      '0',
      '-1',
      '1e309',
      '3',
      'EUR',
      ';',
      'tab',
      'csv',
      'jsonl',
    ),
    fc.string({ maxLength: 8 }),
  );

const randomArgv = fc
  .tuple(
    fc.constantFrom(...commands),
    fc.array(fc.oneof(fc.tuple(fc.constantFrom(...flags), value()), fc.tuple(value())), {
      maxLength: 6,
    }),
  )
  .map(([command, rest]) => [command, ...rest.flat()]);

const logPath = fc.oneof(
  { arbitrary: fc.constant('log' as const), weight: 4 },
  fc.constantFrom('corrupt' as const, 'empty' as const, 'missing' as const),
);
const date = fc.constantFrom(
  '2023-06-30',
  '2024-06-30',
  '2024-12-31',
  '2022-01-01',
  '2030-01-01',
  '2024-06-30T12:00:00+02:00',
);
const maybe = (...tokens: fc.Arbitrary<string>[]) =>
  fc.oneof(fc.constant([] as string[]), fc.tuple(...tokens));

/** Command lines a user would type: the right flags, with good or bad values. */
const plausibleArgv = fc.oneof(
  fc
    .tuple(logPath, maybe(fc.constant('--as-of'), date), maybe(fc.constantFrom('--json', '--csv')))
    .map(([log, asOf, format]) => ['project', '--log', paths[log], ...asOf, ...format]),
  fc
    .tuple(
      logPath,
      fc.constantFrom('bgnbd', 'gamma-gamma', 'bgbb', 'sbg'),
      date,
      maybe(fc.constant('--holdout-end'), date),
      maybe(fc.constant('--unit'), fc.constantFrom('day', 'week', 'month')),
      maybe(fc.constant('--json')),
    )
    .map(([log, model, end, holdout, unit, json]) => [
      'fit',
      '--log',
      paths[log],
      '--model',
      model,
      '--calibration-end',
      end,
      ...holdout,
      ...unit,
      ...json,
    ]),
  fc
    .tuple(logPath, maybe(fc.constant('--as-of'), date), maybe(fc.constant('--title'), value()))
    .map(([log, asOf, title]) => [
      'report',
      '--log',
      paths[log],
      '--out',
      paths.out,
      ...asOf,
      ...title,
    ]),
  fc
    .tuple(logPath, maybe(fc.constant('--json')))
    .map(([log, json]) => ['verify', '--log', paths[log], ...json]),
  fc
    .tuple(
      fc.constantFrom('scratch' as const, 'corrupt' as const),
      maybe(fc.constant('--currency'), fc.constantFrom('EUR', 'eur')),
      maybe(fc.constantFrom('--strict', '--json')),
    )
    .map(([log, currency, extra]) => [
      'import',
      paths.csv,
      '--log',
      paths[log],
      ...currency,
      ...extra,
    ]),
);

const argv = fc.oneof(randomArgv, { arbitrary: plausibleArgv, weight: 3 });

/** Random CSV: a header that sometimes names the usual columns, then random cells. */
const csv = fc
  .array(
    fc.array(
      fc.oneof(
        fc.constantFrom('c1', '2024-01-02', '12.5', '-3', '1e308', 'NaN', '', '"', 'x;y'),
        fc.string({ maxLength: 6 }),
      ),
      { maxLength: 5 },
    ),
    { maxLength: 8 },
  )
  .map((rows) =>
    ['customerId,at,amount,currency', ...rows.map((cells) => cells.join(','))].join('\n'),
  );

describe('fuzz: the tenure command line, in process', () => {
  it('answers random command lines with an exit status and a message, never a stack trace', async () => {
    await fc.assert(
      fc.asyncProperty(argv, csv, async (args, text) => {
        await writeFile(paths.csv, text);
        await rm(paths.scratch, { force: true });
        let stdout = '';
        let stderr = '';
        const code = await runCli(args, {
          stdout: { write: (chunk: string) => (stdout += chunk) },
          stderr: { write: (chunk: string) => (stderr += chunk) },
        });
        expect([0, 1, 2]).toContain(code);
        expect(stderr).not.toMatch(/\n\s+at /);
        if (code === 2) expect(stderr).toMatch(/^tenure/);
        if (code !== 0) expect(stdout + stderr).not.toBe('');
        // Unless the input says NaN (a rejected row is quoted back), no output does.
        if (![...args, text].some((input) => /NaN|Infinity/.test(input)))
          expect(stdout + stderr).not.toMatch(/\bNaN\b|Infinity/);
      }),
      { numRuns: 60 },
    );
  });
});
