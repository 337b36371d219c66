import { createMemoryLog } from '../../src/log/createMemoryLog.js';
import { testEventLog } from '../../src/testing/testEventLog.js';

testEventLog('memory log', async () => ({ log: createMemoryLog() }));
