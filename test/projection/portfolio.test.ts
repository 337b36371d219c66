import { describe, expect, it } from 'vitest';
import { isTenureError } from '../../src/errors/TenureError.js';
import {
  attritionRate,
  cohortRetention,
  createLifecycle,
  defaultActiveStages,
  findCustomer,
  funnelConversion,
  replacementNeeds,
  stageAt,
  stageCounts,
  YEAR_MS,
} from '../../src/projection/index.js';
import { catchError } from './support/catchError.js';
import { event, purchase } from './support/storeEvents.js';
import { DAY, toyLifecycle } from './support/toyLifecycle.js';

const T0 = Date.UTC(2024, 0, 1);
const day = (n: number) => T0 + n * DAY;
const lifecycle = createLifecycle({
  definition: toyLifecycle,
  activeStages: ['active', 'at-risk'],
});

// c1: lead, buys on day 10, at risk on day 40, lost on day 70.
// c2: buys on days 5 and 30, at risk on day 60, lost on day 90.
// c3: a lead who never buys. c4: buys on day 40, at risk on day 70, buys again on day 95.
// c5: a lead on day 100 (the projection's asOf).
const projection = lifecycle.projectEvents([
  event('c1', 'lead.captured', day(0)),
  purchase('c2', day(5)),
  purchase('c1', day(10)),
  event('c3', 'lead.captured', day(20)),
  purchase('c2', day(30)),
  purchase('c4', day(40)),
  purchase('c4', day(95)),
  event('c5', 'lead.captured', day(100)),
]);

describe('portfolio views', () => {
  it('stageAt reads a customer stage at any date from the history', () => {
    const c1 = findCustomer(projection, 'c1')!;
    expect([-1, 0, 10, 39, 40, 69, 70, 100].map((n) => stageAt(c1, day(n)))).toEqual([
      undefined,
      'lead',
      'active',
      'active',
      'at-risk',
      'at-risk',
      'lost',
      'lost',
    ]);
  });

  it('counts customers per stage at a date, every stage listed in funnel order', () => {
    const counts = stageCounts(projection, { at: day(50) });
    expect(counts).toEqual({
      at: day(50),
      total: 4,
      counts: { visitor: 0, lead: 1, active: 2, 'at-risk': 1, lost: 0 },
      shares: { visitor: 0, lead: 0.25, active: 0.5, 'at-risk': 0.25, lost: 0 },
    });
    expect(Object.keys(counts.counts)).toEqual(projection.stages);
    expect(stageCounts(projection).total).toBe(5);
  });

  it('measures conversion between consecutive funnel stages and the median days per step', () => {
    const funnel = funnelConversion(projection);
    expect(funnel.entered).toEqual({ visitor: 0, lead: 3, active: 3, 'at-risk': 3, lost: 2 });
    expect(funnel.steps).toEqual([
      {
        from: 'visitor',
        to: 'lead',
        entered: 0,
        converted: 0,
        rate: undefined,
        medianDays: undefined,
      },
      { from: 'lead', to: 'active', entered: 3, converted: 1, rate: 1 / 3, medianDays: 10 },
      { from: 'active', to: 'at-risk', entered: 3, converted: 3, rate: 1, medianDays: 30 },
      { from: 'at-risk', to: 'lost', entered: 3, converted: 2, rate: 2 / 3, medianDays: 30 },
    ]);
    const short = funnelConversion(projection, { stages: ['lead', 'lost'] });
    expect(short.steps).toEqual([
      { from: 'lead', to: 'lost', entered: 3, converted: 1, rate: 1 / 3, medianDays: 70 },
    ]);
  });

  it('counts the customers of a stage named twice in the funnel once', () => {
    const there = funnelConversion(projection, { stages: ['lead', 'active', 'lead'] });
    // Three leads (c1, c3, c5), as in the funnel that names lead once; c1 converted.
    expect(there.entered).toEqual({ lead: 3, active: 3 });
    expect(there.steps[0]).toMatchObject({ entered: 3, converted: 1, rate: 1 / 3 });
    // Back again: no customer entered lead at or after becoming active.
    expect(there.steps[1]).toMatchObject({ from: 'active', to: 'lead', entered: 3, converted: 0 });
  });

  it("measures the lifecycle's funnel by default: for the default lifecycle, prospect to advocate", () => {
    const defaults = createLifecycle().projectEvents([
      event('p1', 'touchpoint', day(0), { channel: 'email' }),
      event('p1', 'lead.captured', day(1)),
      purchase('p1', day(10)),
      purchase('p1', day(20)),
    ]);
    expect(defaults.funnel).toEqual([
      'prospect',
      'lead',
      'opportunity',
      'new customer',
      'repeat',
      'loyal',
      'advocate',
    ]);
    const steps = funnelConversion(defaults).steps.map((step) => `${step.from} -> ${step.to}`);
    // At risk, churned and lost are where customers fall back to: no "conversion" into them.
    expect(steps).toEqual([
      'prospect -> lead',
      'lead -> opportunity',
      'opportunity -> new customer',
      'new customer -> repeat',
      'repeat -> loyal',
      'loyal -> advocate',
    ]);
    // A lifecycle that names no funnel (the toy one) measures every stage in order.
    expect(projection.funnel).toEqual(projection.stages);
  });

  it('counts a customer who skips a stage as past it, not as dropped out', () => {
    const order = (customerId: string, at: number, category: string) =>
      event(customerId, 'purchase', at, {
        orderId: `${customerId}-${at}`,
        amount: 30,
        currency: 'EUR',
        items: [{ productId: category, category }],
      });
    const defaults = createLifecycle().projectEvents([
      // s1 buys without ever being a lead; its second order, in a new category, makes it loyal
      // without being a repeat buyer first.
      event('s1', 'touchpoint', day(0), { channel: 'email' }),
      order('s1', day(4), 'vinyl'),
      order('s1', day(10), 'books'),
      // s2 goes prospect, lead, new customer, repeat; s3 drops out as a prospect.
      event('s2', 'touchpoint', day(0), { channel: 'ads' }),
      event('s2', 'lead.captured', day(2)),
      order('s2', day(8), 'vinyl'),
      order('s2', day(20), 'vinyl'),
      event('s3', 'touchpoint', day(1), { channel: 'ads' }),
    ]);
    expect(
      defaults.customers.map((customer) => customer.history.map((entry) => entry.stage)),
    ).toEqual([
      ['prospect', 'new customer', 'loyal'],
      ['prospect', 'lead', 'new customer', 'repeat'],
      ['prospect'],
    ]);
    const steps = funnelConversion(defaults).steps;
    // s1 and s2 got past prospect (s1 after 4 days, s2 after 2); only s3 dropped out.
    expect(steps[0]).toMatchObject({
      from: 'prospect',
      to: 'lead',
      entered: 3,
      converted: 2,
      medianDays: 3,
    });
    // Both new customers went on: s2 to repeat, s1 straight to loyal.
    expect(steps[3]).toMatchObject({
      from: 'new customer',
      to: 'repeat',
      entered: 2,
      converted: 2,
      rate: 1,
    });
    // The next step is measured over the repeat buyers: s2 alone, not loyal yet.
    expect(steps[4]).toMatchObject({ from: 'repeat', to: 'loyal', entered: 1, converted: 0 });
  });

  it('follows each acquisition-month cohort to the end of every completed month', () => {
    expect(cohortRetention(projection)).toEqual({
      activeStages: ['active', 'at-risk'],
      cohorts: [
        // c1 and c2: both active at the end of January and February, both lost by the end of March.
        { cohort: '2024-01', start: Date.UTC(2024, 0, 1), size: 2, retention: [1, 1, 0] },
        // c4: active at the end of February, at risk (still a customer) at the end of March.
        { cohort: '2024-02', start: Date.UTC(2024, 1, 1), size: 1, retention: [1, 1] },
      ],
    });
  });

  it('does not count falling back to a later-named stage (lost) as getting past a step', () => {
    const defaults = createLifecycle().projectEvents([
      // d1 is disqualified: a lead, then lost. d2 becomes an opportunity.
      event('d1', 'lead.captured', day(0)),
      event('d1', 'lead.disqualified', day(3)),
      event('d2', 'lead.captured', day(0)),
      event('d2', 'lead.qualified', day(1), { score: 80 }),
      event('d2', 'opportunity.opened', day(2), {
        opportunityId: 'op1',
        amount: 500,
        currency: 'EUR',
      }),
    ]);
    expect(defaults.customers.map((customer) => customer.stage)).toEqual(['lost', 'opportunity']);
    // Every stage, the ones customers fall back to last: lost comes after opportunity.
    const steps = funnelConversion(defaults, { stages: defaults.stages }).steps;
    expect(steps[1]).toMatchObject({ from: 'lead', to: 'opportunity', entered: 2, converted: 1 });
  });

  it('counts a customer who lapsed and came back as retained at the month ends after the return', () => {
    // r buys on 1 January, is lost on 1 March (60 days), buys again on 5 April.
    const back = lifecycle.projectEvents([purchase('r', day(0)), purchase('r', day(95))], {
      asOf: '2024-05-01',
    });
    expect(cohortRetention(back).cohorts).toEqual([
      { cohort: '2024-01', start: T0, size: 1, retention: [1, 1, 0, 1] },
    ]);
  });

  it('measures attrition over a window and annualises it', () => {
    const attrition = attritionRate(projection, { from: day(45), to: day(100) });
    expect(attrition).toMatchObject({ activeAtStart: 3, lost: 2, rate: 2 / 3 });
    expect(attrition.annualRate).toBeCloseTo(1 - (1 / 3) ** (YEAR_MS / (55 * DAY)), 12);
    const lastYear = attritionRate(projection);
    expect(lastYear).toMatchObject({ to: day(100), from: day(100) - YEAR_MS, activeAtStart: 0 });
    expect(lastYear.rate).toBeUndefined();
  });

  it('gives a year-long window its rate as the annual rate, to the last bit', () => {
    // a, b and c buy on day 0; b and c every 20 days after, a never again (lost on day 60).
    const buys = ['a', 'b', 'c'].map((id) => purchase(id, day(0)));
    for (let n = 20; n <= 400; n += 20) buys.push(purchase('b', day(n)), purchase('c', day(n)));
    const year = lifecycle.projectEvents(buys);
    const attrition = attritionRate(year, { from: day(10), to: day(10) + YEAR_MS });
    expect(attrition).toMatchObject({ activeAtStart: 3, lost: 1, rate: 1 / 3 });
    // As the report's annual attrition (the rate over the last year) gives it.
    expect(attrition.annualRate).toBe(1 / 3);
  });

  it('computes the new customers needed to keep the active base at its size', () => {
    // 1 active customer at day 100; 2 of 3 lost over the 55 days before: a hazard of ln 3 per
    // 55 days, for new customers too.
    const needs = replacementNeeds(projection, { from: day(45), to: day(100) });
    expect(needs.activeBase).toBe(1);
    const hazard = (Math.log(3) * YEAR_MS) / (55 * DAY);
    expect(needs.perYear).toBeCloseTo(hazard, 12);
    expect(needs.perMonth).toBeCloseTo(needs.perYear! / 12, 12);
    // A year on, the base is where it started: its survivors plus the survivors of the new
    // customers arriving evenly (in 10,000 equal batches), each leaving at the same pace from
    // the moment it arrives.
    const batches = 10_000;
    const survives = (years: number) => Math.exp(-hazard * years);
    let base = needs.activeBase * survives(1);
    for (let k = 0; k < batches; k++) {
      base += (needs.perYear! / batches) * survives((batches - k - 0.5) / batches);
    }
    expect(base).toBeCloseTo(needs.activeBase, 3);
  });

  it('needs an endless stream to keep a base that loses every customer, and none for no base', () => {
    const quitters = lifecycle.projectEvents([purchase('q1', day(0)), purchase('q2', day(200))]);
    // q1 is lost by day 200, q2 active then.
    const needs = replacementNeeds(quitters, { from: day(1), to: day(200) });
    expect(needs).toMatchObject({ activeBase: 1, perYear: Infinity, perMonth: Infinity });
    expect(needs.attrition).toMatchObject({ activeAtStart: 1, lost: 1, rate: 1 });
    const nobody = replacementNeeds(quitters, { from: day(1), to: day(100) });
    expect(nobody).toMatchObject({ activeBase: 0, perYear: 0, perMonth: 0 });
  });

  it('rejects stages the lifecycle does not have, naming the known ones', () => {
    // A typed caller cannot even compile this; JavaScript callers get the error.
    // @ts-expect-error: 'customer' is not a stage of the toy lifecycle
    const error = catchError(() => funnelConversion(projection, { stages: ['lead', 'customer'] }));
    expect(isTenureError(error, 'TENURE_UNKNOWN_STAGE')).toBe(true);
    expect((error as Error).message).toBe(
      'funnelConversion: "customer" is not a stage of lifecycle "toy"; use one of "visitor", "lead", "active", "at-risk", "lost".',
    );
  });

  it('asks for active stages when the lifecycle does not define them', () => {
    const bare = createLifecycle({ definition: toyLifecycle }).projectEvents([
      purchase('c1', day(0)),
    ]);
    const error = catchError(() => attritionRate(bare));
    expect(isTenureError(error, 'TENURE_INVALID_PROJECTION_INPUT')).toBe(true);
    expect((error as Error).message).toMatch(/pass activeStages/);
    expect(cohortRetention(bare, { activeStages: ['active'] }).cohorts).toHaveLength(1);
  });

  it('knows the active stages of the default lifecycle', () => {
    const projection = createLifecycle().projectEvents([]);
    expect(projection.activeStages).toEqual(defaultActiveStages);
    // @ts-expect-error: 'customer' is not a stage of the default lifecycle
    const error = catchError(() => createLifecycle({ activeStages: ['customer'] }));
    expect(isTenureError(error, 'TENURE_UNKNOWN_STAGE')).toBe(true);
  });
});
