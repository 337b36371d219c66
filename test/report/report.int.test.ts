import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryLog } from '../../src/log/createMemoryLog.js';
import { fourProcessesLifecycle } from '../../src/machines/presets/fourProcessesLifecycle.js';
import { relationshipJourneyLifecycle } from '../../src/machines/presets/relationshipJourneyLifecycle.js';
import { createLifecycle } from '../../src/projection/createLifecycle.js';
import { buildReportData } from '../../src/report/buildReportData.js';
import { projectWithValues } from '../../src/report/projectWithValues.js';
import type { ReportData } from '../../src/report/ReportData.js';
import { renderReport } from '../../src/report/renderReport.js';
import { generateSampleBusiness } from '../../src/sample/generateSampleBusiness.js';
import {
  launchReportBrowser,
  openReport,
  overlappingLabels,
  REPORT_CHARTS,
} from './reportBrowser.js';

const artifacts = fileURLToPath(new URL('../artifacts/', import.meta.url));
const HOSTILE_ID = '</script><img src=x onerror="window.pwned=1">';

/** What the test reads in the page (the test runs without the DOM types). */
interface PageGlobals {
  readonly tenureCharts: Record<
    string,
    | {
        getOption(): {
          series?: readonly { data?: readonly unknown[]; smooth?: boolean | number }[];
        };
      }
    | undefined
  >;
  readonly document: {
    getElementById(id: string): {
      querySelectorAll(selector: string): { readonly length: number };
      getBoundingClientRect(): { readonly height: number };
    } | null;
  };
  readonly pwned?: number;
}

let dir: string;
let browser: Browser;
let reportPath: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tenure-report-'));
  const log = createMemoryLog();
  const events = [
    ...generateSampleBusiness({
      seed: 3,
      customers: 600,
      start: '2023-01-01',
      end: '2025-01-01',
      currency: 'USD',
    }),
  ];
  // A customer id from a user's file that tries to break out of the embedded JSON.
  await log.append([
    ...events,
    {
      id: 'hostile-1',
      type: 'purchase',
      customerId: HOSTILE_ID,
      at: '2024-03-01T10:00:00Z',
      data: { orderId: 'o1', amount: 9000, currency: 'USD' },
    },
    {
      id: 'hostile-2',
      type: 'purchase',
      customerId: HOSTILE_ID,
      at: '2024-06-01T10:00:00Z',
      data: { orderId: 'o2', amount: 9000, currency: 'USD' },
    },
  ]);
  const valued = await projectWithValues(log, { asOf: '2025-01-01T00:00:00Z' });
  reportPath = join(dir, 'report.html');
  await writeFile(
    reportPath,
    renderReport(buildReportData(valued, { title: 'Sample <business>' })),
  );
  browser = await launchReportBrowser();
});

afterAll(async () => {
  await browser?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('the HTML report in headless Chromium', () => {
  it('draws every chart with data, offline, without errors, and escapes customer ids', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const problems: string[] = [];
    const requests: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`page: ${error.message}`));
    page.on('request', (request) => requests.push(request.url()));
    await page.goto(pathToFileURL(reportPath).href, { waitUntil: 'load' });

    const charts = await page.evaluate((ids) => {
      const scope = globalThis as unknown as PageGlobals;
      const registry = scope.tenureCharts;
      return ids.map((id) => {
        const chart = registry[id];
        const series = chart?.getOption().series ?? [];
        const element = scope.document.getElementById(id);
        return {
          id,
          exists: chart !== undefined,
          points: series.reduce((sum, one) => sum + (one.data?.length ?? 0), 0),
          drawn: element?.querySelectorAll('svg path, svg rect, svg text').length ?? 0,
          height: element?.getBoundingClientRect().height ?? 0,
        };
      });
    }, REPORT_CHARTS);
    for (const chart of charts) {
      expect(chart, chart.id).toMatchObject({ exists: true });
      expect(chart.points, `${chart.id} has series data`).toBeGreaterThan(0);
      expect(chart.drawn, `${chart.id} drew SVG elements`).toBeGreaterThan(10);
      expect(chart.height, `${chart.id} has room`).toBeGreaterThan(200);
    }
    expect(problems).toEqual([]);
    expect(requests.filter((url) => !url.startsWith('file://'))).toEqual([]);

    // The hostile id is shown as text in the top-CLV table, never run as markup.
    expect(await page.evaluate(() => (globalThis as unknown as PageGlobals).pwned)).toBeUndefined();
    expect(
      await page.locator('#table-top tbody tr').first().locator('td').first().textContent(),
    ).toBe(HOSTILE_ID);
    expect(await page.locator('h1').textContent()).toBe('Sample <business>');
    expect(await page.locator('#table-risk tbody tr').count()).toBe(10);

    // Cohort retention is known at month ends only: straight lines between them, no smoothing
    // that draws values no cohort had.
    const smoothed = await page.evaluate(
      () =>
        (
          (globalThis as unknown as PageGlobals).tenureCharts['chart-cohorts']?.getOption()
            .series ?? []
        ).filter(
          (series) => series.smooth !== undefined && series.smooth !== false && series.smooth !== 0,
        ).length,
    );
    expect(smoothed).toBe(0);

    await mkdir(artifacts, { recursive: true });
    await page.screenshot({ path: join(artifacts, 'report.png'), fullPage: true });
    await page.close();
  });

  it('says in place of each empty chart and table why it is empty, and names the unfitted model', async () => {
    // Two customers: too few to fit the purchase model (no churn risk, no CLV).
    const log = createMemoryLog();
    await log.append(
      ['ann', 'bea'].flatMap((customerId, i) => [
        purchase(`${customerId}-1`, customerId, `2024-0${1 + i}-05T10:00:00Z`),
        purchase(`${customerId}-2`, customerId, `2024-0${3 + i}-05T10:00:00Z`),
      ]),
    );
    const page = await open(renderReport(buildReportData(await projectWithValues(log))));
    for (const id of ['chart-clv', 'chart-churn', 'chart-palive', 'chart-tracking']) {
      expect(await page.locator(`#${id}`).textContent(), id).toContain('too little data');
      expect(await page.locator(`#${id}`).getAttribute('role'), id).toBeNull();
    }
    expect(await page.locator('#table-top tbody').textContent()).toContain('too little data');
    expect(
      await page.locator('section', { has: page.locator('#chart-palive') }).textContent(),
    ).not.toContain('0 weeks ago');
    expect(await page.locator('.kpi .value').last().textContent()).toBe('-');
    expect(await page.locator('footer').textContent()).toContain('too little data');
    expect(await page.locator('footer').textContent()).not.toContain('No purchases yet');
    // Customer equity is unknown, not 0.
    expect(await page.locator('.kpi .value').first().textContent()).toBe('-');
    await page.close();
  });

  it('reports an empty log as having no events, not as of 1970, with a word in every chart', async () => {
    const page = await open(
      renderReport(buildReportData(await projectWithValues(createMemoryLog()))),
    );
    expect(await page.locator('header p').textContent()).not.toContain('1970');
    expect(await page.locator('header p').textContent()).toMatch(/no events yet/i);
    for (const id of REPORT_CHARTS) {
      expect((await page.locator(`#${id}`).textContent())?.trim(), id).not.toBe('');
    }
    expect(await page.locator('#table-risk tbody').textContent()).not.toBe('');
    await page.close();
  });
});

describe('the report of a lifecycle without active stages', () => {
  it('says in the cohort chart that there are no active stages to follow', async () => {
    const log = createMemoryLog();
    await log.append([...generateSampleBusiness({ seed: 1, customers: 200 })]);
    const lifecycle = createLifecycle({ definition: relationshipJourneyLifecycle });
    const page = await open(
      renderReport(buildReportData(await projectWithValues(log, { lifecycle }))),
    );
    expect(await page.locator('#chart-cohorts').textContent()).toContain(
      'names no active stages to follow',
    );
    await page.close();
  });
});

describe('the cohort chart', () => {
  it('draws each of its twelve cohorts in a colour of its own', async () => {
    const page = await browser.newPage();
    await page.goto(pathToFileURL(reportPath).href, { waitUntil: 'load' });
    const colours = await page.evaluate(() => {
      const chart = (globalThis as unknown as PageGlobals).tenureCharts[
        'chart-cohorts'
      ] as unknown as {
        getOption(): { series: unknown[] };
        getVisual(finder: { seriesIndex: number }, visual: 'color'): string;
      };
      return chart
        .getOption()
        .series.map((_, seriesIndex) => chart.getVisual({ seriesIndex }, 'color'));
    });
    expect(colours.length).toBe(12);
    expect(new Set(colours).size).toBe(12);
    await page.close();
  });
});

describe('the cohort of the last month', () => {
  it('is drawn as a point: one month of retention makes no line', async () => {
    const page = await browser.newPage();
    await page.goto(pathToFileURL(reportPath).href, { waitUntil: 'load' });
    const last = await page.evaluate(() => {
      const chart = (globalThis as unknown as PageGlobals).tenureCharts['chart-cohorts'];
      const series = (chart?.getOption().series ?? []) as {
        name: string;
        data: unknown[];
        showSymbol: boolean;
      }[];
      const { name, data, showSymbol } = series.at(-1) ?? { name: '', data: [], showSymbol: false };
      return { name, points: data.length, showSymbol };
    });
    // As of 1 January, December's customers have their month 0 only: it was in the legend and
    // nowhere in the plot.
    expect(last).toMatchObject({ points: 1, showSymbol: true });
    expect(last.name).toMatch(/^2024-12 /);
    await page.close();
  });
});

describe('the tooltips of the report', () => {
  it("show a lifecycle's stage names as text, and P(alive)'s weeks as the axis shows them", async () => {
    const sample = await smallSample();
    // A lifecycle of the user's own names its stages: the name reaches the tooltips.
    const hostile = '<img src=x onerror="window.pwned=1">';
    const renamed = (stage: string) => (stage === 'lead' ? hostile : stage);
    const data = {
      ...sample,
      // One person in the renamed stage, one customer in the first CLV bin: said in the singular.
      stages: sample.stages.map((s) => ({
        ...s,
        stage: renamed(s.stage),
        count: s.stage === 'lead' ? 1 : s.count,
      })),
      clvHistogram: {
        ...sample.clvHistogram,
        counts: sample.clvHistogram.counts.map((n, i) => (i === 0 ? 1 : n)),
      },
      funnel: sample.funnel.map((s) => ({ ...s, from: renamed(s.from), to: renamed(s.to) })),
      stageFlow: {
        months: sample.stageFlow.months,
        counts: Object.fromEntries(
          Object.entries(sample.stageFlow.counts).map(([stage, counts]) => [
            renamed(stage),
            counts,
          ]),
        ),
      },
    };
    const page = await open(renderReport(data));
    const tip = async (id: string, dataIndex: number) => {
      await page.evaluate(
        ({ id, dataIndex }) => {
          const chart = (globalThis as unknown as PageGlobals).tenureCharts[id] as unknown as {
            dispatchAction(action: object): void;
          };
          chart.dispatchAction({ type: 'showTip', seriesIndex: 0, dataIndex });
        },
        { id, dataIndex },
      );
      return page.locator(`#${id} > div:last-child`).textContent();
    };
    const lead = sample.stages.findIndex((s) => s.stage === 'lead');
    expect(await tip('chart-stages', lead)).toBe(`${hostile}: 1 person`);
    expect(await tip('chart-clv', 0)).toMatch(/: 1 customer$/);
    expect(await tip('chart-clv', 1)).toMatch(/: [\d,]+ customers$/);
    expect(await tip('chart-funnel', 0)).toContain(`prospect \u2192 ${hostile}`);
    expect(await tip('chart-flow', 5)).toContain(hostile);
    expect(await page.evaluate(() => (globalThis as unknown as PageGlobals).pwned)).toBeUndefined();
    const grid = sample.pAliveGrid as NonNullable<ReportData['pAliveGrid']>;
    const cell = grid.cells.findIndex(([r]) => !Number.isInteger(grid.recency[r]));
    const [r] = grid.cells[cell] as [number, number, number];
    expect(await tip('chart-palive', cell)).toContain(
      `last at week ${Math.round(grid.recency[r] as number)}P(alive)`,
    );
    await page.close();
  });
});

describe('the report for a screen reader', () => {
  it('names its tables, describes each chart and reads out the stage counts', async () => {
    const page = await browser.newPage();
    await page.goto(pathToFileURL(reportPath).href, { waitUntil: 'load' });
    expect(await page.getByRole('table', { name: 'Most valuable customers' }).count()).toBe(1);
    expect(await page.getByRole('table', { name: 'Most at risk' }).count()).toBe(1);
    expect(await page.getByRole('columnheader', { name: 'churn risk' }).count()).toBe(2);
    const described = await page.evaluate(() => {
      const doc = (globalThis as unknown as { document: DescribedDocument }).document;
      const chart = doc.getElementById('chart-funnel');
      const by = chart?.getAttribute('aria-describedby');
      return by ? doc.getElementById(by)?.textContent : undefined;
    });
    expect(described).toMatch(/^Of the people who reached a stage/);
    const label = await page.locator('#chart-stages').getAttribute('aria-label');
    expect(label).toMatch(/^Customers per stage: prospect [\d,]+, lead [\d,]+, /);
    await page.close();
  });
});

interface DescribedDocument {
  getElementById(id: string): {
    readonly textContent: string | null;
    getAttribute(name: string): string | null;
  } | null;
}

describe('stage colours of the preset lifecycles', () => {
  it('draws only churn stages red: dropped out is red, loyal customer is not', async () => {
    const log = createMemoryLog();
    await log.append([...generateSampleBusiness({ seed: 1, customers: 200 })]);
    const colours = async (
      definition: typeof relationshipJourneyLifecycle | typeof fourProcessesLifecycle,
    ) => {
      const lifecycle = createLifecycle({ definition });
      const page = await open(
        renderReport(buildReportData(await projectWithValues(log, { lifecycle }))),
      );
      const byStage = await stageColours(page);
      await page.close();
      return byStage;
    };
    const journey = await colours(relationshipJourneyLifecycle);
    expect(isRed(journey['dropped out']!), 'dropped out').toBe(true);
    for (const [stage, colour] of Object.entries(journey)) {
      if (stage !== 'dropped out') expect(isRed(colour), stage).toBe(false);
    }
    const four = await colours(fourProcessesLifecycle);
    for (const [stage, colour] of Object.entries(four)) expect(isRed(colour), stage).toBe(false);
  });
});

describe("the stage colours of a lifecycle's own stage names", () => {
  it('give a stage named like a property of every object (constructor, toString) a colour of its own', async () => {
    const sample = await smallSample();
    const names: Record<string, string> = { lead: 'constructor', opportunity: 'toString' };
    const renamed = (stage: string) => names[stage] ?? stage;
    const data = {
      ...sample,
      stages: sample.stages.map((s) => ({ ...s, stage: renamed(s.stage) })),
      funnel: sample.funnel.map((s) => ({ ...s, from: renamed(s.from), to: renamed(s.to) })),
    };
    const page = await open(renderReport(data));
    const colours = await stageColours(page);
    // They were Object's constructor and toString functions, drawn as no colour at all.
    expect(colours.constructor).toMatch(/^#[0-9a-f]{6}$/);
    expect(colours.toString).toMatch(/^#[0-9a-f]{6}$/);
    await page.close();
  });
});

/** Each stage's colour in the stage chart, as text (what ECharts was given, whatever it was). */
function stageColours(page: Page): Promise<Record<string, string>> {
  return page.evaluate(() => {
    const chart = (globalThis as unknown as PageGlobals).tenureCharts['chart-stages'];
    const option = chart?.getOption() as unknown as {
      xAxis: { data: string[] }[];
      series: { data: { itemStyle: { color: unknown } }[] }[];
    };
    return Object.fromEntries(
      option.xAxis[0]!.data.map((stage, i) => [
        stage,
        String(option.series[0]!.data[i]!.itemStyle.color),
      ]),
    );
  });
}

/** Red or orange-red: the colours that say "lost" in the report. */
function isRed(hex: string): boolean {
  const [r, g, b] = [1, 3, 5].map((i) => Number.parseInt(hex.slice(i, i + 2), 16)) as [
    number,
    number,
    number,
  ];
  return r > 180 && r - g > 80 && r - b > 80;
}

describe('the report at 1280, 800 and 390 (a phone) pixels wide', () => {
  for (const width of [1280, 800, 390]) {
    it(`fits ${width} px: a long title and customer id wrap, dates stay on one line, every legend item shows`, async () => {
      const log = createMemoryLog();
      const longId = `customer-${'x'.repeat(120)}`;
      await log.append([
        ...generateSampleBusiness({ seed: 3, customers: 400, currency: 'USD' }),
        ...['2024-02-01', '2024-05-01', '2024-08-01'].map((day, i) =>
          purchase(`long-${i}`, longId, `${day}T10:00:00Z`, 9000),
        ),
      ]);
      const html = renderReport(
        buildReportData(await projectWithValues(log), { title: `Q4 ${'review'.repeat(40)}` }),
      );
      const page = await open(html, width);
      const layout = await page.evaluate(() => {
        const doc = (globalThis as unknown as { document: LayoutDocument }).document;
        const lines = (cell: LayoutElement) => {
          const range = doc.createRange();
          range.selectNodeContents(cell);
          return range.getClientRects().length;
        };
        const pagers = (id: string) =>
          [...(doc.getElementById(id)?.querySelectorAll('svg text') ?? [])].filter((text) =>
            /^\d+\/\d+$/.test(text.textContent ?? ''),
          ).length;
        return {
          overflow: doc.documentElement.scrollWidth - doc.documentElement.clientWidth,
          dateLines: [...doc.querySelectorAll('#table-top tbody td:last-child')].map(lines),
          pagers: pagers('chart-flow') + pagers('chart-cohorts'),
        };
      });
      expect(layout.overflow).toBeLessThanOrEqual(0);
      expect(layout.dateLines.length).toBe(10);
      expect(layout.dateLines.every((count) => count === 1)).toBe(true);
      expect(layout.pagers).toBe(0);
      await page.close();
    });
  }
});

describe('the labels of the charts', () => {
  for (const width of [1280, 390]) {
    it(`are not drawn over each other at ${width} px: axis labels, bar labels, legends`, async () => {
      const page = await browser.newPage({ viewport: { width, height: 900 } });
      await page.goto(pathToFileURL(reportPath).href, { waitUntil: 'load' });
      expect(await overlappingLabels(page, REPORT_CHARTS)).toEqual([]);
      await page.close();
    });
  }
});

describe('the counts over the stage bars on a phone', () => {
  it('stand upright where side by side they would run into each other', async () => {
    const sample = await smallSample();
    // Four-digit counts of bars about as tall as each other: at 390 px each bar has 18 px.
    const data = {
      ...sample,
      stages: sample.stages.map((s, i) => ({ ...s, count: 1200 + 37 * i })),
    };
    const page = await open(renderReport(data), 390);
    expect(await overlappingLabels(page, ['chart-stages'])).toEqual([]);
    await page.close();
  });
});

describe('the CLV chart', () => {
  for (const width of [1280, 390]) {
    it(`labels its open-ended last bar ("1,900+") at ${width} px, whatever labels it leaves out`, async () => {
      const sample = await smallSample();
      // Twenty bins of 100, as CDNOW's: the axis showed 0, 300, ... 1,800 and the last bar,
      // 1,900 and more, read as one of 1,900 to 2,000.
      const edges = Array.from({ length: 21 }, (_, i) => i * 100);
      const counts = Array.from({ length: 20 }, (_, i) => (i === 19 ? 50 : 400 - 20 * i));
      const page = await open(renderReport({ ...sample, clvHistogram: { edges, counts } }), width);
      const texts = await page.locator('#chart-clv svg text').allTextContents();
      expect(texts).toContain('1,900+');
      expect(await overlappingLabels(page, ['chart-clv'])).toEqual([]);
      await page.close();
    });
  }
});

describe('the report when the window narrows or the page is printed', () => {
  it('redraws every chart to the narrower width: nothing is cut off at the right', async () => {
    const page = await open(renderReport(await smallSample()));
    // Print pages are narrower than a desktop window; the page redraws on beforeprint.
    await page.emulateMedia({ media: 'print' });
    await page.setViewportSize({ width: 700, height: 900 });
    await page.evaluate(() =>
      (globalThis as unknown as { dispatchEvent(event: Event): void }).dispatchEvent(
        new Event('beforeprint'),
      ),
    );
    const widths = await page.evaluate((ids) => {
      const doc = (globalThis as unknown as { document: WidthDocument }).document;
      return {
        page: doc.documentElement.clientWidth,
        scroll: doc.documentElement.scrollWidth,
        charts: ids.map(
          (id) => doc.querySelector(`#${id} svg`)?.getBoundingClientRect().right ?? 0,
        ),
      };
    }, REPORT_CHARTS);
    expect(widths.scroll).toBeLessThanOrEqual(widths.page);
    for (const right of widths.charts) expect(right).toBeLessThanOrEqual(widths.page);
    await page.close();
  });
});

interface WidthDocument {
  readonly documentElement: { readonly scrollWidth: number; readonly clientWidth: number };
  querySelector(selector: string): { getBoundingClientRect(): { readonly right: number } } | null;
}

interface LayoutElement {
  readonly textContent: string | null;
  querySelectorAll(selector: string): Iterable<LayoutElement>;
}

interface LayoutDocument {
  readonly documentElement: { readonly scrollWidth: number; readonly clientWidth: number };
  getElementById(id: string): LayoutElement | null;
  querySelectorAll(selector: string): Iterable<LayoutElement>;
  createRange(): {
    selectNodeContents(node: LayoutElement): void;
    getClientRects(): { readonly length: number };
  };
}

function purchase(id: string, customerId: string, at: string, amount = 40) {
  return {
    id,
    type: 'purchase',
    customerId,
    at,
    data: { orderId: id, amount, currency: 'USD' },
  };
}

let small: Promise<ReportData> | undefined;

/** The report data of a sample business of 300 people (seed 3, USD), built once. */
function smallSample(): Promise<ReportData> {
  small ??= (async () => {
    const log = createMemoryLog();
    await log.append([...generateSampleBusiness({ seed: 3, customers: 300, currency: 'USD' })]);
    return buildReportData(await projectWithValues(log));
  })();
  return small;
}

/** The page of a report, loaded from a file; fails the test on any script error. */
function open(html: string, width = 1280) {
  return openReport(browser, dir, html, width);
}
