import { describe, expect, it } from 'vitest';
import { createProjectionWorker, runProjectionWorkers } from '../../src/log/postgres/index.js';
import { fiveStageLifecycle } from '../../src/machines/index.js';
import { createLifecycle } from '../../src/projection/createLifecycle.js';
import { usePostgres } from '../support/usePostgres.js';
import { expectTableEqualsReplay } from './expectTableEqualsReplay.js';
import { sampleSchema } from './sampleSchema.js';

const db = usePostgres();

describe("the workers' lifecycle option", () => {
  it('takes the Lifecycle that createLifecycle makes, as projectWithValues does', async () => {
    const { schema, pool, asOf } = await sampleSchema(db, 3);
    const lifecycle = createLifecycle({ definition: fiveStageLifecycle });
    await runProjectionWorkers({
      connectionString: db.url,
      schema,
      asOf,
      workers: 2,
      partitions: 8,
      lifecycle,
    });
    await expectTableEqualsReplay(pool, schema, asOf, { lifecycle });
  });

  it("still takes createLifecycle's options, and both forms of one lifecycle are the same projection", async () => {
    const { schema, pool, asOf } = await sampleSchema(db, 3);
    const input = { retention: { expectedGapDays: 30 } };
    const base = { pool, schema, asOf, partitions: 4 } as const;
    const fromObject = await createProjectionWorker({
      ...base,
      lifecycle: createLifecycle({ input }),
    });
    const fromOptions = await createProjectionWorker({ ...base, lifecycle: { input } });
    // Other machine inputs are another lifecycle, in either form.
    for (const lifecycle of [createLifecycle(), {}]) {
      await expect(createProjectionWorker({ ...base, lifecycle })).rejects.toMatchObject({
        code: 'TENURE_INVALID_OPTION',
        message: /is projected with lifecycle default@2\(.*"expectedGapDays":30/,
      });
    }
    // Each catches up with its share of the partitions.
    for (const worker of [fromObject, fromOptions]) {
      while (!(await worker.runOnce()).caughtUp);
    }
    await Promise.all([fromObject.stop(), fromOptions.stop()]);
    await expectTableEqualsReplay(pool, schema, asOf, {
      lifecycle: createLifecycle({ input }),
      partitions: 4,
    });
  });

  it('refuses a lifecycle definition passed as the lifecycle, naming the call that makes one', async () => {
    await expect(
      createProjectionWorker({
        connectionString: db.url,
        asOf: 0,
        lifecycle: fiveStageLifecycle as never,
      }),
    ).rejects.toMatchObject({
      code: 'TENURE_INVALID_OPTION',
      message:
        /^createProjectionWorker: options\.lifecycle is the lifecycle definition "five-stages" itself; pass createLifecycle\(\{ definition: yourLifecycle \}\)/,
    });
  });
});
