/**
 * Example 07 against a real PostgreSQL server (started for the test, or the run's shared one).
 */
import { describe, expect, it } from 'vitest';
import { runScript } from './examples/runExample.js';
import { usePostgres } from './support/usePostgres.js';

const postgres = usePostgres();

describe('example 07, PostgreSQL as the log with two writers and two projection workers', () => {
  it('two writers race (one retries after a ConcurrencyError); two workers split the partitions; the table equals the projection', async () => {
    const { code, stdout, stderr } = await runScript('examples/07-postgres-log.ts', {
      TENURE_DATABASE_URL: postgres.url,
    });
    expect(stderr).not.toMatch(/Error/);
    expect(code).toBe(0);
    const lines = stdout.split('\n');
    const appended = lines.filter((line) =>
      /^writer [AB] appended o[45] at version [34]/.test(line),
    );
    expect(appended).toHaveLength(2);
    // Both versions 3 and 4 were taken, by different writers: the loser re-read and retried.
    expect(appended.some((line) => line.includes('at version 3 (attempt 1)'))).toBe(true);
    expect(appended.some((line) => line.includes('at version 4'))).toBe(true);
    expect(stdout).toContain("ines's stream is at version 4");
    expect(stdout).toContain('re-appending o1: 0 appended, skipped o1');
    expect(stdout).toContain('ines: loyal, 4 purchases');
    expect(stdout).toContain('jon: new customer, 1 purchases');
    expect(stdout).toContain('verify: ok, 5 records');
    // Ines bought on Jan 10, Feb 12 and twice on Mar 1: same-day purchases count as one, and the
    // first is not a repeat, so x = 2; t_x = 51 days = 7.29 weeks; T = 81 days = 11.57 weeks.
    expect(stdout).toContain('ines: x = 2, t_x = 7.29, T = 11.57');
    expect(stdout).toContain('jon: x = 0, t_x = 0.00, T = 10.14');
    // The two workers split the 8 partitions and the table agrees with lifecycle.project.
    const held = [1, 2].map((n) => {
      const line = lines.find((l) => l.startsWith(`worker-${n} holds partitions `)) ?? '';
      return line.replace(`worker-${n} holds partitions `, '').split(',').filter(Boolean);
    });
    expect(held[0]?.length).toBeGreaterThan(0);
    expect(held[1]?.length).toBeGreaterThan(0);
    expect([...(held[0] ?? []), ...(held[1] ?? [])].map(Number).sort()).toEqual([
      0, 1, 2, 3, 4, 5, 6, 7,
    ]);
    expect(stdout).toMatch(/^churned: \d+ in the table$/m);
    expect(stdout).toContain('table and projection agree: true (302 customers)');
  });
});
