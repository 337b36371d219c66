import { describe, expect, it } from 'vitest';
import { useSampleFileLog } from './sampleFileLog.js';
import { tenure } from './tenureInProcess.js';

const sample = useSampleFileLog('tenure-cli-model');

/** `tenure fit --model <model> --json` on the sample, calibrated to mid-2024. */
const fitWith = (model: string) =>
  tenure('fit', '--log', sample.log, '--model', model, '--calibration-end', '2024-06-30', '--json');

describe.each([
  ['bgnbd', 'bg/nbd'],
  ['pareto-nbd', 'pareto/nbd'],
])('--model %s or %s', (option, result) => {
  it('tenure project values alike with either name, the one its --json output gives included', async () => {
    const project = (model: string) =>
      tenure('project', '--log', sample.log, '--as-of', '2024-12-31', '--model', model, '--json');
    const byOption = await project(option);
    expect(byOption.code).toBe(0);
    const models = JSON.parse(byOption.stdout).customers.map(
      (customer: { churnRisk: { model: string } | null }) => customer.churnRisk?.model,
    );
    expect(models).toContain(result);
    expect(await project(result)).toEqual(byOption);
  });
});

describe('the model in --json output', () => {
  // The names the library's results give: fitBgNbd(...).model, customer.churnRisk.model,
  // valuation.purchases.model, fitGammaGamma(...).model, fitBgBb(...).model, fitSbg(...).model.
  const fitted = {
    bgnbd: 'bg/nbd',
    'pareto-nbd': 'pareto/nbd',
    'gamma-gamma': 'gamma-gamma',
    bgbb: 'bg/bb',
    sbg: 'sbg',
  };

  it.each(Object.entries(fitted))(
    'tenure fit --model %s --json names it %s, and takes that name back',
    async (option, name) => {
      const byOption = await fitWith(option);
      expect(byOption.code).toBe(0);
      expect(JSON.parse(byOption.stdout).model).toBe(name);
      expect(await fitWith(name)).toEqual(byOption);
    },
  );

  it.each([
    ['bgnbd', 'bg/nbd'],
    ['pareto-nbd', 'pareto/nbd'],
  ])('tenure project --model %s --json names it %s, as its customers do', async (option, name) => {
    const document = JSON.parse(
      (await tenure('project', '--log', sample.log, '--model', option, '--json')).stdout,
    );
    expect(document.model).toBe(name);
    const models = new Set(
      document.customers.map(
        (customer: { churnRisk: { model: string } | null }) => customer.churnRisk?.model,
      ),
    );
    expect([...models].filter((model) => model !== undefined && model !== 'sbg')).toEqual([name]);
  });
});

describe('a --model that names no purchase model', () => {
  it('is a usage error listing both names of each model', async () => {
    expect(await tenure('report', '--log', sample.log, '--model', 'bg-nbd')).toMatchObject({
      code: 2,
      stderr: expect.stringContaining(
        '--model "bg-nbd" is not a purchase model; give bgnbd or pareto-nbd (or bg/nbd, pareto/nbd, as --json names them; tenure fit fits the others)',
      ),
    });
    expect(
      await tenure(
        'fit',
        '--log',
        sample.log,
        '--model',
        'pareto',
        '--calibration-end',
        '2024-06-30',
      ),
    ).toMatchObject({
      code: 2,
      stderr: expect.stringContaining(
        'use one of bgnbd, pareto-nbd, gamma-gamma, bgbb, sbg (or bg/nbd, pareto/nbd, bg/bb, as --json names them)',
      ),
    });
  });
});
