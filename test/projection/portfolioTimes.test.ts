import { describe, expect, it } from 'vitest';
import { isTenureError } from '../../src/errors/TenureError.js';
import {
  attritionRate,
  cohortRetention,
  createLifecycle,
  findCustomer,
  replacementNeeds,
  stageAt,
  stageCounts,
} from '../../src/projection/index.js';
import { catchError } from './support/catchError.js';
import { event, purchase } from './support/storeEvents.js';
import { DAY, toyLifecycle } from './support/toyLifecycle.js';

// Every time option of the portfolio views takes what project takes as asOf: epoch ms, an
// ISO-8601 string with a zone (a plain date is UTC midnight) or a Date, and refuses a time after
// the projection's asOf, which the projection cannot describe.
const T0 = Date.UTC(2024, 0, 1);
const day = (n: number) => T0 + n * DAY;
const lifecycle = createLifecycle({
  definition: toyLifecycle,
  activeStages: ['active', 'at-risk'],
});
const projection = lifecycle.projectEvents([
  event('c1', 'lead.captured', day(0)),
  purchase('c2', day(5)),
  purchase('c1', day(10)),
  purchase('c4', day(40)),
  purchase('c4', day(95)),
  event('c5', 'lead.captured', day(100)),
]);
const asOf = day(100); // 2024-04-10
const after = day(101);

/** The same instant in the three forms. */
const forms = (n: number) => [day(n), new Date(day(n)).toISOString(), new Date(day(n))] as const;

describe('time options of the portfolio views', () => {
  it('stageCounts counts at a number, an ISO string or a Date alike', () => {
    const [number, string, date] = forms(50);
    const expected = stageCounts(projection, { at: number });
    expect(expected.counts).toEqual({ visitor: 0, lead: 0, active: 1, 'at-risk': 2, lost: 0 });
    expect(stageCounts(projection, { at: string })).toEqual(expected);
    expect(stageCounts(projection, { at: date })).toEqual(expected);
    expect(stageCounts(projection, { at: '2024-02-20' })).toEqual(expected);
    expect(stageCounts(projection, { at: asOf })).toEqual(stageCounts(projection));
  });

  it('attritionRate and replacementNeeds take from and to in every form', () => {
    const [from, fromString, fromDate] = forms(45);
    const [to, toIso, toDate] = forms(100);
    const expected = attritionRate(projection, { from, to });
    expect(expected).toMatchObject({ from, to, activeAtStart: 3, lost: 2 });
    expect(attritionRate(projection, { from: fromString, to: toIso })).toEqual(expected);
    expect(attritionRate(projection, { from: fromDate, to: toDate })).toEqual(expected);
    expect(attritionRate(projection, { from: '2024-02-15' })).toEqual(expected);
    const needs = replacementNeeds(projection, { from, to });
    expect(replacementNeeds(projection, { from: fromString, to: toDate })).toEqual(needs);
    expect(replacementNeeds(projection, { from: fromDate })).toEqual(needs);
  });

  it('stageAt reads the stage at a number, an ISO string or a Date alike', () => {
    const c1 = findCustomer(projection, 'c1')!;
    for (const n of [0, 10, 45, 100]) {
      const [number, string, date] = forms(n);
      expect(stageAt(c1, string)).toBe(stageAt(c1, number));
      expect(stageAt(c1, date)).toBe(stageAt(c1, number));
    }
    expect(stageAt(c1, '2024-01-01')).toBe('lead');
    expect(stageAt(c1, '2023-12-31')).toBeUndefined();
  });

  it.each([
    ['stageCounts', 'at', () => stageCounts(projection, { at: '2024-13-45' }), '"2024-13-45"'],
    [
      'stageCounts',
      'at',
      () => stageCounts(projection, { at: new Date(Number.NaN) }),
      'Invalid Date',
    ],
    [
      'attritionRate',
      'from',
      () => attritionRate(projection, { from: '2024-01-01T10:00' }),
      '"2024-01-01T10:00"',
    ],
    ['attritionRate', 'to', () => attritionRate(projection, { to: 1.5 }), '1.5'],
    [
      'replacementNeeds',
      'from',
      () => replacementNeeds(projection, { from: 'last year' }),
      '"last year"',
    ],
    ['replacementNeeds', 'to', () => replacementNeeds(projection, { to: '' }), '""'],
    ['stageAt', 'time', () => stageAt(projection.customers[0]!, 'yesterday'), '"yesterday"'],
  ])(
    '%s refuses a %s that is not a time, as project refuses such an asOf',
    (api, name, call, shown) => {
      const error = catchError(call);
      expect(isTenureError(error, 'TENURE_INVALID_PROJECTION_INPUT')).toBe(true);
      expect((error as Error).message).toBe(
        `${api}: ${name} ${shown} is not a time; pass epoch milliseconds, an ISO-8601 string with a zone (e.g. "2024-12-31T23:59:59Z") or a Date.`,
      );
    },
  );

  it('project refuses the same value with the same code', () => {
    const error = catchError(() => lifecycle.projectEvents([], { asOf: '2024-13-45' }));
    expect(isTenureError(error, 'TENURE_INVALID_PROJECTION_INPUT')).toBe(true);
  });

  it.each([
    ['stageCounts', 'at', () => stageCounts(projection, { at: after })],
    ['stageCounts', 'at', () => stageCounts(projection, { at: new Date(after) })],
    ['attritionRate', 'to', () => attritionRate(projection, { to: '2024-04-11' })],
    ['attritionRate', 'from', () => attritionRate(projection, { from: after, to: asOf })],
    ['replacementNeeds', 'to', () => replacementNeeds(projection, { to: after })],
  ])('%s refuses a %s after the projection asOf, naming both and the fix', (api, name, call) => {
    const error = catchError(call);
    expect(isTenureError(error, 'TENURE_INVALID_PROJECTION_INPUT')).toBe(true);
    expect((error as Error).message).toBe(
      `${api}: ${name} 2024-04-11T00:00:00.000Z is after the projection's asOf 2024-04-10T00:00:00.000Z, and the projection knows nothing later; set ${name} to 2024-04-10T00:00:00.000Z or earlier, or project with a later asOf.`,
    );
  });

  it("stageAt refuses a time after the customer's asOf, where clocks may have moved them on", () => {
    const c1 = findCustomer(projection, 'c1')!;
    expect(stageAt(c1, asOf)).toBe('lost');
    const error = catchError(() => stageAt(c1, '2024-04-11'));
    expect(isTenureError(error, 'TENURE_INVALID_PROJECTION_INPUT')).toBe(true);
    expect((error as Error).message).toBe(
      "stageAt: time 2024-04-11T00:00:00.000Z is after the customer's asOf 2024-04-10T00:00:00.000Z, and the projection knows nothing later; set time to 2024-04-10T00:00:00.000Z or earlier, or project with a later asOf.",
    );
  });

  it('states the window in ISO times when from is not before to', () => {
    const error = catchError(() =>
      attritionRate(projection, { from: '2024-03-01', to: '2024-02-01' }),
    );
    expect(isTenureError(error, 'TENURE_INVALID_PROJECTION_INPUT')).toBe(true);
    expect((error as Error).message).toBe(
      'attritionRate: the window must start before it ends, got from 2024-03-01T00:00:00.000Z and to 2024-02-01T00:00:00.000Z; pass a from before to.',
    );
  });

  it('takes a time for a projection without asOf (an empty log), and asks for one where the result names it', () => {
    const empty = lifecycle.projectEvents([]);
    expect(empty.asOf).toBeUndefined();
    expect(stageCounts(empty, { at: '2024-06-30' })).toMatchObject({
      at: Date.UTC(2024, 5, 30),
      total: 0,
    });
    expect((catchError(() => stageCounts(empty)) as Error).message).toBe(
      'stageCounts: the projection has no asOf (empty log) and no at was given; pass at in the options.',
    );
    // Cohorts need no time when there is nobody to follow.
    expect(cohortRetention(empty)).toEqual({ activeStages: ['active', 'at-risk'], cohorts: [] });
  });
});
