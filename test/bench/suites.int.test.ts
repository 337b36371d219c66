import { describe, expect, it } from 'vitest';
import { benchSuites, expectSuiteRuns } from './benchSuites.js';

// The benchmark suites that start their own PostgreSQL server (as the tests do,
// test/support/postgresServer.ts), run at tiny sizes: see suites.test.ts.
const CHILD_TIMEOUT_MS = 180_000;

describe('every PostgreSQL benchmark suite still runs and prints its tables', () => {
  const suites = benchSuites().filter((suite) => suite.needsPostgres);

  it('finds them in bench/', () => {
    expect(suites.length).toBeGreaterThan(0);
  });

  for (const suite of suites) {
    it(
      suite.file,
      async () => {
        await expectSuiteRuns(suite, CHILD_TIMEOUT_MS);
      },
      CHILD_TIMEOUT_MS + 20_000,
    );
  }
});
