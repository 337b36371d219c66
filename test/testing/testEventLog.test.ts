/**
 * The contract suite judged as its users rely on it: it passes a sound log of their own and fails
 * a log that breaks any promise of EventLog. It runs, in a vitest of its own, on an array log and
 * on flawed copies of it (test/testing/fixtures), and each flaw must fail the test that names it.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEventLog } from '../../src/testing/testEventLog.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const fixtures = join(root, 'test', 'testing', 'fixtures');
const work = mkdtempSync(join(tmpdir(), 'tenure-contract-'));

interface AssertionResult {
  readonly ancestorTitles: readonly string[];
  readonly title: string;
  readonly status: string;
  readonly failureMessages: readonly string[];
}

/** For each suite ('EventLog contract: <flaw>'), the titles of its failed tests. */
const failures = new Map<string, string[]>();
/** What a user reads of each failed test: `<suite> > <title>` to its failure messages. */
const messages = new Map<string, string>();

beforeAll(async () => {
  const output = join(work, 'results.json');
  // The child is a vitest of its own: drop this run's worker variables.
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !name.startsWith('VITEST')),
  );
  await new Promise<void>((resolve) => {
    execFile(
      process.execPath,
      [
        join(root, 'node_modules', 'vitest', 'vitest.mjs'),
        'run',
        '--root',
        fixtures,
        '--reporter=json',
        `--outputFile=${output}`,
      ],
      { cwd: fixtures, env, maxBuffer: 64 * 1024 * 1024 },
      () => resolve(),
    );
  });
  const report = JSON.parse(readFileSync(output, 'utf8')) as {
    testResults: { assertionResults: AssertionResult[] }[];
  };
  for (const result of report.testResults.flatMap((file) => file.assertionResults)) {
    const suite = result.ancestorTitles.join(' > ');
    const failed = failures.get(suite) ?? [];
    if (result.status !== 'passed') failed.push(result.title);
    failures.set(suite, failed);
    messages.set(`${suite} > ${result.title}`, result.failureMessages.join('\n'));
  }
}, 240_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

const failed = (flaw: string) => failures.get(`EventLog contract: ${flaw}`);

describe('testEventLog on a log of your own', () => {
  it('passes a sound array-backed log', () => {
    expect(failed('none')).toEqual([]);
  });

  it('fails a log that keeps part of a rejected batch', () => {
    expect(failed('keeps-part-of-rejected-batch')).toContain(
      'skips an identical resend and rejects a changed one, whole batch',
    );
  });

  it('fails a log whose positions start at 0', () => {
    expect(failed('positions-from-zero')).toContain(
      'stores normalised events with gap-free positions and per-customer versions',
    );
    // Its empty log is at position -1: that is its bug, not a log the factory reused.
    expect(messages.get('EventLog contract: positions-from-zero > starts empty')).toMatch(
      /expected -1 to be \+0/,
    );
  });

  it('fails a log that reads from one position too far', () => {
    expect(failed('reads-after-from')).toContain(
      'reads one customer, from a position, until an event time',
    );
  });

  it('fails a log that ignores expected versions', () => {
    expect(failed('ignores-expected-versions')).toContain(
      'checks expected versions per customer stream',
    );
  });

  it('fails a log where two concurrent writers expecting the same version both succeed', () => {
    expect(failed('checks-then-writes-later')).toContain(
      'lets one of two concurrent appends with the same expected version through',
    );
  });

  it('fails a log where two concurrent appends store one id twice', () => {
    expect(failed('checks-then-writes-later')).toContain(
      'stores an id once when two concurrent appends carry it',
    );
  });

  it("fails a log that keeps other streams' events of a batch refused for a conflict", () => {
    expect(failed('keeps-other-streams-of-a-conflict')).toContain(
      'rejects a batch whole when one of its streams is not at the expected version',
    );
  });

  it('fails a log that still reads after close', () => {
    expect(failed('answers-after-close')).toContain('rejects calls after close');
  });

  const ids = 'keeps apart ids that differ only in case, a suffix, a space or non-ASCII characters';
  const fields =
    'stores every field as given: false, 0, empty strings and arrays, meta, every built-in type';
  it.each([
    [
      'sorts-batch-by-time',
      'stores normalised events with gap-free positions and per-customer versions',
    ],
    ['reads-in-time-order', 'accepts late events: log order is storage order, not event time'],
    ['loses-last-batch-on-failure', 'rejects an invalid batch whole, naming the event and field'],
    ['skips-changed-duplicate', 'skips an identical resend and rejects a changed one, whole batch'],
    [
      'in-batch-last-wins',
      'stores an identical duplicate inside one batch once and rejects a different one',
    ],
    [
      'stored-batch-passes-any-version',
      'accepts a resend of a stored append with the expected versions it was made with',
    ],
    ['checks-only-written-streams', 'checks expected versions per customer stream'],
    ['until-exclusive', 'reads one customer, from a position, until an event time'],
    ['customer-prefix-match', ids],
    ['case-insensitive-ids', ids],
    ['mangles-non-ascii', ids],
    ['sequence-gaps', 'checks expected versions per customer stream'],
    ['drops-empty-arrays', fields],
    ['drops-meta', fields],
    ['time-in-seconds', fields],
    [
      'positions-as-strings',
      'stores normalised events with gap-free positions and per-customer versions',
    ],
  ])('fails a log that %s, in "%s"', (flaw, test) => {
    expect(failed(flaw)).toContain(test);
  });

  it('names the event a log stored otherwise than given', () => {
    expect(messages.get(`EventLog contract: drops-empty-arrays > ${fields}`)).toMatch(
      /^AssertionError: the event fidelity-0 as log\.read\(\) returns it/,
    );
  });

  it('says which expected version a log failed to check', () => {
    expect(
      messages.get(
        'EventLog contract: checks-only-written-streams > checks expected versions per customer stream',
      ),
    ).toMatch(
      /an append to c2 expecting c1, which it does not write to, at 2 \(c1 is at 3\) must reject/,
    );
  });

  it('shows the appends that broke a log, not the code of the suite', () => {
    const message = messages.get(
      'EventLog contract: reads-after-from > property: any sequence of appends behaves like the reference model',
    );
    expect(message).toMatch(/Counterexample/);
    // Each append of the failing run, as the log received it, and what the model expected.
    expect(message).toMatch(/log\.append\(\[ev-0 [a-z.]+ c\d/);
    expect(message).not.toMatch(/freshId|history\.length/);
  });

  it('says the factory must return a fresh log when a test is handed one with events', () => {
    // The first test closes the shared log; the others are handed it closed or with its events.
    const shared = [...messages]
      // (A property's report holds its error as a cause, which vitest prints but this JSON omits.)
      .filter(([test]) => test.startsWith('EventLog contract: one log for every test > '))
      .filter(([test]) => !test.includes(' > property: '))
      .map(([, message]) => message)
      .filter((message) => message !== '');
    expect(shared.length).toBeGreaterThan(0);
    for (const message of shared) {
      expect(message).toMatch(
        /testEventLog\(one log for every test\): the factory returned a log that is (closed|not empty)/,
      );
    }
  });

  it('says the factory must return { log } when it returns the log itself', () => {
    const tests = [...messages].filter(([test]) =>
      test.startsWith('EventLog contract: the log itself > '),
    );
    expect(tests.length).toBeGreaterThan(0);
    for (const [test, message] of tests) {
      if (test.includes(' > property: ')) continue;
      expect(message, test).toMatch(
        /testEventLog\(the log itself\): the factory must return \{ log, cleanup\? \}, received the log itself: return \{ log \} instead/,
      );
    }
  });

  it('refuses a call without a name, as JavaScript allows', () => {
    expect(() => testEventLog((async () => ({})) as never, undefined as never)).toThrow(
      /^testEventLog: call it as testEventLog\(name, factory, options\?\).*received \(function, undefined\)/,
    );
  });

  it('refuses a number of runs that would check nothing', () => {
    for (const numRuns of [0, -1, 1.5]) {
      expect(() => testEventLog('memory', async () => ({}) as never, { numRuns })).toThrow(
        /^testEventLog: numRuns must be an integer >= 1, received/,
      );
    }
  });
});
