import { describe, expect, it } from 'vitest';
import { useSampleFileLog } from './sampleFileLog.js';
import { tenure } from './tenureInProcess.js';

const sample = useSampleFileLog('tenure-cli-model');

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

  it('tenure fit fits the same model with either name', async () => {
    const fitWith = (model: string) =>
      tenure(
        'fit',
        '--log',
        sample.log,
        '--model',
        model,
        '--calibration-end',
        '2024-06-30',
        '--json',
      );
    const byOption = await fitWith(option);
    expect(byOption.code).toBe(0);
    expect(await fitWith(result)).toEqual(byOption);
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
        'use one of bgnbd, pareto-nbd, gamma-gamma, bgbb, sbg (or bg/nbd, pareto/nbd, as tenure project --json names them)',
      ),
    });
  });
});
