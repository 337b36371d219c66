import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFileLog } from '../../src/log/file/createFileLog.js';
import { tenure } from './tenureInProcess.js';

let directory = '';
const log = () => join(directory, 'events.jsonl');

beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'tenure-cli-one-'));
  const file = await createFileLog(log());
  await file.append([
    {
      id: 'o1',
      type: 'purchase',
      customerId: 'c1',
      at: '2024-03-01T10:00:00Z',
      data: { orderId: 'o1', amount: 40, currency: 'EUR' },
    },
  ]);
  await file.close();
});
afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

describe('the commands on a log of one buyer and one event', () => {
  it('tenure fit counts 1 customer, and its advice can be followed', async () => {
    const fit = await tenure(
      'fit',
      '--log',
      log(),
      '--model',
      'bgnbd',
      '--calibration-end',
      '2024-06-30',
    );
    expect(fit.stdout).toMatch(/^tenure fit: bgnbd on 1 customer, calibration to 2024-06-30/);
    // Not converged; the reason's advice is one the command line can follow (no penalty flag).
    expect(fit.stdout).toMatch(
      /converged {7}NO: .*use a longer calibration period \(0 iterations\)\n/,
    );
    expect(fit.stdout).not.toMatch(/penalty/);
  });

  it('tenure project counts 1 person and 1 event', async () => {
    const project = await tenure('project', '--log', log());
    expect(project.stdout).toMatch(
      /^tenure project: 1 person as of 2024-03-01 \(lifecycle default, 1 event\)\n/,
    );
  });

  it('tenure project says why its customer equity of 0.00 counts no one', async () => {
    // The buyer spent 40 EUR, but one buyer is too few to fit BG/NBD: she has no value, and the
    // equity of 0.00 read as a customer base worth nothing, with no word of why.
    const project = await tenure('project', '--log', log());
    expect(project.stdout).toMatch(
      /\n {2}customer equity \(margin 1, EUR\): 0\.00 \(0\.00 still to come\)\n {2}1 customer not valued, in neither figure: purchase model: too little data: 1 customer\(s\) with a purchase, at least 20 needed\n/,
    );
  });

  it('tenure report counts 1 person and 1 customer', async () => {
    const report = await tenure('report', '--log', log(), '--out', join(directory, 'report.html'));
    expect(report.stdout).toMatch(/\n {2}1 person, 1 customer, customer equity/);
  });
});

describe('tenure project on an empty log', () => {
  it('says there are no events yet, as tenure report does, instead of "as of -"', async () => {
    const empty = join(directory, 'empty.jsonl');
    await (await createFileLog(empty)).close();
    const project = await tenure('project', '--log', empty);
    expect(project.code).toBe(0);
    expect(project.stdout).toMatch(
      /^tenure project: 0 people, no events yet \(lifecycle default\)\n/,
    );
    // The default lifecycle names its active stages: no customers is why there is no attrition.
    expect(project.stdout).toMatch(/\n {2}attrition: not known \(no customers\)\n/);
  });
});
