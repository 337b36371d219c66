import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { useSampleFileLog } from './sampleFileLog.js';
import { tenure } from './tenureInProcess.js';

const sample = useSampleFileLog('tenure-cli-project');

describe('tenure project', () => {
  it('prints aligned columns per customer and the portfolio on a terminal', async () => {
    const result = await tenure('project', '--log', sample.log, '--as-of', '2024-12-31');
    expect(result).toMatchObject({ code: 0, stderr: '' });
    const lines = result.stdout.split('\n');
    expect(lines[0]).toMatch(/^tenure project: 200 people as of 2024-12-31 \(lifecycle default/);
    const header = lines[2] as string;
    expect(header).toMatch(
      /^customer\s+stage\s+acquisition\s+retention\s+extension\s+engagement\s+churn risk\s+P\(alive\)\s+CLV \(margin 1, USD\)\s+last activity$/,
    );
    // Every row puts its stage where the header's stage column starts.
    const stageAt = header.indexOf('stage');
    for (const row of lines.slice(4, 204)) expect(row[stageAt - 1]).toBe(' ');
    expect(result.stdout).toMatch(/Portfolio\n\s+stage\s+people\s+share\n/);
    expect(result.stdout).toMatch(/attrition over the last year: [\d.]+ %/);
    expect(result.stdout).toMatch(
      /customer equity \(margin 1, USD\): [\d,]+\.\d\d \([\d,]+\.\d\d still to come\)/,
    );
  });

  it('--json gives one record per customer and a portfolio that adds up', async () => {
    const result = await tenure('project', '--log', sample.log, '--json');
    expect(result.code).toBe(0);
    const document = JSON.parse(result.stdout);
    expect(document.customers).toHaveLength(200);
    const counts = Object.values(document.portfolio.stages) as number[];
    expect(counts.reduce((a, b) => a + b, 0)).toBe(200);
    const buyer = document.customers.find((c: { pAlive: unknown }) => c.pAlive !== null);
    expect(Object.keys(buyer)).toEqual([
      'customerId',
      'stage',
      'machines',
      'churnRisk',
      'pAlive',
      'clv',
      'lastActivityAt',
    ]);
    expect(Object.keys(buyer.machines)).toEqual([
      'acquisition',
      'retention',
      'extension',
      'engagement',
    ]);
    expect(buyer.churnRisk.probability).toBeCloseTo(1 - buyer.pAlive, 12);
    expect(buyer.churnRisk.drivers.length).toBeGreaterThan(0);
    const valued = document.customers.filter((c: { clv: unknown }) => c.clv !== null);
    expect(valued.length).toBeGreaterThan(0);
    for (const { clv } of valued) expect(clv.total).toBeCloseTo(clv.historical + clv.residual, 9);
    let equity = 0;
    for (const customer of document.customers) equity += customer.clv?.total ?? 0;
    expect(document.portfolio.customerEquity).toBeCloseTo(equity, 6);
  });

  it('--margin scales every CLV and the equity, and says so in the labels', async () => {
    const full = JSON.parse((await tenure('project', '--log', sample.log, '--json')).stdout);
    const part = await tenure('project', '--log', sample.log, '--json', '--margin', '0.3');
    expect(part.code).toBe(0);
    const document = JSON.parse(part.stdout);
    expect([full.margin, document.margin]).toEqual([1, 0.3]);
    let valued = 0;
    for (const [i, customer] of document.customers.entries()) {
      const before = full.customers[i];
      expect(customer.customerId).toBe(before.customerId);
      if (before.clv === null) continue;
      valued += 1;
      expect(customer.clv.historical).toBeCloseTo(0.3 * before.clv.historical, 9);
      expect(customer.clv.residual).toBeCloseTo(0.3 * before.clv.residual, 9);
    }
    expect(valued).toBeGreaterThan(0);
    expect(document.portfolio.customerEquity).toBeCloseTo(0.3 * full.portfolio.customerEquity, 6);
    const text = (await tenure('project', '--log', sample.log, '--margin', '0.3')).stdout;
    expect(text).toMatch(/P\(alive\)\s+CLV \(margin 0\.3, USD\)\s+last activity\n/);
    expect(text).toMatch(/customer equity \(margin 0\.3, USD\): /);
    expect((await tenure('project', '--help')).stdout).toMatch(
      /--margin <m>\s+share of spend that is profit, 0 < m <= 1, that CLV counts\n\s+\(default: 1: CLV is revenue\)/,
    );
  });

  it('--model pareto-nbd values buyers with Pareto/NBD; with BG/NBD the one-day buyers it counts alive are named', async () => {
    const project = (...flags: string[]) =>
      tenure('project', '--log', sample.log, '--as-of', '2024-12-31', ...flags);
    const bgNbd = await project();
    const oneDay =
      /\n {2}([\d,]+) buyers? with no repeat purchase: BG\/NBD counts them alive \(P\(alive\) 100 %, churn risk 0\)\n {2}however long ago they bought; --model pareto-nbd ranks them by how long they have been silent\.\n$/;
    expect(bgNbd.stdout).toMatch(oneDay);
    const document = JSON.parse((await project('--json')).stdout);
    const alive = document.customers.filter(
      (customer: { pAlive: number | null }) => customer.pAlive === 1,
    ).length;
    expect(bgNbd.stdout.match(oneDay)?.[1]).toBe(alive.toLocaleString('en-US'));

    const pareto = await project('--model', 'pareto-nbd', '--json');
    expect(pareto.code).toBe(0);
    const byPareto = JSON.parse(pareto.stdout);
    expect([document.model, byPareto.model]).toEqual(['bg/nbd', 'pareto/nbd']);
    const models = new Set(
      byPareto.customers.map(
        (customer: { churnRisk: { model: string } | null }) => customer.churnRisk?.model,
      ),
    );
    expect(models.has('pareto/nbd')).toBe(true);
    expect(models.has('bg/nbd')).toBe(false);
    const text = await project('--model', 'pareto-nbd');
    expect(text.stdout).not.toMatch(/no repeat purchase/);
    expect(await tenure('project', '--log', sample.log, '--model', 'gamma-gamma')).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(
        /--model "gamma-gamma" is not a purchase model; give bgnbd or pareto-nbd/,
      ),
    });
  });

  it('--csv flattens machines and CLV into columns, one row per customer', async () => {
    const result = await tenure('project', '--log', sample.log, '--csv');
    expect(result.code).toBe(0);
    const rows = result.stdout.trimEnd().split('\n');
    expect(rows[0]).toBe(
      'customerId,stage,machine.acquisition,machine.retention,machine.extension,machine.engagement,churnRisk,churnBand,pAlive,clv.historical,clv.residual,clv.total,lastActivityAt',
    );
    expect(rows).toHaveLength(201);
    for (const row of rows.slice(1)) expect(row.split(',')).toHaveLength(13);
  });

  it('--customer shows one customer, and says so when the id is unknown (exit 1)', async () => {
    const one = await tenure('project', '--log', sample.log, '--customer', 'cust-000007', '--json');
    expect(
      JSON.parse(one.stdout).customers.map((c: { customerId: string }) => c.customerId),
    ).toEqual(['cust-000007']);
    expect(await tenure('project', '--log', sample.log, '--customer', 'nobody')).toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/no customer "nobody"/),
    });
  });

  it('projects with another lifecycle preset, and lists the presets for an unknown one (exit 2)', async () => {
    const crm = await tenure('project', '--log', sample.log, '--lifecycle', 'crm-cycle', '--json');
    expect(JSON.parse(crm.stdout).lifecycle).toBe('crm-cycle');
    // The preset names its active stages: attrition is measured (it was "not known").
    expect(JSON.parse(crm.stdout).portfolio.attrition).toMatchObject({ rate: expect.any(Number) });
    expect(await tenure('project', '--log', sample.log, '--lifecycle', 'funnel')).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(
        /--lifecycle "funnel" is not a preset; use one of default, crm-cycle/,
      ),
    });
  });

  it('rejects a bad --as-of naming the flag, and other wrong command lines, with exit 2', async () => {
    for (const bad of ['2024-13-01', 'yesterday', '2024-02-30']) {
      expect(await tenure('project', '--log', sample.log, '--as-of', bad)).toMatchObject({
        code: 2,
        stderr: expect.stringMatching(new RegExp(`--as-of "${bad}" is not a date`)),
      });
    }
    expect((await tenure('project', '--log', sample.log, '--json', '--csv')).code).toBe(2);
    expect(await tenure('project')).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/--log <path> is required/),
    });
    expect(await tenure('project', '--log', sample.path('missing.jsonl'))).toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/no log file at/),
    });
  });

  it('refuses a flag of the other mode (file log or --workers) instead of ignoring it', async () => {
    for (const flag of [['--follow'], ['--projection', 'q4'], ['--partitions', '8']]) {
      expect(await tenure('project', '--log', sample.log, ...flag)).toMatchObject({
        code: 2,
        stderr: expect.stringMatching(new RegExp(`${flag[0]} applies to --workers only`)),
      });
    }
    // Refused before any connection: the database need not exist.
    const workers = ['project', '--workers', '2', '--database', 'postgres://nowhere.invalid/x'];
    const asOf = ['--as-of', '2024-12-31'];
    expect(await tenure(...workers, ...asOf, '--csv')).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/--csv does not apply to --workers/),
    });
    expect(await tenure(...workers, ...asOf, '--customer', 'c1')).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/--customer does not apply to --workers/),
    });
    expect(await tenure(...workers, ...asOf, '--lifecycle', 'funnel')).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/--lifecycle "funnel" is not a preset/),
    });
  });

  it('--workers says so when the database cannot be reached (exit 1), with no stack trace', async () => {
    const args = [
      '--workers',
      '1',
      '--database',
      'postgres://127.0.0.1:1/shop',
      '--as-of',
      '2024-12-31',
    ];
    const result = await tenure('project', ...args);
    expect(result).toMatchObject({
      code: 1,
      stderr: expect.stringMatching(
        /^tenure project: PostgreSQL: connect ECONNREFUSED .*check --database/,
      ),
    });
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('tenure fit', () => {
  /** BG/NBD on the sample, calibrated to mid-2024, with a holdout to `holdoutEnd`. */
  const fitTo = (holdoutEnd: string, ...flags: string[]) =>
    tenure(
      'fit',
      '--log',
      sample.log,
      '--model',
      'bgnbd',
      '--calibration-end',
      '2024-06-30',
      '--holdout-end',
      holdoutEnd,
      ...flags,
    );

  it('prints estimates, standard errors, log-likelihood, convergence and the holdout as JSON', async () => {
    const result = await fitTo('2024-12-31', '--json');
    expect(result.code).toBe(0);
    const fit = JSON.parse(result.stdout);
    expect(fit).toMatchObject({
      model: 'bg/nbd',
      unit: 'week',
      calibrationEnd: '2024-06-30',
      holdoutEnd: '2024-12-31',
      currency: 'USD',
    });
    expect(Object.keys(fit.params)).toEqual(['r', 'alpha', 'a', 'b']);
    expect(typeof fit.converged).toBe('boolean');
    expect(fit.logLikelihood).toBeLessThan(0);
    expect(fit.holdout.forecast).toBeGreaterThan(0);
    expect(Number.isInteger(fit.holdout.actual)).toBe(true);
  });

  it('notes a holdout that runs past the log: the days without data count no purchase', async () => {
    const note =
      "the log's last event is on 2024-12-31: the actual counts no purchase after it, up to --holdout-end 2030-01-01, where the forecast goes on; give the holdout end of the data.";
    const past = await fitTo('2030-01-01');
    expect(past.code).toBe(0);
    expect(past.stdout).toContain(`\n  note: ${note}\n`);
    expect(JSON.parse((await fitTo('2030-01-01', '--json')).stdout).holdout.note).toBe(note);
    // The log's last day is covered: no note.
    expect((await fitTo('2024-12-31')).stdout).not.toContain('note:');
    expect(JSON.parse((await fitTo('2024-12-31', '--json')).stdout).holdout.note).toBeNull();
  });

  it('fits sBG on the subscriptions, without a holdout', async () => {
    const result = await tenure(
      'fit',
      '--log',
      sample.log,
      '--model',
      'sbg',
      '--calibration-end',
      '2024-12-31',
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      /tenure fit: sbg on [\d,]+ subscriptions[\s\S]*alpha\s+[\d.]+[\s\S]*beta\s+[\d.]+/,
    );
  });

  it('sbg before the first subscription names the day it starts (exit 1)', async () => {
    const result = await tenure(
      'fit',
      '--log',
      sample.log,
      '--model',
      'sbg',
      '--calibration-end',
      '2022-12-31',
    );
    expect(result).toMatchObject({ code: 1, stdout: '' });
    expect(result.stderr).toMatch(
      /^tenure fit: no subscription starts on or before --calibration-end 2022-12-31; the first starts on 2023-\d\d-\d\d: choose a later calibration end\.\n$/,
    );
  });

  it('says what is wrong with the command line', async () => {
    const base = ['fit', '--log', sample.log, '--calibration-end', '2024-06-30'];
    expect(await tenure(...base)).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/--model is required; use one of bgnbd, pareto-nbd/),
    });
    expect((await tenure(...base, '--model', 'nbd')).code).toBe(2);
    expect((await tenure(...base, '--model', 'bgnbd', '--unit', 'year')).code).toBe(2);
    expect((await tenure(...base, '--model', 'sbg', '--holdout-end', '2024-12-31')).code).toBe(2);
    expect(
      await tenure(
        'fit',
        '--log',
        sample.log,
        '--model',
        'bgnbd',
        '--calibration-end',
        '30/06/2024',
      ),
    ).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/--calibration-end "30\/06\/2024" is not a date/),
    });
    expect(await tenure(...base, '--model', 'bgnbd', '--holdout-end', '2024-01-01')).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(
        /--holdout-end 2024-01-01 is not after --calibration-end 2024-06-30/,
      ),
    });
  });
});

describe('tenure report', () => {
  it('writes one self-contained HTML file and says where', async () => {
    const out = sample.path('report.html');
    const result = await tenure('report', '--log', sample.log, '--out', out, '--title', 'Shop <1>');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`Report: ${out}`);
    const html = await readFile(out, 'utf8');
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain('<h1>Shop &lt;1&gt;</h1>');
    expect(html).toContain('<script type="application/json" id="report-data">');
    // Nothing is fetched: no external scripts, styles, fonts or images around the inlined code.
    const markup = html.replace(/(<script[^>]*>)[\s\S]*?<\/script>/g, '$1</script>');
    expect(markup.match(/<script/g)).toHaveLength(3);
    expect(markup).not.toMatch(/<(script|link|img|iframe)[^>]+(src|href)=/i);
    expect(markup).not.toMatch(/@import|url\(/);
  });

  it('--margin labels the customer equity it sums', async () => {
    const out = sample.path('margin.html');
    const result = await tenure('report', '--log', sample.log, '--out', out, '--margin', '0.25');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/customer equity \(margin 0\.25, USD\) [\d,]+\.\d\d, as of/);
    const html = await readFile(out, 'utf8');
    expect(html).toContain('Customer equity (margin 0.25, USD)');
    expect(html).toContain('Customer lifetime value (margin 0.25)');
    expect(html).toContain('Margin so far (0.25 of net revenue)');
  });

  it('--model pareto-nbd draws P(alive) and the model check from the Pareto/NBD fit', async () => {
    const data = async (model: string) => {
      const out = sample.path(`${model}.html`);
      expect(
        (await tenure('report', '--log', sample.log, '--out', out, '--model', model)).code,
      ).toBe(0);
      const html = await readFile(out, 'utf8');
      const json = html.match(
        /<script type="application\/json" id="report-data">([\s\S]*?)<\/script>/,
      );
      return { html, data: JSON.parse(json?.[1] ?? 'null') };
    };
    const bgNbd = await data('bgnbd');
    const pareto = await data('pareto-nbd');
    expect(bgNbd.data.model.name).toBe('BG/NBD (weekly)');
    expect(pareto.data.model.name).toBe('Pareto/NBD (weekly)');
    expect(Object.keys(pareto.data.model.params).sort()).toEqual(['alpha', 'beta', 'r', 's']);
    expect(pareto.html).toContain('actual vs what the fitted Pareto/NBD expects');
    // Both charts are drawn from the model the customers were valued with, not left empty.
    for (const { data: report } of [bgNbd, pareto]) {
      expect(report.pAliveGrid.cells.length).toBeGreaterThan(0);
      expect(report.tracking.expected.at(-1)).toBeGreaterThan(0);
    }
    expect(pareto.data.pAliveGrid.cells).not.toEqual(bgNbd.data.pAliveGrid.cells);
  });

  it('rejects a bad --as-of with exit 2 naming the flag', async () => {
    expect(await tenure('report', '--log', sample.log, '--as-of', 'soon')).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/tenure report: --as-of "soon" is not a date/),
    });
  });
});
