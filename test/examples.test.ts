/**
 * Every example in examples/ runs as a user runs it (`node --import tsx examples/<file>` from the
 * repository root) and prints what it promises: the stages, the fitted parameters to 3
 * significant figures, the holdout figures. Example 07 needs PostgreSQL: here we check that it
 * explains itself without one; test/examples.int.test.ts runs it against a real server.
 */
import { copyFileSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot, runScript } from './examples/runExample.js';

const run = (name: string, env: Record<string, string | undefined> = {}) =>
  runScript(join('examples', name), env);

describe.concurrent('examples', () => {
  it('are numbered scripts, each one tested here', () => {
    const files = readdirSync(join(repoRoot, 'examples')).filter((f) => f.endsWith('.ts'));
    expect(files.sort()).toEqual([
      '01-quick-start.ts',
      '02-subscription-business.ts',
      '03-retailer-cdnow.ts',
      '04-custom-lifecycle.ts',
      '05-react-to-stage-changes.ts',
      '06-property-test-your-lifecycle.ts',
      '07-postgres-log.ts',
    ]);
  });

  it('01 quick start: two purchases make Ada a repeat customer, Bob stays a lead', async () => {
    const { code, stdout, stderr } = await run('01-quick-start.ts');
    expect(stderr).not.toMatch(/Error/);
    expect(code).toBe(0);
    expect(stdout).toContain('ada: repeat (2 purchases, revenue 65)');
    expect(stdout).toContain('bob: lead (0 purchases, revenue 0)');
  });

  it('02 subscriptions: sBG fitted on the renewals, rising renewal rates, positive equity', async () => {
    const { code, stdout } = await run('02-subscription-business.ts');
    expect(code).toBe(0);
    expect(stdout).toContain('sBG fit on 400 subscriptions: converged true');
    // Simulated with beta(0.7, 1.2) churn probabilities: the fit finds parameters near them.
    const [, alpha, beta] = /alpha = ([\d.]+), beta = ([\d.]+)/.exec(stdout) ?? [];
    expect(Number(alpha)).toBeGreaterThan(0.5);
    expect(Number(alpha)).toBeLessThan(0.9);
    expect(Number(beta)).toBeGreaterThan(0.8);
    expect(Number(beta)).toBeLessThan(1.6);
    const rates = [...stdout.matchAll(/renewal rate at renewal \d+: ([\d.]+) %/g)].map((m) =>
      Number(m[1]),
    );
    expect(rates).toHaveLength(4);
    expect(rates).toEqual([...rates].sort((a, b) => a - b));
    expect(stdout).toMatch(/stages: loyal \d+, churned \d+/);
    const equity = /customer equity: (\d+) EUR \(realised (\d+), expected (\d+)\)/.exec(stdout);
    expect(Number(equity?.[3])).toBeGreaterThan(0);
    expect(
      Math.abs(Number(equity?.[1]) - Number(equity?.[2]) - Number(equity?.[3])),
    ).toBeLessThanOrEqual(1);
    // Fader & Hardie (2007), regular cohort: alpha = 0.704, beta = 1.182.
    expect(stdout).toContain('Fader & Hardie regular cohort: alpha = 0.704, beta = 1.18');
  });

  it('03 CDNOW: the published BG/NBD and Gamma-Gamma fits, holdout 1,882 actual vs 1,667 forecast', async () => {
    const { code, stdout } = await run('03-retailer-cdnow.ts');
    expect(code).toBe(0);
    expect(stdout).toContain('imported 6919 purchases (0 rows rejected)');
    expect(stdout).toContain('customers: 2357');
    expect(stdout).toContain(
      'BG/NBD (weeks): r = 0.243, alpha = 4.41, a = 0.793, b = 2.43; LL -9582.43',
    );
    expect(stdout).toContain('Gamma-Gamma: p = 6.25, q = 3.74, gamma = 15.4');
    expect(stdout).toContain('customer 1: stage repeat, P(alive) 0.727, churn risk low');
    expect(stdout).toContain('(2357 customers valued)');
    expect(stdout).toContain('holdout (39 weeks): actual 1,882 repeat purchases, forecast 1667');
    expect(stdout).toContain('cumulative at week 78: actual 4339, forecast 4161');
  });

  it('03 CDNOW: says where the data should be and exits 1 when it is missing', async () => {
    // The same script one directory deeper: its relative data path then points nowhere.
    const directory = join(repoRoot, '.tmp', 'examples-test', 'moved');
    mkdirSync(directory, { recursive: true });
    copyFileSync(join(repoRoot, 'examples', '03-retailer-cdnow.ts'), join(directory, '03.ts'));
    const { code, stdout, stderr } = await runScript(join(directory, '03.ts'));
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toContain('CDNOW data not found at');
    expect(stderr).toContain('cdnowElog.csv (columns masterid,sampleid,date,cds,sales)');
  });

  it('04 custom lifecycle: the trial machine moves Acme to paying and keeps Bolt trialing', async () => {
    const { code, stdout } = await run('04-custom-lifecycle.ts');
    expect(code).toBe(0);
    expect(stdout).toContain(
      'lifecycle saas-trial: visitor -> trialing -> activated -> paying -> cancelled',
    );
    expect(stdout).toContain('2024-05-04 acme: trialing (2 logins)');
    expect(stdout).toContain('2024-05-31 acme: paying (3 logins)');
    expect(stdout).toContain('2024-05-31 bolt: trialing (1 logins)');
    expect(stdout).toContain("acme's history: trialing -> activated -> paying");
  });

  it('05 stage changes: a win-back offer when Carla turns at risk, a thank-you when she returns', async () => {
    const { code, stdout } = await run('05-react-to-stage-changes.ts');
    expect(code).toBe(0);
    expect(stdout).toContain('2024-03-06 carla: repeat -> at risk [clock]');
    expect(stdout).toContain('2024-04-02 carla: at risk -> repeat [event]');
    expect(stdout).toContain('win-back offer to carla on 2024-03-06');
    expect(stdout).toContain('thank-you note to carla on 2024-04-02');
    expect(stdout).not.toContain('win-back offer to dmitri');
    expect(stdout).toContain('dmitri is repeat as of 2024-04-02');
  });

  it('06 property test: the tier properties hold on 150 generated logs', async () => {
    const { code, stdout } = await run('06-property-test-your-lifecycle.ts');
    expect(code).toBe(0);
    expect(stdout).toContain('tier properties hold on 150 generated logs:');
    expect(stdout).toContain('late events give the same stages as events in time order');
  });

  it('07 Postgres: without TENURE_DATABASE_URL it says what to set and exits 1', async () => {
    const { code, stdout, stderr } = await run('07-postgres-log.ts', {
      TENURE_DATABASE_URL: '',
    });
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toContain('This example needs a PostgreSQL server. Set TENURE_DATABASE_URL');
  });
});
