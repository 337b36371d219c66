import { describe, expect, it } from 'vitest';
import { benchSuites, expectSuiteRuns } from './benchSuites.js';

// `npm run bench` is not part of the suite, so a benchmark that no longer runs (an import path,
// an API change, a reducer that disagrees with the machines) went unnoticed until someone needed
// its figures. Each suite runs here at tiny sizes: its figures mean nothing, but it must finish
// and print its tables. The suites that start a PostgreSQL server run in suites.int.test.ts.
const CHILD_TIMEOUT_MS = 180_000;

describe('every benchmark suite still runs and prints its tables', () => {
  const suites = benchSuites();

  it('finds the suites in bench/, each sized by TENURE_BENCH_ variables', () => {
    expect(suites.length).toBeGreaterThan(0);
    const fixedSize = suites.filter((suite) => !suite.source.includes('process.env.TENURE_BENCH_'));
    expect(fixedSize.map((suite) => suite.file)).toEqual([]);
  });

  for (const suite of suites.filter((each) => !each.needsPostgres)) {
    it(
      suite.file,
      async () => {
        await expectSuiteRuns(suite, CHILD_TIMEOUT_MS);
      },
      CHILD_TIMEOUT_MS + 20_000,
    );
  }
});
