import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventInput } from '../../src/events/TenureEvent.js';
import { createMemoryLog } from '../../src/log/createMemoryLog.js';
import type { EventLog } from '../../src/log/EventLog.js';
import { createFileLog } from '../../src/log/file/createFileLog.js';
import { relationshipJourneyLifecycle } from '../../src/machines/presets/relationshipJourneyLifecycle.js';
import { createLifecycle } from '../../src/projection/createLifecycle.js';
import { buildReportData } from '../../src/report/buildReportData.js';
import { buildReportDataFromLog } from '../../src/report/buildReportDataFromLog.js';
import { projectWithValues } from '../../src/report/projectWithValues.js';
import { generateSampleBusiness } from '../../src/sample/generateSampleBusiness.js';

/**
 * Corrections the sample business does not make: a late purchase (appended after later events),
 * a voided purchase, and a customer who buys in euros.
 */
const corrections: EventInput[] = [
  {
    id: 'late-1',
    type: 'purchase',
    customerId: 'cust-000003',
    at: '2023-02-01T10:00:00Z',
    data: { orderId: 'late-1', amount: 40, currency: 'USD' },
  },
  {
    id: 'void-1',
    type: 'event.voided',
    customerId: 'late-buyer',
    at: '2024-11-02T10:00:00Z',
    data: { eventId: 'to-void', reason: 'entered twice' },
  },
  ...['2024-02-05', '2024-06-05', '2024-08-05'].map((day, k) => ({
    id: `eur-${k}`,
    type: 'purchase',
    customerId: 'euro-buyer',
    at: `${day}T10:00:00Z`,
    data: { orderId: `eur-${k}`, amount: 60, currency: 'EUR' },
  })),
];

const before: EventInput[] = [
  {
    id: 'to-void',
    type: 'purchase',
    customerId: 'late-buyer',
    at: '2024-11-01T10:00:00Z',
    data: { orderId: 'to-void', amount: 25, currency: 'USD' },
  },
];

async function sampleLog(log: EventLog, customers: number): Promise<EventLog> {
  const events = [...generateSampleBusiness({ seed: 5, customers }), ...before];
  for (let index = 0; index < events.length; index += 5000) {
    await log.append(events.slice(index, index + 5000));
  }
  await log.append(corrections);
  return log;
}

describe('buildReportDataFromLog: the report of a log, customer by customer', () => {
  let memory: EventLog;
  let dir: string;
  let file: EventLog;

  beforeAll(async () => {
    memory = await sampleLog(createMemoryLog(), 600);
    dir = await mkdtemp(join(tmpdir(), 'tenure-report-stream-'));
    file = await sampleLog(await createFileLog(join(dir, 'events.jsonl')), 300);
  });

  afterAll(async () => {
    await file.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('gives the report the whole projection gives, in one pass or several', async () => {
    const whole = buildReportData(await projectWithValues(memory), { title: 'Shop' });
    expect(whole.people).toBeGreaterThan(600);
    expect(whole.tracking?.actual.at(-1)).toBeGreaterThan(0);
    for (const passes of [1, 3]) {
      expect(await buildReportDataFromLog(memory, { title: 'Shop', passes })).toEqual(whole);
    }
  });

  it('gives the same report of a file log at an earlier asOf, with margin and Pareto/NBD', async () => {
    const options = {
      asOf: '2024-06-30T23:59:59Z',
      clv: { margin: 0.3, model: 'pareto-nbd' as const },
    };
    const whole = buildReportData(await projectWithValues(file, options), { top: 5 });
    expect(whole.valued).toBeGreaterThan(0);
    expect(await buildReportDataFromLog(file, { ...options, top: 5, passes: 2 })).toEqual(whole);
  });

  it('gives the same report at a time after the last event, for a lifecycle without active stages', async () => {
    const lifecycle = createLifecycle({ definition: relationshipJourneyLifecycle });
    const options = { asOf: '2026-01-01T00:00:00Z', lifecycle };
    const whole = buildReportData(await projectWithValues(memory, options));
    expect(whole.lastEventAt).not.toBe(whole.asOf);
    expect(await buildReportDataFromLog(memory, { ...options, passes: 2 })).toEqual(whole);
  });

  it('reports an empty log as the whole projection does, with and without asOf', async () => {
    const empty = createMemoryLog();
    expect(await buildReportDataFromLog(empty)).toEqual(
      buildReportData(await projectWithValues(empty)),
    );
    const asOf = '2024-12-31T23:59:59Z';
    expect(await buildReportDataFromLog(empty, { asOf })).toEqual(
      buildReportData(await projectWithValues(empty, { asOf })),
    );
  });
});
