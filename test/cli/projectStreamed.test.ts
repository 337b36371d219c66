import { describe, expect, it } from 'vitest';
import { dateFlag } from '../../src/cli/commands/dateFlag.js';
import { lifecycleFlag } from '../../src/cli/commands/lifecycleFlag.js';
import {
  projectCsvFields,
  projectCsvHeaders,
  projectPortfolio,
  projectRecord,
} from '../../src/cli/commands/projectRecords.js';
import { toCsv } from '../../src/cli/format/toCsv.js';
import { createFileLog } from '../../src/log/file/createFileLog.js';
import { fittedPurchaseModelName } from '../../src/models/purchaseModelName.js';
import { projectWithValues } from '../../src/report/projectWithValues.js';
import { useSampleFileLog } from './sampleFileLog.js';
import { tenure } from './tenureInProcess.js';

const sample = useSampleFileLog('tenure-cli-project-streamed');

/**
 * `tenure project --csv` and `--json` as they were written from the whole projection, before
 * they streamed: `projectWithValues`, then every record and the portfolio of it.
 */
async function wholeOutput(
  format: 'csv' | 'json',
  path: string,
  flags: { asOf?: string; lifecycle?: string } = {},
): Promise<string> {
  const lifecycle = await lifecycleFlag('project', flags.lifecycle);
  const asOf = dateFlag('project', 'as-of', flags.asOf);
  const log = await createFileLog(path, { readOnly: true });
  try {
    const valued = await projectWithValues(log, {
      lifecycle,
      clv: { margin: 1, model: 'bgnbd' },
      ...(asOf === undefined ? {} : { asOf }),
    });
    const { projection } = valued;
    const records = projection.customers.map(projectRecord);
    const machineIds = lifecycle.compiled.machineIds;
    if (format === 'csv')
      return toCsv(
        projectCsvHeaders(machineIds),
        records.map((record) => projectCsvFields(record, machineIds)),
      );
    const document = {
      asOf: projection.asOf === undefined ? null : new Date(projection.asOf).toISOString(),
      lifecycle: projection.lifecycle,
      events: projection.events,
      margin: 1,
      model: fittedPurchaseModelName('bgnbd'),
      portfolio: projectPortfolio(valued),
      customers: records,
    };
    return `${JSON.stringify(document, null, 2)}\n`;
  } finally {
    await log.close();
  }
}

describe('tenure project --csv and --json, streamed in passes', () => {
  const cases: { name: string; flags: { asOf?: string; lifecycle?: string } }[] = [
    { name: 'at the last event', flags: {} },
    { name: 'as of a day before the end', flags: { asOf: '2024-06-30' } },
    {
      name: 'with the five-stages lifecycle',
      flags: { lifecycle: 'five-stages', asOf: '2024-09-15' },
    },
  ];
  for (const { name, flags } of cases) {
    it(`writes the whole projection's bytes in 1 to 4 passes, ${name}`, async () => {
      const extra = [
        ...(flags.asOf === undefined ? [] : ['--as-of', flags.asOf]),
        ...(flags.lifecycle === undefined ? [] : ['--lifecycle', flags.lifecycle]),
      ];
      for (const format of ['csv', 'json'] as const) {
        const whole = await wholeOutput(format, sample.log, flags);
        for (const passes of ['1', '2', '3', '4']) {
          const run = await tenure(
            'project',
            '--log',
            sample.log,
            `--${format}`,
            '--passes',
            passes,
            ...extra,
          );
          expect(run).toMatchObject({ code: 0, stderr: '' });
          // One assertion per output, not a diff of 200 rows: equal to the byte.
          expect(run.stdout === whole, `--${format} --passes ${passes}`).toBe(true);
        }
      }
    });
  }

  it('keeps customer id order across passes, and finds one customer in any pass', async () => {
    const csv = await tenure('project', '--log', sample.log, '--csv', '--passes', '3');
    const ids = csv.stdout
      .trimEnd()
      .split('\n')
      .slice(1)
      .map((row) => row.split(',')[0] as string);
    expect(ids).toHaveLength(200);
    expect(ids).toEqual([...ids].sort());
    for (const id of ['cust-000001', 'cust-000007', 'cust-000200']) {
      const one = await tenure(
        'project',
        '--log',
        sample.log,
        '--json',
        '--passes',
        '3',
        '--customer',
        id,
      );
      const document = JSON.parse(one.stdout);
      expect(document.customers.map((c: { customerId: string }) => c.customerId)).toEqual([id]);
      expect(document.portfolio.customers).toBe(200);
    }
    expect(
      await tenure(
        'project',
        '--log',
        sample.log,
        '--csv',
        '--passes',
        '2',
        '--customer',
        'nobody',
      ),
    ).toMatchObject({ code: 1, stdout: '', stderr: expect.stringMatching(/no customer "nobody"/) });
  });

  it('writes an empty log as the whole projection does', async () => {
    const path = sample.path('empty.jsonl');
    await (await createFileLog(path)).close();
    for (const format of ['csv', 'json'] as const) {
      const run = await tenure('project', '--log', path, `--${format}`, '--passes', '2');
      expect(run).toMatchObject({ code: 0, stderr: '' });
      expect(run.stdout).toBe(await wholeOutput(format, path));
    }
  });

  it('takes --passes for --csv and --json only, as a whole number >= 1 (exit 2)', async () => {
    expect(await tenure('project', '--log', sample.log, '--passes', '2')).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/--passes applies to --csv and --json/),
    });
    expect(await tenure('project', '--log', sample.log, '--csv', '--passes', '0')).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/--passes must be a whole number >= 1, got "0"/),
    });
    expect((await tenure('project', '--help')).stdout).toMatch(
      /--passes <n> {10}read the log n times/,
    );
  });
});
