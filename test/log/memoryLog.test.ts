import { describe, expect, it } from 'vitest';
import { createMemoryLog } from '../../src/log/createMemoryLog.js';
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
