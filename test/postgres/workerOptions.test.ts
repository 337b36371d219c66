import { describe, expect, it } from 'vitest';
import { createProjectionWorker, runProjectionWorkers } from '../../src/log/postgres/index.js';

// Options are checked before any connection: nothing listens on port 1, and no test gets there.
const base = { connectionString: 'postgres://nobody@127.0.0.1:1/none', asOf: '2024-12-31' };

describe('projection worker options that cannot work', () => {
  it.each([
    [
      'workers',
      { workers: '2' },
      'runProjectionWorkers: workers must be an integer from 1 to 256, got "2".',
    ],
    [
      'partitions',
      { partitions: '4' },
      'runProjectionWorkers: partitions must be an integer from 1 to 1048576, got "4".',
    ],
    ['follow', { follow: 'yes' }, 'runProjectionWorkers: follow must be true or false, got "yes".'],
  ])('runProjectionWorkers refuses %s as the caller wrote it', async (_, options, message) => {
    await expect(runProjectionWorkers({ ...base, ...options } as never)).rejects.toMatchObject({
      code: 'TENURE_INVALID_OPTION',
      message,
    });
  });

  it('createProjectionWorker shows a count given as a string as one', async () => {
    await expect(
      createProjectionWorker({ ...base, batchSize: '100' as never }),
    ).rejects.toMatchObject({
      code: 'TENURE_INVALID_OPTION',
      message:
        'createProjectionWorker: batchSize must be an integer from 1 to 10000000, got "100".',
    });
  });

  it.each([
    ['runProjectionWorkers', () => runProjectionWorkers(undefined as never)],
    ['createProjectionWorker', () => createProjectionWorker(undefined as never)],
  ])('%s without options says what they are', async (api, call) => {
    await expect(call()).rejects.toMatchObject({
      code: 'TENURE_INVALID_OPTION',
      message: `${api}: options must be an object such as { connectionString, asOf: '2024-12-31' }, got undefined.`,
    });
  });
});
