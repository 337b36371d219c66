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

/** Equal to the last bit: the database sums amounts in summarizeCustomers' order. */
function expectSameSummary(actual: RfmSummary, expected: RfmSummary) {
  expect(actual).toEqual(expected);
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

function voided(id: string, customerId: string, day: number, eventId: string): EventInput {
  return {
    id,
    type: 'event.voided',
    customerId,
    at: T0 + day * DAY + 10_800_000,
    data: { eventId },
  };
}

it('leaves voided purchases and refunds out, as summarizeCustomers does', async () => {
  const events = [
    purchase('a1', 'a', 0, 10),
    purchase('a2', 'a', 0, 5), // same day as a1
    voided('a3', 'a', 1, 'a2'), // the first day is 10, not 15
    purchase('a4', 'a', 7, 20),
    refund('a5', 'a', 8, 4, 'o-a4'),
    voided('a6', 'a', 9, 'a5'), // the refund does not count
    purchase('a7', 'a', 12, 30),
    voided('a8', 'a', 40, 'a7'), // a void after the holdout end is not known yet
    purchase('b1', 'b', 2, 8), // b's only purchase is voided: b is not a customer
    voided('b2', 'b', 3, 'b1'),
    purchase('c1', 'c', 3, 9),
    voided('c2', 'c', 4, 'b1'), // names another customer's event: no effect
    voided('c3', 'c', 4, 'c2'), // names a void: no effect
    voided('c4', 'c', 4, 'nothing'), // names no event: no effect
    purchase('c5', 'c', 5, 6),
  ];
  const { expected, actual } = await bothWays(events, {
    calibrationEnd: '2024-01-21',
    holdoutEnd: '2024-01-31',
    unit: 'day',
  });
  expect(actual.error).toBeUndefined();
  expectSameSummary(actual.value!, expected.value!);
  const [a, c] = actual.value!.customers;
  expect(actual.value!.customers.map((customer) => customer.customerId)).toEqual(['a', 'c']);
  expect(a).toMatchObject({ x: 2, firstSpend: 10, spend: 25 });
  expect(c).toMatchObject({ x: 1, firstSpend: 9, spend: 6 });
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

it('property: any history of purchases, refunds and voids gives summarizeCustomers’ result', async () => {
  const customer = fc.constantFrom('a', 'b', 'c', 'd');
  const move = fc.record({
    kind: fc.constantFrom('purchase', 'purchase', 'refund', 'void'),
    customer,
    day: fc.integer({ min: -5, max: 70 }),
    amount: fc.integer({ min: 1, max: 5_000 }).map((cents) => cents / 100),
    order: fc.option(fc.integer({ min: 0, max: 30 }), { nil: undefined }),
    target: fc.nat(),
    stranger: fc.integer({ min: 0, max: 6 }).map((n) => n === 0),
  });
  await fc.assert(
    fc.asyncProperty(
      fc.array(move, { minLength: 1, maxLength: 40 }),
      fc.integer({ min: 0, max: 40 }),
      fc.integer({ min: 0, max: 30 }),
      fc.constantFrom<SummaryOptions['unit']>('day', 'week', { days: 30.4375 }),
      async (moves, end, holdout, unit) => {
        // A void names an earlier or later event, voids included, mostly of its own customer.
        const events = moves.map((m, i) => {
          const target = m.target % moves.length;
          const owner = m.stranger ? m.customer : (moves[target]?.customer ?? m.customer);
          return m.kind === 'void'
            ? voided(`e${i}`, owner, m.day, `e${target}`)
            : m.kind === 'refund'
              ? refund(
                  `e${i}`,
                  m.customer,
                  m.day,
                  m.amount,
                  m.order === undefined ? undefined : `o${m.order}`,
                )
              : purchase(`e${i}`, m.customer, m.day, m.amount, `o${m.order ?? `x${i}`}`);
        });
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

it('refuses a schema without a tenure log with TENURE_POSTGRES_SCHEMA, naming the schema', async () => {
  const schema = db.schema();
  const refusal = await summarizeCustomersInPostgres(
    { pool: db.pool({ max: 1 }), schema },
    { calibrationEnd: '2024-12-31' },
  ).catch((error: unknown) => error);
  expect(refusal).toMatchObject({
    code: 'TENURE_POSTGRES_SCHEMA',
    message: expect.stringMatching(
      new RegExp(
        `^summarizeCustomersInPostgres: schema "${schema}" has no tenure log.*option schema`,
      ),
    ),
  });
});

it('reads one snapshot of a log written meanwhile: no summary mixes the currency check of one state with the events of another', async () => {
  const schema = db.schema();
  const writer = await createPostgresLog({ pool: db.pool({ max: 1 }), schema });
  const before = [purchase('p1', 'c1', 0, 10), purchase('p2', 'c1', 3, 20)];
  await writer.append(before);
  const expected = summarizeCustomers(await collect(writer.read()), {
    calibrationEnd: '2024-12-31',
  });
  // A real writer appends right after the summary's currency check (the queries are the
  // summary's own, on the server; the pool only lets the test act between two of them).
  const pool = db.pool({ max: 2 });
  let appended = false;
  pool.on('connect', (client) => {
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    (client as { query: unknown }).query = (...args: unknown[]) => {
      const text = typeof args[0] === 'string' ? args[0] : (args[0] as { text?: string }).text;
      if (appended || !text?.includes('IS DISTINCT FROM')) return query(...args);
      appended = true;
      // A new customer in EUR and a purchase in another currency, in one batch, committed
      // before the summary hears back (pool.query passes a callback, a client's caller awaits).
      const append = () =>
        writer.append([purchase('p3', 'c2', 5, 30), purchase('p4', 'c3', 6, 40, 'o-p4', 'USD')]);
      const callback = args.at(-1);
      if (typeof callback !== 'function') {
        return (query(...args) as Promise<unknown>).then(async (result) => {
          await append();
          return result;
        });
      }
      return query(...args.slice(0, -1), (error: unknown, result: unknown) => {
        append().then(
          () => callback(error, result),
          (failure: unknown) => callback(failure),
        );
      });
    };
  });
  const actual = await summarizeCustomersInPostgres(
    { pool, schema },
    { calibrationEnd: '2024-12-31' },
  );
  expect(appended).toBe(true);
  // The log as it was when the summary began (the batch came after its snapshot): summarising
  // the log with the batch would refuse the mix of currencies instead.
  expectSameSummary(actual, expected);
  await writer.close();
});
