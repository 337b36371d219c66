import { describe, expect, it } from 'vitest';
import { createMemoryLog } from '../../src/log/createMemoryLog.js';
import { retainsEvents } from '../../src/projection/retainsEvents.js';
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
  it('hand out the stored events themselves, and say so to projections (retainsEvents)', async () => {
    const log = createMemoryLog();
    await log.append([
      { id: 'e1', type: 'usage.login', customerId: 'c1', at: '2024-01-01T00:00:00Z', data: {} },
    ]);
    const first = [];
    for await (const event of log.read()) first.push(event);
    const second = [];
    for await (const event of log.read({ customerId: 'c1' })) second.push(event);
    expect(second[0]).toBe(first[0]);
    expect(retainsEvents(log)).toBe(true);
  });
});
