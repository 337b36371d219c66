import { describe, expect, it } from 'vitest';
import { createMemoryLog } from '../../src/log/createMemoryLog.js';
import { buildReportData } from '../../src/report/buildReportData.js';
import { projectWithValues } from '../../src/report/projectWithValues.js';
import { renderReport } from '../../src/report/renderReport.js';

describe('buildReportData', () => {
  it('reports an empty log as nobody, without throwing', async () => {
    const data = buildReportData(await projectWithValues(createMemoryLog()));
    expect(data).toMatchObject({ events: 0, people: 0, buyers: 0, cohorts: [], model: null });
    expect(renderReport(data)).toContain('No purchases yet');
  });
});
