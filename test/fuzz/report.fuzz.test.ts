import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { EventInput } from '../../src/events/TenureEvent.js';
import { createMemoryLog } from '../../src/log/createMemoryLog.js';
import { createMemoryKeyStore } from '../../src/privacy/createMemoryKeyStore.js';
import { createPrivateLog } from '../../src/privacy/createPrivateLog.js';
import { buildReportData } from '../../src/report/buildReportData.js';
import { projectWithValues } from '../../src/report/projectWithValues.js';
import { readEchartsScript } from '../../src/report/readEchartsScript.js';
import { renderReport } from '../../src/report/renderReport.js';
import { reportClientScript } from '../../src/report/reportClientScript.js';
import { findNonFinite } from './findNonFinite.js';
import { plausibleLogArbitrary } from './plausibleLogArbitrary.js';

/** The report without the inlined chart library and drawing script (their code says NaN). */
function reportText(html: string): string {
  return html.replace(readEchartsScript(), '').replace(reportClientScript, '');
}

/** Personal data of each customer, with a marker no other text contains. */
function profiles(events: readonly EventInput[], at: number): EventInput[] {
  const customers = [...new Set(events.map((event) => event.customerId))];
  return customers.flatMap((customerId, i) => [
    {
      id: `profile-${customerId}`,
      type: 'customer.profile',
      customerId,
      at,
      data: {
        name: `Name-${customerId}-zq${i}`,
        email: `mail-${customerId}-zq${i}@example.com`,
        phone: `+41 ${i} zq`,
        address: `Street-${customerId}-zq${i}`,
      },
    },
    {
      id: `review-${customerId}`,
      type: 'review',
      customerId,
      at,
      data: { rating: 4, text: `Review-${customerId}-zq${i}` },
    },
  ]);
}

describe('fuzz: the HTML report of plausible logs', () => {
  it('shows no NaN or Infinity, in its data or its text', async () => {
    await fc.assert(
      fc.asyncProperty(plausibleLogArbitrary(), fc.string(), async (log, title) => {
        const memory = createMemoryLog();
        await memory.append(log.events);
        const valued = await projectWithValues(
          memory,
          log.asOf === undefined ? {} : { asOf: log.asOf },
        );
        const data = buildReportData(valued, { title });
        expect(findNonFinite(data)).toEqual([]);
        const text = reportText(renderReport(data));
        // The title is the user's text: leave it out of the search.
        expect(text.split(title.length > 0 ? title : '\u0000').join('')).not.toMatch(
          /NaN|Infinity/,
        );
      }),
      { numRuns: 20 },
    );
  });

  it('holds no personal data of forgotten customers', async () => {
    await fc.assert(
      fc.asyncProperty(
        plausibleLogArbitrary().filter((log) => log.events.length > 0),
        fc.array(fc.nat(40), { minLength: 1, maxLength: 5 }),
        async (log, picks) => {
          const times = log.events.map((event) => Number(event.at));
          const first = Math.min(...times);
          const last = Math.max(...times);
          const personal = profiles(log.events, first);
          const privateLog = createPrivateLog(createMemoryLog(), {
            keyStore: createMemoryKeyStore(),
          });
          await privateLog.append([...log.events, ...personal]);
          const customers = [...new Set(log.events.map((event) => event.customerId))];
          const forgotten = new Set(picks.map((pick) => customers[pick % customers.length]));
          for (const customerId of forgotten)
            await privateLog.forget(customerId as string, { at: last, reason: 'gdpr-request' });

          const valued = await projectWithValues(privateLog, { asOf: last });
          const html = renderReport(buildReportData(valued));
          for (const event of personal) {
            if (!forgotten.has(event.customerId)) continue;
            for (const value of Object.values(event.data as Record<string, unknown>)) {
              if (typeof value === 'string' && value.includes('zq'))
                expect(html).not.toContain(value);
            }
          }
        },
      ),
      { numRuns: 10 },
    );
  });
});
