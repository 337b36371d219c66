/**
 * `--model` takes a purchase model by the name options give it (bgnbd, pareto-nbd) or by the one
 * the --json output gives it (bg/nbd, pareto/nbd, in churnRisk.model), in every command.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFileLog } from '../../src/log/file/createFileLog.js';
import { generateSampleBusiness } from '../../src/sample/generateSampleBusiness.js';
import { tenure } from './tenureInProcess.js';

let dir: string;
let log: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tenure-cli-model-'));
  log = join(dir, 'events.jsonl');
  const file = await createFileLog(log);
  await file.append([
    ...generateSampleBusiness({
      seed: 5,
      customers: 200,
      start: '2023-01-01',
      end: '2025-01-01',
      currency: 'USD',
    }),
  ]);
  await file.close();
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe.each([
  ['bgnbd', 'bg/nbd'],
  ['pareto-nbd', 'pareto/nbd'],
])('--model %s or %s', (option, result) => {
  it('tenure project values alike with either name, the one its --json output gives included', async () => {
    const project = (model: string) =>
      tenure('project', '--log', log, '--as-of', '2024-12-31', '--model', model, '--json');
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
      tenure('fit', '--log', log, '--model', model, '--calibration-end', '2024-06-30', '--json');
    const byOption = await fitWith(option);
    expect(byOption.code).toBe(0);
    expect(await fitWith(result)).toEqual(byOption);
  });
});

describe('a --model that names no purchase model', () => {
  it('is a usage error listing both names of each model', async () => {
    expect(await tenure('report', '--log', log, '--model', 'bg-nbd')).toMatchObject({
      code: 2,
      stderr: expect.stringContaining(
        '--model "bg-nbd" is not a purchase model; give bgnbd or pareto-nbd (or bg/nbd, pareto/nbd, as --json names them; tenure fit fits the others)',
      ),
    });
    expect(
      await tenure('fit', '--log', log, '--model', 'pareto', '--calibration-end', '2024-06-30'),
    ).toMatchObject({
      code: 2,
      stderr: expect.stringContaining(
        'use one of bgnbd, pareto-nbd, gamma-gamma, bgbb, sbg (or bg/nbd, pareto/nbd, as tenure project --json names them)',
      ),
    });
  });
});
