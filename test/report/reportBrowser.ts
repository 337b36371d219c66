import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type Browser, chromium } from 'playwright-core';
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
