import { describe, expect, it } from 'vitest';
import { createMemoryLog } from '../../src/log/createMemoryLog.js';
import { fourProcessesLifecycle } from '../../src/machines/presets/fourProcessesLifecycle.js';
import { relationshipJourneyLifecycle } from '../../src/machines/presets/relationshipJourneyLifecycle.js';
import { createLifecycle } from '../../src/projection/createLifecycle.js';
import { buildReportData } from '../../src/report/buildReportData.js';
import { projectWithValues } from '../../src/report/projectWithValues.js';
import { renderReport } from '../../src/report/renderReport.js';
import { generateSampleBusiness } from '../../src/sample/generateSampleBusiness.js';

describe('buildReportData', () => {
  it('reports an empty log as nobody, without throwing', async () => {
    const data = buildReportData(await projectWithValues(createMemoryLog()));
    expect(data).toMatchObject({ events: 0, people: 0, buyers: 0, cohorts: [], model: null });
    expect(renderReport(data)).toContain('No purchases yet');
  });

  it('counts subscribers who never made a purchase as customers, and the active share of them', async () => {
    // Three monthly subscribers (started 10 January, renewed to June) and one buyer (1 May).
    const log = createMemoryLog();
    await log.append([
      ...['s1', 's2', 's3'].flatMap((id) => [
        {
          id: `${id}-start`,
          type: 'subscription.started',
          customerId: id,
          at: '2024-01-10T00:00:00Z',
          data: { subscriptionId: id, plan: 'pro', amount: 20, currency: 'EUR', interval: 'month' },
        },
        ...[2, 3, 4, 5, 6].map((month) => ({
          id: `${id}-renewed-${month}`,
          type: 'subscription.renewed',
          customerId: id,
          at: `2024-0${month}-10T00:00:00Z`,
          data: { subscriptionId: id, amount: 20, currency: 'EUR' },
        })),
      ]),
      {
        id: 'b-1',
        type: 'purchase',
        customerId: 'b',
        at: '2024-05-01T00:00:00Z',
        data: { orderId: 'b1', amount: 30, currency: 'EUR' },
      },
    ]);
    const data = buildReportData(await projectWithValues(log, { asOf: '2024-06-30' }));
    // All four are active customers; one of them bought.
    expect(data).toMatchObject({ people: 4, buyers: 1, customers: 4, active: 4 });
    const html = renderReport(data);
    // It read "Customers 1" and "Active now 4, 400 % of customers".
    expect(html).toMatch(/Customers<\/[^>]+>\s*<[^>]+>4<\/[^>]+>\s*<[^>]+>of 4 people reached/);
    expect(html).toContain('100 % of customers');
  });

  it('says 1 event, 1 person, not 1 events, 1 people, in the header and the key figures', async () => {
    const log = createMemoryLog();
    await log.append([
      {
        id: 'only',
        type: 'purchase',
        customerId: 'ann',
        at: '2024-05-01T00:00:00Z',
        data: { orderId: 'o1', amount: 30, currency: 'EUR' },
      },
    ]);
    const html = renderReport(buildReportData(await projectWithValues(log)));
    expect(html).toContain('&middot; 1 event &middot; 1 person</p>');
    expect(html).toContain('of 1 person reached');
    expect(html).not.toMatch(/\b1 (events|people)\b/);
  });

  it('ends the stage flow with the last month that has begun: as of midnight on 1 January, December', async () => {
    const log = createMemoryLog();
    await log.append(
      ['2024-11-05', '2024-12-05'].map((day, i) => ({
        id: `p${i}`,
        type: 'purchase',
        customerId: 'ann',
        at: `${day}T10:00:00Z`,
        data: { orderId: `o${i}`, amount: 30, currency: 'EUR' },
      })),
    );
    const data = buildReportData(await projectWithValues(log, { asOf: '2025-01-01T00:00:00Z' }));
    // It ended with a '2025-01' column of no time at all, a copy of December's.
    expect(data.stageFlow.months).toEqual(['2024-11', '2024-12']);
    // December's count is the one at asOf: the stage chart's.
    for (const { stage, count } of data.stages) {
      expect(data.stageFlow.counts[stage]?.at(-1), stage).toBe(count);
    }
    // A moment into January, January has a column.
    const later = buildReportData(await projectWithValues(log, { asOf: '2025-01-01T00:00:01Z' }));
    expect(later.stageFlow.months).toEqual(['2024-11', '2024-12', '2025-01']);
  });

  it('names the currency of CLV in the customer tables, as the key figures and the CLV chart do, and the high-risk band in words', async () => {
    const log = createMemoryLog();
    await log.append([...generateSampleBusiness({ seed: 1, customers: 200, currency: 'USD' })]);
    const html = renderReport(buildReportData(await projectWithValues(log)));
    // Both tables, Most valuable customers and Most at risk.
    expect(html.match(/<th scope="col" class="num">CLV \(USD\)<\/th>/g)?.length).toBe(2);
    // In words a reader (and a screen reader) takes in, not '>= 70 %'.
    expect(html).toContain('churn risk of 70 % or more, ');
  });

  it("charts the lifecycle's funnel: prospect to advocate, no step into at risk, churned or lost", async () => {
    const log = createMemoryLog();
    await log.append([...generateSampleBusiness({ seed: 1, customers: 200 })]);
    const steps = buildReportData(await projectWithValues(log)).funnel.map(
      (step) => `${step.from} -> ${step.to}`,
    );
    expect(steps).toEqual([
      'prospect -> lead',
      'lead -> opportunity',
      'opportunity -> new customer',
      'new customer -> repeat',
      'repeat -> loyal',
      'loyal -> advocate',
    ]);
  });

  it('reports a portfolio of 200,000 customers, as many as Math.min(...) cannot take', async () => {
    const log = createMemoryLog();
    await log.append([...generateSampleBusiness({ seed: 1, customers: 200 })]);
    const valued = await projectWithValues(log);
    // The sample's customers 1,000 times over: what a large portfolio brings to the report.
    const customers = Array.from({ length: 1000 }, () => valued.projection.customers).flat();
    const large = buildReportData({
      ...valued,
      projection: { ...valued.projection, customers },
    });
    const small = buildReportData(valued);
    expect(large.people).toBe(200_000);
    expect(large.stageFlow.months).toEqual(small.stageFlow.months);
    expect(large.pAliveGrid?.age).toBe(small.pAliveGrid?.age);
    expect(large.stageFlow.counts.loyal?.at(-1)).toBe(1000 * small.stageFlow.counts.loyal!.at(-1)!);
  });

  it('says how many of the high-risk customers are still in an active stage (the rest are already churned)', async () => {
    const log = createMemoryLog();
    await log.append([...generateSampleBusiness({ seed: 1, customers: 400 })]);
    const valued = await projectWithValues(log);
    const { customers, activeStages = [] } = valued.projection;
    const high = customers.filter((customer) => customer.churnRisk?.band === 'high');
    const active = high.filter((customer) => activeStages.includes(customer.stage));
    expect(high.length).toBeGreaterThan(active.length);
    const html = renderReport(buildReportData(valued));
    const kpi =
      /At high risk<\/div><div class="value">([\d,]+)<\/div><div class="note">([^<]*)</.exec(html);
    expect(kpi?.[1]).toBe(String(high.length));
    expect(kpi?.[2]).toContain(`${active.length} of them in an active stage`);
  });

  it('says a lifecycle without active stages has none, rather than reporting 0 active and no cohorts yet', async () => {
    const log = createMemoryLog();
    await log.append([...generateSampleBusiness({ seed: 1, customers: 300 })]);
    const lifecycle = createLifecycle({ definition: relationshipJourneyLifecycle });
    const html = renderReport(buildReportData(await projectWithValues(log, { lifecycle })));
    const activeNow =
      /Active now<\/div><div class="value">([^<]*)<\/div><div class="note">([^<]*)</.exec(html);
    expect(activeNow?.[1]).toBe('-');
    expect(activeNow?.[2]).toContain('names no active stages');
    expect(html).not.toContain('of them in an active stage');
    expect(html).toContain('the lifecycle names no active stages: every customer');
  });

  it('says why some customers were not valued, next to how many were', async () => {
    const log = createMemoryLog();
    const euros = Array.from({ length: 30 }, (_, i) =>
      ['2024-02-05', '2024-06-05'].map((day, k) => ({
        id: `eur-${i}-${k}`,
        type: 'purchase',
        customerId: `eur-${i}`,
        at: `${day}T10:00:00Z`,
        data: { orderId: `eur-${i}-${k}`, amount: 60, currency: 'EUR' },
      })),
    ).flat();
    await log.append([
      ...generateSampleBusiness({ seed: 1, customers: 300, currency: 'USD' }),
      ...euros,
    ]);
    const html = renderReport(buildReportData(await projectWithValues(log)));
    const note =
      /Customer equity[^<]*<\/div><div class="value">[^<]*<\/div><div class="note">([^<]*)</.exec(
        html,
      )?.[1];
    expect(note).toMatch(/of [\d,]+ customers valued/);
    const footer = /<footer>([^<]*)<\/footer>/.exec(html)?.[1];
    expect(footer).toContain('Not valued: 30 buys in another currency than USD');
  });

  it('speaks of red churn bands in the stage flow only for a lifecycle whose churn stages are drawn red', async () => {
    const log = createMemoryLog();
    await log.append([...generateSampleBusiness({ seed: 1, customers: 100 })]);
    const flowText = (html: string) =>
      /Stage flow over time<\/h2><p class="explain"[^>]*>([^<]*)</.exec(html)?.[1];
    const byDefault = renderReport(buildReportData(await projectWithValues(log)));
    expect(flowText(byDefault)).toContain('red bands');
    const lifecycle = createLifecycle({ definition: fourProcessesLifecycle });
    const journey = renderReport(buildReportData(await projectWithValues(log, { lifecycle })));
    expect(flowText(journey)).not.toContain('red bands');
  });

  it('names the last event when the report describes a later time, so silence is not mistaken for churn', async () => {
    const log = createMemoryLog();
    await log.append([...generateSampleBusiness({ seed: 1, customers: 100, end: '2024-06-30' })]);
    const header = (html: string) => /<header>[\s\S]*?<\/header>/.exec(html)?.[0] ?? '';
    const late = renderReport(
      buildReportData(await projectWithValues(log, { asOf: '2026-12-31T23:59:59Z' })),
    );
    expect(header(late)).toMatch(/As of 2026-12-31 &middot; last event 2024-06-\d\d/);
    expect(header(renderReport(buildReportData(await projectWithValues(log))))).not.toContain(
      'last event',
    );
  });

  it('says of leads without purchases: no purchases yet, in words rather than the API', async () => {
    const log = createMemoryLog();
    await log.append(
      ['p1', 'p2'].map((customerId, i) => ({
        id: `lead-${i}`,
        type: 'lead.captured',
        customerId,
        at: '2024-03-01T10:00:00Z',
        data: {},
      })),
    );
    const data = buildReportData(await projectWithValues(log));
    expect(data.unvalued).toBe('no purchases yet');
    const kpi =
      /At high risk<\/div><div class="value">([^<]*)<\/div><div class="note">([^<]*)</.exec(
        renderReport(data),
      );
    expect(kpi?.[1]).toBe('-');
    expect(kpi?.[2]).not.toContain('of them in an active stage');
  });
});

describe('buildReportData options', () => {
  it('refuses a top that is not a whole number of rows, and a title that is not text, naming the option', async () => {
    const log = createMemoryLog();
    await log.append([...generateSampleBusiness({ seed: 1, customers: 200 })]);
    const valued = await projectWithValues(log);
    // Before: -1 listed every customer but one, 0 and NaN none (the tables then said nobody had
    // a lifetime value), 2.5 two.
    for (const top of [-1, 0, 2.5, Number.NaN]) {
      expect(() => buildReportData(valued, { top }), String(top)).toThrow(
        new TypeError(
          `buildReportData: top ${String(top)} is not an integer >= 1; pass how many customers the top-CLV and at-risk tables list (default 10).`,
        ),
      );
    }
    // Before: renderReport failed on it with "text.replace is not a function".
    expect(() => buildReportData(valued, { title: 42 as unknown as string })).toThrow(
      new TypeError(
        "buildReportData: title 42 is not a string; pass the text of the report's title.",
      ),
    );
    expect(buildReportData(valued, { top: 3 }).topClv).toHaveLength(3);
  });
});
