import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { createFileLog } from '../../src/log/file/createFileLog.js';
import { generateSampleBusiness } from '../../src/sample/generateSampleBusiness.js';

/**
 * A file log of 200 sample customers (seed 5, 2023 and 2024, USD) in a directory of its own,
 * written once before the file's tests and removed after them; the commands' output files go
 * beside it.
 */
export function useSampleFileLog(prefix: string) {
  let directory = '';
  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), `${prefix}-`));
    const file = await createFileLog(join(directory, 'events.jsonl'));
    await file.append([
      ...generateSampleBusiness({
        seed: 5,
        customers: 200,
        start: '2023-01-01',
        end: '2025-01-01',
        currency: 'USD',
      }),
    ]);
    await file.close();
  });
  afterAll(async () => {
    await rm(directory, { recursive: true, force: true });
  });
  return {
    /** The log's path. */
    get log(): string {
      return join(directory, 'events.jsonl');
    },
    /** The path of `name` beside the log. */
    path: (name: string) => join(directory, name),
  };
}
