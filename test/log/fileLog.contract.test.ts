import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createFileLog } from '../../src/log/file/createFileLog.js';
import { testEventLog } from '../../src/testing/testEventLog.js';

testEventLog('file log', async () => {
  const directory = await mkdtemp(join(tmpdir(), 'tenure-file-log-'));
  return {
    log: await createFileLog(join(directory, 'events.jsonl')),
    cleanup: () => rm(directory, { recursive: true, force: true }),
  };
});
