import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoredEvent } from '../../src/events/TenureEvent.js';
import { createFileLog } from '../../src/log/file/createFileLog.js';
import { checkHoldout } from '../../src/valuation/checkHoldout.js';
import { tenure } from './tenureInProcess.js';

const cdnow = fileURLToPath(new URL('../../../shared/data/cdnowElog.csv', import.meta.url));

let dir: string;
let log: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tenure-cli-fit-'));
  log = join(dir, 'cdnow.jsonl');
  const imported = await tenure(
    'import',
    cdnow,
    '--log',
    log,
    '--customer',
    'sampleid',
    '--date',
    'date',
    '--date-format',
    'yyyymmdd',
    '--amount',
    'sales',
    '--currency',
    'USD',
  );
  expect(imported.code).toBe(0);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const cdnowFit = [
  '--calibration-end',
  '1997-09-30',
  '--holdout-end',
  '1998-06-30',
  '--unit',
  'week',
];

describe('tenure fit on CDNOW (Fader, Hardie & Lee 2005)', () => {
  it('prints the published BG/NBD estimates, log-likelihood, and the holdout of checkHoldout and the docs: 1,667 forecast, 1,882 actual', async () => {
    const result = await tenure('fit', '--log', log, '--model', 'bgnbd', ...cdnowFit);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toMatch(/on 2,357 customers/);
    expect(result.stdout).toMatch(/\n\s+r\s+0\.2426\s+0\.01256\n/);
    expect(result.stdout).toMatch(/\n\s+alpha\s+4\.414\s+0\.3782\n/);
    expect(result.stdout).toMatch(/\n\s+a\s+0\.7929\s+0\.1857\n/);
    expect(result.stdout).toMatch(/\n\s+b\s+2\.426\s+0\.7054\n/);
    expect(result.stdout).toMatch(/log-likelihood\s+-9582\.43\n\s+converged\s+yes/);
    expect(result.stdout).toMatch(
      /Holdout 1997-10-01 to 1998-06-30: the cohort's expected repeat purchase days in the holdout/,
    );
    expect(result.stdout).toMatch(/forecast\s+1,666\.7\n\s+actual\s+1,882\n\s+error\s+-11\.4 %/);
  });

  it.each(['bgnbd', 'pareto-nbd'] as const)(
    "%s: the holdout forecast and actual are checkHoldout's, to the bit",
    async (model) => {
      const events: StoredEvent[] = [];
      const opened = await createFileLog(log, { readOnly: true });
      try {
        for await (const event of opened.read()) events.push(event);
      } finally {
        await opened.close();
      }
      const check = checkHoldout(events, {
        calibrationEnd: '1997-09-30',
        holdoutEnd: '1998-06-30',
        model,
        unit: 'week',
      });
      const fit = JSON.parse(
        (await tenure('fit', '--log', log, '--model', model, ...cdnowFit, '--json')).stdout,
      );
      expect(fit.holdout).toMatchObject({
        forecast: check.holdout.forecast,
        actual: check.holdout.actual,
      });
      expect(fit.params).toEqual(check.params);
    },
  );

  it('--json carries the Pareto/NBD and Gamma-Gamma estimates at full precision', async () => {
    const pareto = JSON.parse(
      (await tenure('fit', '--log', log, '--model', 'pareto-nbd', ...cdnowFit, '--json')).stdout,
    );
    expect(pareto.params.r).toBeCloseTo(0.553, 3);
    expect(pareto.params.alpha).toBeCloseTo(10.578, 2);
    expect(pareto.params.s).toBeCloseTo(0.606, 3);
    expect(pareto.params.beta).toBeCloseTo(11.669, 1);
    expect(pareto.logLikelihood).toBeCloseTo(-9595.0, 0);
    expect(pareto.holdout.actual).toBe(1882);
    const spend = JSON.parse(
      (await tenure('fit', '--log', log, '--model', 'gamma-gamma', ...cdnowFit, '--json')).stdout,
    );
    expect(spend).toMatchObject({ model: 'gamma-gamma', observations: 946, converged: true });
    expect(spend.params.p).toBeCloseTo(6.25, 2);
    expect(spend.params.q).toBeCloseTo(3.74, 2);
    expect(spend.params.gamma).toBeCloseTo(15.44, 1);
    expect(spend.logLikelihood).toBeCloseTo(-4055.92, 1);
  });
});

describe('tenure fit says in its own words why there is nothing to fit (exit 1)', () => {
  const cases: readonly (readonly [string, readonly string[], RegExp])[] = [
    [
      'sbg on a log without subscriptions',
      ['--model', 'sbg', '--calibration-end', '1997-09-30'],
      /^tenure fit: the log holds no subscriptions: sbg fits renewals of subscriptions .* Fit the purchases with --model bgnbd/,
    ],
    ...(['bgnbd', 'pareto-nbd', 'gamma-gamma', 'bgbb'] as const).map(
      (model) =>
        [
          `${model} with a calibration end before the first purchase`,
          ['--model', model, '--calibration-end', '1996-12-31'],
          /^tenure fit: no purchase falls on or before --calibration-end 1996-12-31; the first purchase is on 1997-01-01: choose a later calibration end\.\n$/,
        ] as const satisfies readonly [string, readonly string[], RegExp],
    ),
    [
      'gamma-gamma without a repeat buyer',
      ['--model', 'gamma-gamma', '--calibration-end', '1997-01-01'],
      /no customer bought again \(on another day\) by --calibration-end 1997-01-01/,
    ],
    [
      'bgbb without a whole unit after a first purchase',
      ['--model', 'bgbb', '--calibration-end', '1997-01-03'],
      /no customer's first purchase lies one --unit or more before --calibration-end 1997-01-03/,
    ],
  ];
  it.each(cases)('%s', async (_, argv, message) => {
    const result = await tenure('fit', '--log', log, ...argv);
    expect(result).toMatchObject({ code: 1, stdout: '' });
    expect(result.stderr).toMatch(message);
    expect(result.stderr).not.toMatch(/fit(Sbg|BgNbd|ParetoNbd|GammaGamma|BgBb)|received/);
  });
});
