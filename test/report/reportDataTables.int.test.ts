import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryLog } from '../../src/log/createMemoryLog.js';
import { buildReportData } from '../../src/report/buildReportData.js';
import { projectWithValues } from '../../src/report/projectWithValues.js';
import type { ReportData } from '../../src/report/ReportData.js';
import { renderReport } from '../../src/report/renderReport.js';
import { generateSampleBusiness } from '../../src/sample/generateSampleBusiness.js';
import { launchReportBrowser, openReport, REPORT_CHARTS } from './reportBrowser.js';

/** What a chart's data table holds, as the page shows it. */
interface ShownTable {
  readonly title: string;
  readonly role: string | null;
  readonly label: string | null;
  readonly summary: string;
  readonly caption: string;
  /** Column headers, `scope="col"` only. */
  readonly head: readonly string[];
  /** Each row: its `scope="row"` header, then its cells. */
  readonly rows: readonly (readonly string[])[];
  /** Cells of the body that are not a row header with `scope="row"` or a plain `td`. */
  readonly strayCells: number;
}

let dir: string;
let browser: Browser;
let sample: ReportData;
let page: Page;
let tables: Record<string, ShownTable>;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tenure-report-tables-'));
  const log = createMemoryLog();
  await log.append([
    ...generateSampleBusiness({
      seed: 3,
      customers: 600,
      start: '2023-01-01',
      end: '2025-01-01',
      currency: 'USD',
    }),
  ]);
  sample = buildReportData(await projectWithValues(log, { asOf: '2025-01-01T00:00:00Z' }));
  browser = await launchReportBrowser();
  page = await openReport(browser, dir, renderReport(sample));
  tables = await shownTables(page);
});

afterAll(async () => {
  await browser?.close();
  await rm(dir, { recursive: true, force: true });
});

/** "1,234" -> 1234. */
const amount = (text: string | undefined) => Number(text?.replace(/,/g, ''));
/** "12.3 %" -> 0.123. */
const share = (text: string | undefined) => Number(text?.replace(/ %$/, '')) / 100;

describe("each chart's data table", () => {
  it('pairs every chart, an image named for what it shows, with a captioned data table', () => {
    for (const id of REPORT_CHARTS) {
      const table = tables[id] as ShownTable;
      expect(table, id).toBeDefined();
      expect(table.role, id).toBe('img');
      expect(table.label?.startsWith(`${table.title}: `), `${id}: ${table.label}`).toBe(true);
      expect(table.label?.length ?? 0, id).toBeGreaterThan(table.title.length + 20);
      expect(table.summary, id).toMatch(/^Data table/);
      expect(table.caption.startsWith(table.title), `${id}: ${table.caption}`).toBe(true);
      expect(table.head.length, id).toBeGreaterThanOrEqual(2);
      expect(table.rows.length, id).toBeGreaterThan(0);
      expect(table.strayCells, id).toBe(0);
      for (const row of table.rows) expect(row.length, id).toBe(table.head.length);
    }
  });

  it('shows the stage counts and funnel steps of the report data', () => {
    const stages = tables['chart-stages'] as ShownTable;
    expect(stages.head).toEqual(['stage', 'people']);
    expect(stages.rows.map(([stage, people]) => [stage, amount(people)])).toEqual(
      sample.stages.map((s) => [s.stage, s.count]),
    );
    const funnel = tables['chart-funnel'] as ShownTable;
    expect(funnel.rows.map((row) => row[0])).toEqual(
      sample.funnel.map((s) => `${s.from} \u2192 ${s.to}`),
    );
    sample.funnel.forEach((step, i) => {
      const [, entered, converted, rate] = funnel.rows[i] as string[];
      expect([amount(entered), amount(converted)]).toEqual([step.entered, step.converted]);
      if (step.rate === null) expect(rate).toBe('-');
      else expect(Math.abs(share(rate) - step.rate)).toBeLessThanOrEqual(0.0005);
    });
  });

  it('shows the stage counts of every month and the retention of every cohort', () => {
    const flow = tables['chart-flow'] as ShownTable;
    const stages = sample.stages.map((s) => s.stage);
    expect(flow.head).toEqual(['month', ...stages]);
    expect(flow.rows.map((row) => [row[0], ...row.slice(1).map(amount)])).toEqual(
      sample.stageFlow.months.map((month, i) => [
        month,
        ...stages.map((stage) => sample.stageFlow.counts[stage]?.[i]),
      ]),
    );
    const cohorts = tables['chart-cohorts'] as ShownTable;
    expect(cohorts.head.slice(1)).toEqual(
      sample.cohorts.map((c) => `${c.cohort} (${c.size.toLocaleString('en-US')})`),
    );
    const longest = Math.max(...sample.cohorts.map((c) => c.retention.length));
    expect(cohorts.rows.map((row) => row[0])).toEqual(
      Array.from({ length: longest }, (_, i) => String(i)),
    );
    sample.cohorts.forEach((cohort, c) => {
      cohorts.rows.forEach((row, month) => {
        const value = cohort.retention[month];
        const cell = row[c + 1];
        if (value === undefined) expect(cell).toBe('-');
        else expect(Math.abs(share(cell) - value), `${cohort.cohort} ${month}`).toBeLessThan(5e-4);
      });
    });
  });

  it('shows each histogram bin with its bounds and customers', () => {
    const clv = tables['chart-clv'] as ShownTable;
    expect(clv.head).toEqual(['CLV (USD)', 'customers']);
    const { edges, counts } = sample.clvHistogram;
    expect(clv.rows.map((row) => amount(row[1]))).toEqual(counts);
    clv.rows.forEach(([bin], i) => {
      expect(amount(bin?.split(' ')[0]), bin).toBe(Math.round(edges[i] as number));
    });
    expect(clv.rows.at(-1)?.[0]).toMatch(/ and more$/);
    const churn = tables['chart-churn'] as ShownTable;
    expect(churn.head).toEqual(['churn risk', 'customers']);
    expect(churn.rows.map((row) => amount(row[1]))).toEqual(sample.churnHistogram.counts);
    churn.rows.forEach(([bin], i) => {
      expect(share(bin?.split(' \u2013 ')[0]), bin).toBeCloseTo(
        sample.churnHistogram.edges[i] as number,
        2,
      );
    });
    // Churn risk stops at 100 %: nothing is above the last bin.
    expect(churn.rows.at(-1)?.[0]).toMatch(/ \u2013 100 %$/);
  });

  it('shows P(alive) of every cell of the grid and the tracking series week by week', () => {
    const grid = sample.pAliveGrid as NonNullable<ReportData['pAliveGrid']>;
    const palive = tables['chart-palive'] as ShownTable;
    expect(palive.head).toEqual([
      'repeat purchases',
      ...grid.recency.map((r) => `week ${Math.round(r)}`),
    ]);
    expect(palive.rows.map((row) => row[0])).toEqual(grid.frequency.map(String));
    const byCell = new Map(grid.cells.map(([r, f, p]) => [`${r},${f}`, p]));
    palive.rows.forEach((row, f) => {
      grid.recency.forEach((_, r) => {
        const value = byCell.get(`${r},${f}`);
        const cell = row[r + 1];
        if (value === undefined) expect(cell).toBe('-');
        else expect(Math.abs(share(cell) - value), `${r},${f}`).toBeLessThanOrEqual(5e-4);
      });
    });
    const tracking = sample.tracking as NonNullable<ReportData['tracking']>;
    const shown = tables['chart-tracking'] as ShownTable;
    expect(shown.head).toEqual(['week starting', 'actual', 'BG/NBD expected']);
    expect(shown.rows.map((row) => [row[0], amount(row[1]), amount(row[2])])).toEqual(
      tracking.weeks.map((week, i) => [
        week,
        tracking.actual[i],
        Math.round(tracking.expected[i] as number),
      ]),
    );
  });
});

describe('the data tables, opened', () => {
  it('fit the page at 800 px: a wide table scrolls in its card, its caption stays in view', async () => {
    const narrow = await openReport(browser, dir, renderReport(sample), 800);
    const layout = await narrow.evaluate(() => {
      const doc = (globalThis as unknown as { document: OpenedDocument }).document;
      for (const details of doc.querySelectorAll('details.data')) details.open = true;
      const caption = doc.querySelector('#chart-palive-data caption')?.getBoundingClientRect();
      const card = doc.querySelector('section:has(#chart-palive)')?.getBoundingClientRect();
      return {
        overflow: doc.documentElement.scrollWidth - doc.documentElement.clientWidth,
        captionInCard: (caption?.right ?? 0) <= (card?.right ?? 0),
        opened: doc.querySelectorAll('details.data[open] table').length,
      };
    });
    await narrow.close();
    expect(layout).toEqual({ overflow: 0, captionInCard: true, opened: REPORT_CHARTS.length });
  });
});

describe('the data tables on paper', () => {
  it('print the tables the reader opened, and no "Data table" toggle for the others', async () => {
    const printed = await openReport(browser, dir, renderReport(sample));
    await printed.locator('#chart-funnel-data summary').click();
    await printed.emulateMedia({ media: 'print' });
    const visible = async (selector: string) => printed.locator(selector).isVisible();
    expect(await visible('#chart-funnel-data table')).toBe(true);
    expect(await visible('#chart-stages-data summary')).toBe(false);
    await printed.close();
  });
});

describe('the data tables of a long history', () => {
  it('keep at most 120 rows: every k-th month or week to the latest, said in the caption', async () => {
    const months = Array.from({ length: 300 }, (_, i) => {
      const date = new Date(Date.UTC(2000, i, 1));
      return date.toISOString().slice(0, 7);
    });
    const weeks = Array.from({ length: 700 }, (_, k) =>
      new Date(Date.UTC(2011, 0, 3) + k * 7 * 86_400_000).toISOString().slice(0, 10),
    );
    const stages = sample.stages.map((s) => s.stage);
    const long: ReportData = {
      ...sample,
      stageFlow: {
        months,
        counts: Object.fromEntries(stages.map((stage, s) => [stage, months.map((_, i) => i + s)])),
      },
      tracking: {
        weeks,
        actual: weeks.map((_, k) => k * 3),
        expected: weeks.map((_, k) => k * 3.2),
      },
    };
    const longPage = await openReport(browser, dir, renderReport(long));
    const shown = await shownTables(longPage);
    await longPage.close();

    const flow = shown['chart-flow'] as ShownTable;
    expect(flow.rows.length).toBeLessThanOrEqual(120);
    expect(flow.rows.length).toBeGreaterThan(60);
    expect(flow.rows.at(-1)?.[0]).toBe(months.at(-1));
    expect(flow.caption).toMatch(/every 3rd month/);
    expect(flow.caption).toMatch(/300 months/);
    for (const row of flow.rows) {
      const i = months.indexOf(row[0] as string);
      expect(row.slice(1).map(amount)).toEqual(stages.map((_, s) => i + s));
    }

    const tracking = shown['chart-tracking'] as ShownTable;
    expect(tracking.rows.length).toBeLessThanOrEqual(120);
    expect(tracking.rows.at(-1)?.[0]).toBe(weeks.at(-1));
    expect(tracking.caption).toMatch(/every 6th week/);
    expect(tracking.caption).toMatch(/700 weeks/);
    for (const row of tracking.rows) {
      const k = weeks.indexOf(row[0] as string);
      expect([amount(row[1]), amount(row[2])]).toEqual([k * 3, Math.round(k * 3.2)]);
    }
  });
});

describe('the data tables of a report without a currency', () => {
  it('head the CLV column "CLV", not "CLV ()"', async () => {
    const plain = await openReport(browser, dir, renderReport({ ...sample, currency: undefined }));
    const shown = await shownTables(plain);
    await plain.close();
    expect(shown['chart-clv']?.head).toEqual(['CLV', 'customers']);
  });
});

describe('the data tables of an empty report', () => {
  it('leaves no empty table where a chart says why it is empty', async () => {
    const empty = await openReport(
      browser,
      dir,
      renderReport(buildReportData(await projectWithValues(createMemoryLog()))),
    );
    const shown = await shownTables(empty);
    await empty.close();
    for (const id of REPORT_CHARTS) expect(shown[id], id).toBeUndefined();
  });
});

/** The data table of each chart the page has one for, with the chart's role and name. */
async function shownTables(on: Page): Promise<Record<string, ShownTable>> {
  return on.evaluate((ids) => {
    const doc = (globalThis as unknown as { document: TableDocument }).document;
    const text = (node: TableNode | null | undefined) => (node?.textContent ?? '').trim();
    const found: Record<string, ShownTable> = {};
    for (const id of ids) {
      const table = doc.querySelector(`#${id}-data table`);
      if (table === null) continue;
      const chart = doc.getElementById(id);
      const rows = [...table.querySelectorAll('tbody tr')];
      found[id] = {
        title: text(doc.querySelector(`section:has(#${id}) h2`)),
        role: chart?.getAttribute('role') ?? null,
        label: chart?.getAttribute('aria-label') ?? null,
        summary: text(doc.querySelector(`#${id}-data summary`)),
        caption: text(table.querySelector('caption')),
        head: [...table.querySelectorAll('thead th[scope="col"]')].map(text),
        rows: rows.map((row) => [...row.querySelectorAll('th[scope="row"], td')].map(text)),
        strayCells:
          table.querySelectorAll('tbody th:not([scope="row"])').length +
          table.querySelectorAll('thead td').length,
      };
    }
    return found;
  }, REPORT_CHARTS);
}

/** The DOM the test reads (the test runs without the DOM types). */
interface TableNode {
  readonly textContent: string | null;
  getAttribute(name: string): string | null;
  querySelector(selector: string): TableNode | null;
  querySelectorAll(selector: string): Iterable<TableNode> & { readonly length: number };
}

interface OpenedDocument {
  readonly documentElement: { readonly scrollWidth: number; readonly clientWidth: number };
  querySelector(selector: string): { getBoundingClientRect(): { readonly right: number } } | null;
  querySelectorAll(selector: string): Iterable<{ open: boolean }> & { readonly length: number };
}

interface TableDocument {
  getElementById(id: string): TableNode | null;
  querySelector(selector: string): TableNode | null;
}
