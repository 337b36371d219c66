import { access, mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFileLog } from '../../src/log/file/createFileLog.js';
import { createLifecycle } from '../../src/projection/createLifecycle.js';
import { buildReportData } from '../../src/report/buildReportData.js';
import { projectWithValues } from '../../src/report/projectWithValues.js';
import { renderReport } from '../../src/report/renderReport.js';
import { generateSampleBusiness } from '../../src/sample/generateSampleBusiness.js';
import { tenure } from '../cli/tenureInProcess.js';

let dir: string;
let path: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tenure-read-only-'));
  path = join(dir, 'events.jsonl');
  const log = await createFileLog(path);
  await log.append([...generateSampleBusiness({ seed: 5, customers: 80 })]);
  await log.close();
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function fingerprint(file: string) {
  const [bytes, info] = await Promise.all([readFile(file), stat(file)]);
  return { bytes: bytes.toString('base64'), mtimeMs: info.mtimeMs, size: info.size };
}

const exists = (file: string) =>
  access(file).then(
    () => true,
    () => false,
  );

const purchase = (id: string) => ({
  id,
  type: 'purchase',
  customerId: 'late-writer',
  at: '2024-12-30',
  data: { orderId: id, amount: 5, currency: 'USD' },
});

describe('read-only use of a file log', () => {
  it('projecting with churn and CLV and building the report leave its bytes and mtime as they were', async () => {
    const before = await fingerprint(path);
    const log = await createFileLog(path, { readOnly: true });
    try {
      const projection = await createLifecycle().project(log, { churn: true, clv: true });
      expect(projection.valuation?.purchases.converged).toBe(true);
      const html = renderReport(buildReportData(await projectWithValues(log)));
      expect(html).toContain('<!doctype html>');
    } finally {
      await log.close();
    }
    expect(await fingerprint(path)).toEqual(before);
    expect(await exists(`${path}.lock`)).toBe(false);
  });

  it('does not take the writer lock: a writer appends while a reader projects, and after', async () => {
    const reader = await createFileLog(path, { readOnly: true });
    const writer = await createFileLog(path);
    try {
      const projecting = projectWithValues(reader);
      await writer.append([purchase('while-reading')]);
      expect((await projecting).projection.customers.length).toBeGreaterThan(0);
      await reader.close();
      await writer.append([purchase('after-reading')]);
      expect(await writer.position()).toBeGreaterThan(2);
    } finally {
      await reader.close();
      await writer.close();
    }
  });

  it('tenure project, fit, report and verify open the log read-only: they run while a writer holds it', async () => {
    const writer = await createFileLog(path);
    try {
      const before = await fingerprint(path);
      const out = join(dir, 'report.html');
      const runs = [
        await tenure('project', '--log', path, '--json'),
        await tenure('fit', '--log', path, '--model', 'bgnbd', '--calibration-end', '2024-06-30'),
        await tenure('report', '--log', path, '--out', out),
        await tenure('verify', '--log', path),
      ];
      for (const run of runs) expect(run, run.stderr).toMatchObject({ code: 0, stderr: '' });
      expect(await fingerprint(path)).toEqual(before);
      await writer.append([purchase('after-the-commands')]);
    } finally {
      await writer.close();
    }
  });
});
