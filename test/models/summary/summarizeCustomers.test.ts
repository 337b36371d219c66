import { describe, expect, it } from 'vitest';
import { isTenureError } from '../../../src/errors/TenureError.js';
import type { TenureEvent } from '../../../src/events/TenureEvent.js';
import {
  summarizeCustomers,
  summarizeCustomersAsync,
} from '../../../src/models/summary/summarizeCustomers.js';

let sequence = 0;
function purchase(customerId: string, at: string, amount: number, orderId?: string): TenureEvent {
  sequence++;
  return {
    id: `e${sequence}`,
    type: 'purchase',
    customerId,
    at: Date.parse(at),
    data: { orderId: orderId ?? `o${sequence}`, amount, currency: 'USD' },
  };
}
function refund(customerId: string, at: string, amount: number, orderId?: string): TenureEvent {
  sequence++;
  return {
    id: `e${sequence}`,
    type: 'refund',
    customerId,
    at: Date.parse(at),
    data: { amount, currency: 'USD', ...(orderId === undefined ? {} : { orderId }) },
  };
}

const periods = { calibrationEnd: '2024-01-29', holdoutEnd: '2024-03-04', unit: 'week' } as const;

describe('summarizeCustomers', () => {
  it('counts repeat purchase days after birth, with t_x and T in the chosen unit', () => {
    const summary = summarizeCustomers(
      [
        purchase('a', '2024-01-01T10:00:00Z', 10),
        purchase('a', '2024-01-08T09:00:00Z', 20),
        purchase('a', '2024-01-15T23:59:00Z', 40),
        purchase('a', '2024-02-12T12:00:00Z', 5),
      ],
      periods,
    );
    expect(summary.customers).toEqual([
      {
        customerId: 'a',
        birth: Date.parse('2024-01-01'),
        x: 2,
        tx: 2,
        T: 4,
        spend: 30,
        firstSpend: 10,
        holdoutX: 1,
        holdoutSpend: 5,
        row: 0,
      },
    ]);
    expect(summary.holdoutLength).toBe(5);
  });

  it('merges purchases of the same UTC day into one transaction with summed spend', () => {
    const summary = summarizeCustomers(
      [
        purchase('a', '2024-01-01T01:00:00Z', 10),
        purchase('a', '2024-01-03T08:00:00Z', 5),
        purchase('a', '2024-01-03T22:00:00Z', 7),
        purchase('a', '2024-01-01T23:00:00Z', 1),
      ],
      { ...periods, unit: 'day' },
    );
    expect(summary.customers[0]).toMatchObject({ x: 1, tx: 2, T: 28, spend: 12, firstSpend: 11 });
  });

  it('accepts events in any order', () => {
    const events = [
      purchase('a', '2024-01-01', 10),
      purchase('b', '2024-01-05', 3),
      purchase('a', '2024-01-10', 20),
      purchase('b', '2024-01-20', 4),
      purchase('a', '2024-01-20', 30),
    ];
    const forward = summarizeCustomers(events, periods);
    const backward = summarizeCustomers([...events].reverse(), periods);
    const byId = (list: typeof forward.customers) =>
      [...list].sort((p, q) => p.customerId.localeCompare(q.customerId));
    expect(byId(backward.customers)).toEqual(byId(forward.customers));
  });

  it('takes the time unit as an explicit length in days', () => {
    const summary = summarizeCustomers(
      [purchase('a', '2024-01-01', 10), purchase('a', '2024-01-16', 10)],
      { calibrationEnd: '2024-01-31', unit: { days: 30 } },
    );
    expect(summary.customers[0]).toMatchObject({ tx: 0.5, T: 1 });
  });

  it('groups identical (x, t_x, T) into weighted rows', () => {
    const summary = summarizeCustomers(
      [
        purchase('a', '2024-01-01', 1),
        purchase('b', '2024-01-01', 1),
        purchase('c', '2024-01-01', 1),
        purchase('c', '2024-01-08', 1),
      ],
      periods,
    );
    expect(summary.rows.length).toBe(2);
    expect([...summary.rows.x]).toEqual([0, 1]);
    expect([...summary.rows.weight]).toEqual([2, 1]);
    expect(summary.rows.customers).toBe(3);
    const byId = new Map(summary.customers.map((customer) => [customer.customerId, customer]));
    expect(summary.rows.x[byId.get('c')?.row ?? -1]).toBe(1);
    expect(summary.rows.x[byId.get('a')?.row ?? -1]).toBe(0);
  });

  it('leaves out customers born after calibration and, with calibrationStart, before it', () => {
    const summary = summarizeCustomers(
      [
        purchase('early', '2023-12-20', 1),
        purchase('early', '2024-01-10', 1),
        purchase('late', '2024-02-10', 1),
        purchase('in', '2024-01-02', 1),
      ],
      { ...periods, calibrationStart: '2024-01-01' },
    );
    expect(summary.customers.map((customer) => customer.customerId)).toEqual(['in']);
    expect(summary.excluded).toEqual({ bornBeforeStart: 1, bornAfterEnd: 1 });
  });

  it('deducts refunds from the refunded order’s day, or the last day before the refund', () => {
    const summary = summarizeCustomers(
      [
        purchase('a', '2024-01-01', 10),
        purchase('a', '2024-01-08', 20, 'o-a2'),
        purchase('a', '2024-01-15', 40),
        refund('a', '2024-01-20', 15, 'o-a2'),
        refund('a', '2024-01-16', 10),
      ],
      periods,
    );
    // Repeat days: 20 - 15 = 5 and 40 - 10 = 30.
    expect(summary.customers[0]).toMatchObject({ x: 2, spend: 17.5 });
  });

  it('matches a refund to a purchase whose order id is its event id, and drops voided events', () => {
    const own: TenureEvent = {
      id: 'p-own',
      type: 'purchase',
      customerId: 'a',
      at: Date.parse('2024-01-08'),
      data: { orderId: 'p-own', amount: 20, currency: 'USD' },
    };
    const later = purchase('a', '2024-01-15', 40);
    const summary = summarizeCustomers(
      [
        purchase('a', '2024-01-01', 10),
        own,
        later,
        refund('a', '2024-01-20', 15, 'p-own'),
        // A correction that comes after the event it voids.
        {
          id: 'v1',
          type: 'event.voided',
          customerId: 'a',
          at: Date.parse('2024-01-21'),
          data: { eventId: later.id },
        } as TenureEvent,
      ],
      periods,
    );
    // One repeat day left: 20 - 15 = 5.
    expect(summary.customers[0]).toMatchObject({ x: 1, spend: 5 });
  });

  it('offers the customers as columns too, position for position', () => {
    const summary = summarizeCustomers(
      [
        purchase('a', '2024-01-01', 10),
        purchase('b', '2023-12-01', 5),
        purchase('a', '2024-01-10', 20),
        purchase('c', '2024-02-20', 7),
        purchase('b', '2024-02-01', 9),
      ],
      { ...periods, calibrationStart: '2024-01-01' },
    );
    const columns = summary.columns;
    expect(columns?.length).toBe(summary.customers.length);
    summary.customers.forEach((customer, k) => {
      for (const field of ['birth', 'x', 'tx', 'T', 'spend', 'firstSpend', 'holdoutX'] as const) {
        expect(columns?.[field][k]).toBe(customer[field]);
      }
      expect(columns?.customerId[k]).toBe(customer.customerId);
      expect(columns?.row[k]).toBe(customer.row);
    });
    // Customers left out of the cohort leave no trailing entries in the columns.
    expect(columns?.x.length).toBe(summary.customers.length);
    expect(summary.customers).toBe(summary.customers);
  });

  it('reports customers whose mean repeat spend is not positive instead of hiding them', () => {
    const summary = summarizeCustomers(
      [
        purchase('a', '2024-01-01', 10),
        purchase('a', '2024-01-08', 20, 'o-refunded'),
        refund('a', '2024-01-09', 20, 'o-refunded'),
        purchase('b', '2024-01-01', 10),
      ],
      periods,
    );
    expect(summary.nonPositiveSpend).toEqual(['a']);
    expect(summary.customers.find((customer) => customer.customerId === 'a')?.x).toBe(1);
  });

  it('ignores a holdout refund of a calibration purchase when summarising calibration', () => {
    const summary = summarizeCustomers(
      [
        purchase('a', '2024-01-01', 10),
        purchase('a', '2024-01-08', 20, 'o2'),
        refund('a', '2024-02-10', 20, 'o2'),
      ],
      periods,
    );
    expect(summary.customers[0]?.spend).toBe(20);
  });

  it('skips event types other than purchase and refund', () => {
    const summary = summarizeCustomers(
      [
        purchase('a', '2024-01-01', 10),
        { id: 'x', type: 'usage.login', customerId: 'a', at: Date.parse('2024-01-02'), data: {} },
      ],
      periods,
    );
    expect(summary.customers[0]?.x).toBe(0);
  });

  it('refuses a mix of currencies unless one is chosen', () => {
    const euro: TenureEvent = {
      id: 'eur',
      type: 'purchase',
      customerId: 'a',
      at: Date.parse('2024-01-05'),
      data: { orderId: 'x', amount: 5, currency: 'EUR' },
    };
    const events = [purchase('a', '2024-01-01', 10), euro];
    let thrown: unknown;
    try {
      summarizeCustomers(events, periods);
    } catch (error) {
      thrown = error;
    }
    expect(isTenureError(thrown, 'TENURE_INVALID_MODEL_INPUT')).toBe(true);
    expect(String(thrown)).toMatch(/currency: 'USD'/);
    const usd = summarizeCustomers(events, { ...periods, currency: 'USD' });
    expect(usd.ignoredEvents).toBe(1);
    expect(usd.customers[0]?.x).toBe(0);
  });

  it('refuses an amount without a currency beside amounts in one, whatever their order', () => {
    const bare: TenureEvent = {
      id: 'bare',
      type: 'purchase',
      customerId: 'a',
      at: Date.parse('2024-01-01'),
      data: { orderId: 'y', amount: 5 },
    };
    const later = purchase('a', '2024-01-05', 10);
    // In this order the bare amount was summed with the dollars (x = 1, spend 10, no error).
    for (const events of [
      [bare, later],
      [later, bare],
    ]) {
      expect(() => summarizeCustomers(events, periods)).toThrowError(
        /^summarizeCustomers: event "bare"\.data\.currency must be USD, the currency of (earlier|later) events .*, received "undefined"\. Pass \{ currency: 'USD' \}/,
      );
      const usd = summarizeCustomers(events, { ...periods, currency: 'USD' });
      expect(usd.ignoredEvents).toBe(1);
      expect(usd.customers[0]).toMatchObject({ x: 0, firstSpend: 10 });
    }
  });

  it('rejects dates it cannot read and periods out of order, naming the option', () => {
    expect(() => summarizeCustomers([], { calibrationEnd: 'September' })).toThrow(
      /options\.calibrationEnd must be an ISO-8601 date .*, received "September"/,
    );
    expect(() =>
      summarizeCustomers([], { calibrationEnd: '2024-02-01', holdoutEnd: '2024-01-01' }),
    ).toThrow(/out of order/);
  });

  it('reads async sources and batches', async () => {
    async function* source() {
      yield [purchase('a', '2024-01-01', 10), purchase('a', '2024-01-08', 20)];
      yield purchase('a', '2024-01-15', 30);
    }
    const summary = await summarizeCustomersAsync(source(), periods);
    expect(summary.customers[0]).toMatchObject({ x: 2, spend: 25 });
    async function* batches() {
      yield { events: [purchase('b', '2024-01-01', 10), purchase('b', '2024-01-22', 20)] };
    }
    expect((await summarizeCustomersAsync(batches(), periods)).customers[0]).toMatchObject({
      x: 1,
      tx: 3,
    });
  });
});
