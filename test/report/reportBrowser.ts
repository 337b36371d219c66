import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';
import { expect } from 'vitest';

/** Every chart of the report, by element id. */
export const REPORT_CHARTS = [
  'chart-stages',
  'chart-funnel',
  'chart-flow',
  'chart-cohorts',
  'chart-clv',
  'chart-churn',
  'chart-palive',
  'chart-tracking',
] as const;

/** Debian's chromium: the report is checked in a real browser, headless and offline. */
const CHROMIUM = '/usr/bin/chromium';

/** Headless Chromium for the report tests; close it in `afterAll`. */
export function launchReportBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** The page of a report written to a file in `dir`; fails the test on any script error. */
export async function openReport(browser: Browser, dir: string, html: string, width = 1280) {
  const path = join(dir, `report-${Math.random().toString(36).slice(2)}.html`);
  await writeFile(path, html);
  const page = await browser.newPage({ viewport: { width, height: 900 } });
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(error.message));
  await page.goto(pathToFileURL(path).href, { waitUntil: 'load' });
  expect(problems).toEqual([]);
  return page;
}

/**
 * The pairs of labels drawn over each other in the charts: each SVG text as the rectangle it
 * fills on screen, turned as it is drawn (a rotated axis label's box is not its bounding box),
 * and two overlapping by more than `tolerance` px along every axis that could separate them.
 * A text's box holds its line's room above and below the glyphs (some 3 px of 12 px digits),
 * so boxes that touch by that much look apart: the y axis's 0 beside the x axis's first label.
 */
export function overlappingLabels(page: Page, ids: readonly string[], tolerance = 4) {
  return page.evaluate(
    ({ ids, tolerance }) => {
      type Point = { x: number; y: number };
      interface Label {
        textContent: string | null;
        getBBox(): { x: number; y: number; width: number; height: number };
        getScreenCTM(): { a: number; b: number; c: number; d: number; e: number; f: number };
      }
      const scope = globalThis as unknown as {
        document: { querySelectorAll(selector: string): Iterable<Label> };
      };
      const corners = (label: Label): Point[] => {
        const box = label.getBBox();
        const m = label.getScreenCTM();
        return [
          [box.x, box.y],
          [box.x + box.width, box.y],
          [box.x + box.width, box.y + box.height],
          [box.x, box.y + box.height],
        ].map(([x, y]) => ({
          x: m.a * (x as number) + m.c * (y as number) + m.e,
          y: m.b * (x as number) + m.d * (y as number) + m.f,
        }));
      };
      // Separating axes of two rectangles: their edges' normals. Overlap is the least depth.
      const depth = (p: Point[], q: Point[]) => {
        let least = Number.POSITIVE_INFINITY;
        for (const shape of [p, q]) {
          for (let i = 0; i < 2; i++) {
            const a = shape[i] as Point;
            const b = shape[i + 1] as Point;
            const length = Math.hypot(b.x - a.x, b.y - a.y) || 1;
            const axis = { x: -(b.y - a.y) / length, y: (b.x - a.x) / length };
            const span = (s: Point[]) => s.map((v) => v.x * axis.x + v.y * axis.y);
            const [sp, sq] = [span(p), span(q)];
            const overlap =
              Math.min(Math.max(...sp), Math.max(...sq)) -
              Math.max(Math.min(...sp), Math.min(...sq));
            least = Math.min(least, overlap);
          }
        }
        return least;
      };
      const found: string[] = [];
      for (const id of ids) {
        const labels = [...scope.document.querySelectorAll(`#${id} svg text`)]
          .filter((label) => (label.textContent ?? '').trim() !== '')
          .map((label) => ({ text: label.textContent, shape: corners(label) }));
        labels.forEach((one, i) => {
          for (const other of labels.slice(i + 1)) {
            if (depth(one.shape, other.shape) > tolerance)
              found.push(`${id}: "${one.text}" over "${other.text}"`);
          }
        });
      }
      return found;
    },
    { ids, tolerance },
  );
}
