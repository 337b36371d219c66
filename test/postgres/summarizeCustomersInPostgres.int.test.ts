import fc from 'fast-check';
import { expect, it } from 'vitest';
import type { EventInput, TenureEvent } from '../../src/events/TenureEvent.js';
import { createPostgresLog, summarizeCustomersInPostgres } from '../../src/log/postgres/index.js';

import type { RfmSummary, SummaryOptions } from '../../src/models/summary/summarizeCustomers.js';
import { summarizeCustomers } from '../../src/models/summary/summarizeCustomers.js';
import { loadCdnowEvents } from '../models/cdnowFixture.js';
import { usePostgres } from '../support/usePostgres.js';
import { collect } from './purchases.js';

const db = usePostgres();
const DAY = 86_400_000;
const T0 = Date.UTC(2024, 0, 1);

interface Outcome {
  readonly value?: RfmSummary;
  readonly error?: string;
}

/** Stores `events`, then summarises them both ways (SQL and summarizeCustomers on log.read()). */
async function bothWays(
  events: readonly EventInput[],
  options: SummaryOptions,
): Promise<{ expected: Outcome; actual: Outcome }> {
  const schema = db.schema();
  const pool = db.pool({ max: 2 });
  const log = await createPostgresLog({ pool, schema });
  for (let i = 0; i < events.length; i += 5_000) await log.append(events.slice(i, i + 5_000));
  const stored: TenureEvent[] = await collect(log.read());
  await log.close();
  const run = (f: () => RfmSummary): Outcome => {
    try {
      return { value: f() };
    } catch (error) {
      return { error: (error as Error).message };
    }
  };
  const expected = run(() => summarizeCustomers(stored, options));
  const actual: Outcome = await summarizeCustomersInPostgres({ pool, schema }, options).then(
    (value) => ({ value }),
    (error: Error) => ({
      error: error.message.replace('summarizeCustomersInPostgres', 'summarizeCustomers'),
    }),
  );
  await pool.query(`DROP SCHEMA "${schema}" CASCADE`);
  return { expected, actual };
}

/** Equal up to the order in which floating-point amounts were added. */
function expectSameSummary(actual: RfmSummary, expected: RfmSummary) {
  const round = (summary: RfmSummary) => ({
    ...summary,
    customers: summary.customers.map((customer) => ({
      ...customer,
      spend: Number(customer.spend.toFixed(6)),
      firstSpend: Number(customer.firstSpend.toFixed(6)),
      holdoutSpend: Number(customer.holdoutSpend.toFixed(6)),
    })),
  });
  expect(round(actual)).toEqual(round(expected));
}

function purchase(
  id: string,
  customerId: string,
  day: number,
  amount: number,
  orderId = `o-${id}`,
  currency = 'EUR',
): EventInput {
  return {
    id,
    type: 'purchase',
    customerId,
    at: T0 + day * DAY + 3_600_000,
    data: { orderId, amount, currency },
  };
}

function refund(
  id: string,
  customerId: string,
  day: number,
  amount: number,
  orderId?: string,
): EventInput {
  return {
    id,
    type: 'refund',
    customerId,
    at: T0 + day * DAY + 7_200_000,
    data: { amount, currency: 'EUR', ...(orderId === undefined ? {} : { orderId }) },
  };
}

it('gives summarizeCustomers’ result: same-day merges, refunds by order and by day, holdout, cohort window', async () => {
  const events = [
    purchase('a1', 'a', 0, 10),
    purchase('a2', 'a', 0, 5), // same day as a1: one purchase day of 15
    purchase('a3', 'a', 7, 20),
    refund('a4', 'a', 9, 4, 'o-a1'), // refunds the first day
    purchase('a5', 'a', 40, 30), // holdout
    refund('a6', 'a', 41, 30), // holdout refund of the holdout day
    refund('a7', 'a', 42, 5, 'o-a3'), // holdout refund of a calibration purchase: ignored
    purchase('b1', 'b', 3, 8),
    refund('b2', 'b', 2, 1), // before any purchase: ignored
    purchase('c1', 'c', 35, 9), // born after calibration end
    purchase('d1', 'd', -10, 9), // born before calibrationStart
    purchase('d2', 'd', 5, 9),
    purchase('e1', 'e', 1, 5),
    purchase('e2', 'e', 2, 5),
    refund('e3', 'e', 3, 6), // makes the repeat spend negative
    purchase('f1', 'f', 60, 1), // after the holdout: not counted
  ];
  const { expected, actual } = await bothWays(events, {
    calibrationStart: '2024-01-01',
    calibrationEnd: '2024-01-31',
    holdoutEnd: '2024-02-29',
    unit: 'day',
  });
  expect(actual.error).toBeUndefined();
  expectSameSummary(actual.value!, expected.value!);
  expect(actual.value!.customers.map((customer) => customer.customerId)).toEqual(['a', 'b', 'e']);
  expect(actual.value!.nonPositiveSpend).toEqual(['e']);
  expect(actual.value!.excluded).toEqual({ bornBeforeStart: 1, bornAfterEnd: 1 });
});

it('keeps one currency: an error for a mix, or the chosen one with the others counted', async () => {
  const events = [
    purchase('a1', 'a', 0, 10),
    purchase('a2', 'a', 3, 10, 'o2', 'USD'),
    purchase('a3', 'a', 5, 7),
  ];
  const mixed = await bothWays(events, { calibrationEnd: '2024-01-31' });
  expect(mixed.actual.error).toMatch(
    /event "a2"\.data\.currency must be EUR, the currency of earlier events .*, received "USD"/,
  );
  expect(mixed.actual).toEqual(mixed.expected);
  const chosen = await bothWays(events, { calibrationEnd: '2024-01-31', currency: 'EUR' });
  expectSameSummary(chosen.actual.value!, chosen.expected.value!);
  expect(chosen.actual.value!.ignoredEvents).toBe(1);
});

it('property: any purchase and refund history gives summarizeCustomers’ result', async () => {
  const customer = fc.constantFrom('a', 'b', 'c', 'd');
  const move = fc.record({
    refund: fc.boolean(),
    customer,
    day: fc.integer({ min: -5, max: 70 }),
    amount: fc.integer({ min: 1, max: 5_000 }).map((cents) => cents / 100),
    order: fc.option(fc.integer({ min: 0, max: 30 }), { nil: undefined }),
  });
  await fc.assert(
    fc.asyncProperty(
      fc.array(move, { minLength: 1, maxLength: 40 }),
      fc.integer({ min: 0, max: 40 }),
      fc.integer({ min: 0, max: 30 }),
      fc.constantFrom<SummaryOptions['unit']>('day', 'week', { days: 30.4375 }),
      async (moves, end, holdout, unit) => {
        const events = moves.map((m, i) =>
          m.refund
            ? refund(
                `e${i}`,
                m.customer,
                m.day,
                m.amount,
                m.order === undefined ? undefined : `o${m.order}`,
              )
            : purchase(`e${i}`, m.customer, m.day, m.amount, `o${m.order ?? `x${i}`}`),
        );
        const options = {
          calibrationEnd: T0 + end * DAY,
          holdoutEnd: T0 + (end + holdout) * DAY,
          unit,
        };
        const { expected, actual } = await bothWays(events, options);
        expect(actual.error).toBeUndefined();
        expectSameSummary(actual.value!, expected.value!);
      },
    ),
    { numRuns: 15 },
  );
});

it('summarises the CDNOW sample as summarizeCustomers does', async () => {
  const events = await loadCdnowEvents();
  const { expected, actual } = await bothWays(events, {
    calibrationEnd: '1997-09-30',
    holdoutEnd: '1998-06-30',
    unit: 'week',
  });
  expectSameSummary(actual.value!, expected.value!);
  expect(actual.value!.rows.customers).toBe(2_357);
});
