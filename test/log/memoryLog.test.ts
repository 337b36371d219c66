import { describe, expect, it } from 'vitest';
import { createMemoryLog } from '../../src/log/createMemoryLog.js';
import { CUSTOMER_STREAMS, holdsCustomerStreams } from '../../src/log/customerStreams.js';
import { testEventLog } from '../../src/testing/testEventLog.js';

testEventLog('memory log', async () => ({ log: createMemoryLog() }));

describe('createMemoryLog after close', () => {
  it('answers every call with LogClosedError', async () => {
    const log = createMemoryLog();
    await log.close();
    await expect(log.position()).rejects.toMatchObject({
      code: 'TENURE_LOG_CLOSED',
      message: expect.stringMatching(/^log\.position: the memory log is closed/),
    });
  });
});

describe('createMemoryLog reads', () => {
  it('hand out the stored events themselves', async () => {
    const log = createMemoryLog();
    await log.append([
      { id: 'e1', type: 'usage.login', customerId: 'c1', at: '2024-01-01T00:00:00Z', data: {} },
    ]);
    const first = [];
    for await (const event of log.read()) first.push(event);
    const second = [];
    for await (const event of log.read({ customerId: 'c1' })) second.push(event);
    expect(second[0]).toBe(first[0]);
  });
});

describe('createMemoryLog customer streams (what a batch projection folds)', () => {
  const at = (day: number) => Date.UTC(2024, 0, day);

  it("hand each customer's events in position order, the position read, and the last folded time", async () => {
    const log = createMemoryLog();
    expect(holdsCustomerStreams(log)).toBe(true);
    if (!holdsCustomerStreams(log)) return;
    expect(log[CUSTOMER_STREAMS]()).toEqual({
      end: 0,
      lastFoldedAt: undefined,
      streams: new Map(),
    });
    await log.append([
      { id: 'e1', type: 'usage.login', customerId: 'c1', at: at(5), data: {} },
      { id: 'e2', type: 'usage.login', customerId: 'c2', at: at(3), data: {} },
      { id: 'e3', type: 'usage.login', customerId: 'c1', at: at(2), data: {} },
      // Bookkeeping is in the streams, but is not folded: its time is not the last folded one.
      { id: 'e4', type: 'customer.profile', customerId: 'c3', at: at(9), data: { name: 'Ann' } },
      { id: 'e5', type: 'event.voided', customerId: 'c2', at: at(7), data: { eventId: 'e2' } },
    ]);
    const { end, lastFoldedAt, streams } = log[CUSTOMER_STREAMS]();
    expect({ end, lastFoldedAt }).toEqual({ end: 5, lastFoldedAt: at(7) });
    const ids = (customerId: string) => streams.get(customerId)?.map((event) => event.id);
    expect([ids('c1'), ids('c2'), ids('c3')]).toEqual([['e1', 'e3'], ['e2', 'e5'], ['e4']]);
  });

  it('are refused once the log is closed', async () => {
    const log = createMemoryLog();
    await log.close();
    if (!holdsCustomerStreams(log)) throw new Error('the memory log holds its streams');
    expect(() => log[CUSTOMER_STREAMS]()).toThrow(
      expect.objectContaining({ code: 'TENURE_LOG_CLOSED' }),
    );
  });
});
