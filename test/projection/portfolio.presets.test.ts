import { describe, expect, it } from 'vitest';
import { isTenureError } from '../../src/errors/TenureError.js';
import { fiveStageLifecycle } from '../../src/machines/presets/fiveStageLifecycle.js';
import {
  attritionRate,
  cohortRetention,
  createLifecycle,
  funnelConversion,
  replacementNeeds,
  stageCounts,
  YEAR_MS,
} from '../../src/projection/index.js';
import { catchError } from './support/catchError.js';
import { event } from './support/storeEvents.js';

// Five customers worked through by hand, in two presets: the default lifecycle and the five
// stages. Their histories (printed in each test's first check) follow from the retention
// machine's defaults: at risk after 2 mean gaps without buying (90 days before a second
// purchase, at least 7), churned after 4. 2024 is a leap year: February has 29 days.
const DAY = 86_400_000;
const utc = (day: string) => Date.parse(`${day}T00:00:00Z`);
const order = (customerId: string, day: string, category: string) =>
  event(customerId, 'purchase', utc(day), {
    orderId: `${customerId}-${day}`,
    amount: 30,
    currency: 'EUR',
    items: [{ productId: category, category }],
  });
const events = [
  // s1: reached 5 Jan, buys 10 Jan, a second category on 20 Jan (expanded: loyal without
  // buying the same again), then silent: at risk 9 Feb (2 x 10 days), churned 29 Feb.
  event('s1', 'touchpoint', utc('2024-01-05'), { channel: 'email' }),
  order('s1', '2024-01-10', 'vinyl'),
  order('s1', '2024-01-20', 'books'),
  // s2: reached 2 Jan, a lead 4 Jan, buys monthly 1 Feb to 1 Apr (gap 30 days): at risk 31 May,
  // churned 30 July.
  event('s2', 'touchpoint', utc('2024-01-02'), { channel: 'ads' }),
  event('s2', 'lead.captured', utc('2024-01-04')),
  order('s2', '2024-02-01', 'vinyl'),
  order('s2', '2024-03-01', 'vinyl'),
  order('s2', '2024-04-01', 'vinyl'),
  // s3: reached 10 Feb, nothing more.
  event('s3', 'touchpoint', utc('2024-02-10'), { channel: 'ads' }),
  // s4: buys once on the leap day, 29 Feb: at risk 180 days later, 27 Aug.
  order('s4', '2024-02-29', 'vinyl'),
  // s5: buys 10 and 17 March (gap 7 days): at risk 31 March, churned 14 April.
  order('s5', '2024-03-10', 'vinyl'),
  order('s5', '2024-03-17', 'vinyl'),
];
const asOf = '2024-09-01';
const byDefault = createLifecycle().projectEvents(events, { asOf });
const fiveStages = createLifecycle({ definition: fiveStageLifecycle }).projectEvents(events, {
  asOf,
});

const histories = (projection: typeof byDefault | typeof fiveStages) =>
  projection.customers.map(
    (customer) =>
      `${customer.customerId}: ${customer.history
        .map((entry) => `${entry.stage} ${new Date(entry.at).toISOString().slice(0, 10)}`)
        .join(', ')}`,
  );

describe('portfolio views worked out by hand, default lifecycle', () => {
  it('starts from these histories', () => {
    expect(histories(byDefault)).toEqual([
      's1: prospect 2024-01-05, new customer 2024-01-10, loyal 2024-01-20, at risk 2024-02-09, churned 2024-02-29',
      's2: prospect 2024-01-02, lead 2024-01-04, new customer 2024-02-01, repeat 2024-03-01, at risk 2024-05-31, churned 2024-07-30',
      's3: prospect 2024-02-10',
      's4: new customer 2024-02-29, at risk 2024-08-27',
      's5: new customer 2024-03-10, repeat 2024-03-17, at risk 2024-03-31, churned 2024-04-14',
    ]);
  });

  it('counts stages at the start of 1 March, a stage entered at that instant included', () => {
    // s1 churned (29 Feb), s2 repeat (1 Mar, 00:00), s3 prospect, s4 new customer; s5 comes later.
    const { total, counts } = stageCounts(byDefault, { at: '2024-03-01' });
    expect(total).toBe(4);
    expect(counts).toMatchObject({ churned: 1, repeat: 1, prospect: 1, 'new customer': 1 });
    // Before the first event nobody is counted.
    expect(stageCounts(byDefault, { at: '2024-01-01' }).total).toBe(0);
  });

  it('converts along the funnel, the median over the customers who went on', () => {
    const steps = funnelConversion(byDefault).steps;
    // Prospects s1, s2, s3: s2 became a lead after 2 days, s1 skipped lead (bought after 5).
    expect(steps[0]).toMatchObject({ entered: 3, converted: 2, rate: 2 / 3, medianDays: 3.5 });
    // New customers s1 (loyal after 10 days: skipped repeat), s2 (repeat after 29: 1 Feb to 1
    // Mar in a leap year), s5 (after 7); s4 did not buy again. Median of 7, 10, 29.
    expect(steps[3]).toMatchObject({ entered: 4, converted: 3, rate: 0.75, medianDays: 10 });
    // Repeat buyers s2 and s5 never turned loyal; s1 is loyal, no advocate.
    expect(steps[4]).toMatchObject({ entered: 2, converted: 0, rate: 0, medianDays: undefined });
    expect(steps[5]).toMatchObject({ from: 'loyal', entered: 1, converted: 0 });
  });

  it('follows each acquisition month to the end of every month passed by asOf', () => {
    expect(cohortRetention(byDefault).cohorts).toEqual([
      // s1: loyal at the end of January, churned at the end of February (since its 00:00) on.
      // January to August: 8 month ends, the last 31 Aug 23:59:59.999, before asOf (1 Sep).
      { cohort: '2024-01', start: utc('2024-01-01'), size: 1, retention: [1, 0, 0, 0, 0, 0, 0, 0] },
      // s2 and s4: both active (s2 at risk counts) to the end of June; s2 churned on 30 July;
      // s4 at risk from 27 August, still active.
      {
        cohort: '2024-02',
        start: utc('2024-02-01'),
        size: 2,
        retention: [1, 1, 1, 1, 1, 0.5, 0.5],
      },
      // s5: at risk (active) at the end of March, churned by the end of April.
      { cohort: '2024-03', start: utc('2024-03-01'), size: 1, retention: [1, 0, 0, 0, 0, 0] },
    ]);
    // A day earlier, August has not ended: no figure for it, rather than a partial month.
    const earlier = createLifecycle().projectEvents(events, { asOf: '2024-08-31T12:00:00Z' });
    expect(cohortRetention(earlier).cohorts.map((cohort) => cohort.retention.length)).toEqual([
      7, 6, 5,
    ]);
    // On 20 March, s5's cohort (10 March) is counted, but March has not ended: no share yet.
    const inMarch = createLifecycle().projectEvents(events, { asOf: '2024-03-20' });
    expect(cohortRetention(inMarch).cohorts.at(-1)).toEqual({
      cohort: '2024-03',
      start: utc('2024-03-01'),
      size: 1,
      retention: [],
    });
  });

  it('measures attrition over the customers active at the start, and the replacements', () => {
    // 1 March to 1 September: 184 days. Active at its start: s2 (repeat from that very
    // instant) and s4. s2 churned on 30 July, s4 is at risk, still active: 1 lost of 2. s5
    // joined (10 March) and left (14 April) within the window: in neither count.
    const window = { from: '2024-03-01', to: '2024-09-01' };
    const attrition = attritionRate(byDefault, window);
    expect(attrition).toMatchObject({ activeAtStart: 2, lost: 1, rate: 0.5 });
    expect((attrition.to - attrition.from) / DAY).toBe(184);
    expect(attrition.annualRate).toBeCloseTo(1 - 0.5 ** (365.25 / 184), 12);
    // Active at 1 September: s4 alone. Half lost per 184 days is a hazard of ln 2 per 184 days.
    const needs = replacementNeeds(byDefault, window);
    expect(needs.activeBase).toBe(1);
    expect(needs.perYear).toBeCloseTo((Math.log(2) * 365.25) / 184, 12);
    expect(needs.perMonth).toBeCloseTo(needs.perYear! / 12, 12);
    // The default window is the 365.25 days before asOf, back to 2 September 2023, 18:00:
    // before anyone was active, so no rate.
    expect(attritionRate(byDefault)).toMatchObject({
      from: utc('2024-09-01') - YEAR_MS,
      activeAtStart: 0,
      rate: undefined,
    });
  });
});

describe('portfolio views worked out by hand, five stages', () => {
  it('starts from these histories: churned customers are to be reached again', () => {
    expect(histories(fiveStages)).toEqual([
      's1: reach 2024-01-05, conversion 2024-01-10, loyalty 2024-01-20, retention 2024-02-09, reach 2024-02-29',
      's2: reach 2024-01-02, acquisition 2024-01-04, conversion 2024-02-01, retention 2024-03-01, reach 2024-07-30',
      's3: reach 2024-02-10',
      's4: conversion 2024-02-29, retention 2024-08-27',
      's5: conversion 2024-03-10, retention 2024-03-17, reach 2024-04-14',
    ]);
  });

  it('counts stages at the start of 1 March', () => {
    // s1 and s3 in reach, s4 converted, s2 in retention from that instant.
    expect(stageCounts(fiveStages, { at: '2024-03-01' }).counts).toEqual({
      reach: 2,
      acquisition: 0,
      conversion: 1,
      retention: 1,
      loyalty: 0,
    });
  });

  it('counts a customer who falls back into a stage they had got past as past it', () => {
    const steps = funnelConversion(fiveStages).steps;
    // Reach: s1 (converted after 5 days), s2 (acquired after 2), s3 (dropped out), and s5,
    // who entered reach only by churning, after converting: past reach already, with no time
    // for the step. 3 of 4, the median over s1 and s2.
    expect(steps[0]).toMatchObject({ from: 'reach', entered: 4, converted: 3, medianDays: 3.5 });
    // Conversion: s1 (loyalty after 10 days), s2 (29), s4 (at risk after 180), s5 (7): all 4.
    expect(steps[2]).toMatchObject({ entered: 4, converted: 4, rate: 1, medianDays: 19.5 });
    // Retention: s1 entered it at risk, after being loyal: past it already. s2, s4 and s5
    // never became loyal: 1 of 4, and nobody with a time from retention to loyalty.
    expect(steps[3]).toMatchObject({
      from: 'retention',
      to: 'loyalty',
      entered: 4,
      converted: 1,
      rate: 0.25,
      medianDays: undefined,
    });
  });

  it('gives the cohorts, attrition and replacements of its own active stages alike', () => {
    // Conversion, retention and loyalty are the active stages: the customers are active and
    // lost on the same days as in the default lifecycle, so every figure is the same.
    expect(fiveStages.activeStages).toEqual(['conversion', 'retention', 'loyalty']);
    expect(cohortRetention(fiveStages).cohorts).toEqual(cohortRetention(byDefault).cohorts);
    const window = { from: '2024-03-01', to: '2024-09-01' };
    expect(attritionRate(fiveStages, window)).toEqual(attritionRate(byDefault, window));
    expect(replacementNeeds(fiveStages, window)).toEqual(replacementNeeds(byDefault, window));
    expect(attritionRate(fiveStages, window)).toMatchObject({ activeAtStart: 2, lost: 1 });
  });
});

describe('portfolio views at the edges', () => {
  it('count nobody at an asOf before the first event, and measure nothing', () => {
    const early = createLifecycle().projectEvents(events, { asOf: '2023-12-31' });
    expect(early.customers).toEqual([]);
    expect(stageCounts(early).total).toBe(0);
    expect(funnelConversion(early).steps[0]).toMatchObject({ entered: 0, rate: undefined });
    expect(cohortRetention(early).cohorts).toEqual([]);
    expect(replacementNeeds(early)).toMatchObject({ activeBase: 0, perYear: undefined });
  });

  it('give one new customer a cohort with no month ended, and no attrition to replace', () => {
    const one = createLifecycle().projectEvents(events.filter((e) => e.customerId === 's4'));
    expect(cohortRetention(one).cohorts).toEqual([
      { cohort: '2024-02', start: utc('2024-02-01'), size: 1, retention: [] },
    ]);
    // Active now, but nobody was active a year before: the pace of loss is not known.
    expect(replacementNeeds(one)).toMatchObject({ activeBase: 1, perYear: undefined });
  });

  it('count a customer whose every event is voided nowhere', () => {
    const order = event('v', 'purchase', utc('2024-03-05'), {
      orderId: 'v1',
      amount: 5,
      currency: 'EUR',
    });
    const voided = createLifecycle().projectEvents(
      [...events, order, event('v', 'event.voided', utc('2024-03-06'), { eventId: order.id })],
      { asOf },
    );
    // v is left out, as the projection leaves them out: every figure is the one without v.
    expect(voided.customers.map((customer) => customer.customerId)).not.toContain('v');
    expect(stageCounts(voided)).toEqual(stageCounts(byDefault));
    // Also between the purchase and its void: the histories are the ones corrected at asOf.
    const between = { at: '2024-03-05T12:00:00Z' };
    expect(stageCounts(voided, between)).toEqual(stageCounts(byDefault, between));
    expect(funnelConversion(voided)).toEqual(funnelConversion(byDefault));
    expect(cohortRetention(voided)).toEqual(cohortRetention(byDefault));
  });

  it('put a customer in the cohort of their UTC month, whatever the zone of the time', () => {
    // 00:30 on 1 February in Berlin is 23:30 on 31 January in UTC: a January customer.
    const zoned = createLifecycle().projectEvents(
      [
        event('z', 'purchase', Date.parse('2024-02-01T00:30:00+01:00'), {
          orderId: 'z1',
          amount: 5,
          currency: 'EUR',
        }),
      ],
      { asOf: '2024-03-01' },
    );
    expect(cohortRetention(zoned).cohorts).toEqual([
      { cohort: '2024-01', start: utc('2024-01-01'), size: 1, retention: [1, 1] },
    ]);
  });

  it("refuse another preset's stage names, naming the five stages", () => {
    // @ts-expect-error: 'lead' is a stage of the default lifecycle, not of the five stages
    const funnel = catchError(() => funnelConversion(fiveStages, { stages: ['lead', 'loyalty'] }));
    expect(isTenureError(funnel, 'TENURE_UNKNOWN_STAGE')).toBe(true);
    expect((funnel as Error).message).toBe(
      'funnelConversion: "lead" is not a stage of lifecycle "five-stages"; use one of "reach", "acquisition", "conversion", "retention", "loyalty".',
    );
    // @ts-expect-error: 'repeat' is not a stage of the five stages
    const attrition = catchError(() => attritionRate(fiveStages, { activeStages: ['repeat'] }));
    expect(isTenureError(attrition, 'TENURE_UNKNOWN_STAGE')).toBe(true);
  });
});
