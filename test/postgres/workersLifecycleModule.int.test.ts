import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/runCli.js';
import { createLifecycle } from '../../src/projection/createLifecycle.js';
import { tenureSource, useModuleDirectory } from '../cli/moduleDirectory.js';
import { usePostgres } from '../support/usePostgres.js';
import { expectTableEqualsReplay } from './expectTableEqualsReplay.js';
import { sampleSchema } from './sampleSchema.js';

/** `tenure project --workers --lifecycle <module>`: the module's lifecycle, its inputs included. */

const db = usePostgres();
const files = useModuleDirectory('workers-lifecycle-module');

describe('tenure project --workers --lifecycle <module>', () => {
  it("projects the module's createLifecycle({ input }) with its machine inputs into the table", async () => {
    const { schema, pool, asOf } = await sampleSchema(db, 4);
    const input = { retention: { expectedGapDays: 30 } };
    const module = await files.write(
      'gap.mjs',
      `import { createLifecycle } from ${JSON.stringify(tenureSource)};\nexport default createLifecycle({ input: ${JSON.stringify(input)} });\n`,
    );
    const stderr: string[] = [];
    const io = {
      stdout: { write: () => true },
      stderr: { write: (text: string) => stderr.push(text) > 0 },
    };
    const args = ['project', '--workers', '1', '--partitions', '8', '--database', db.url];
    const run = [...args, '--schema', schema, '--as-of', new Date(asOf).toISOString()];
    expect(await runCli([...run, '--lifecycle', module, '--projection', 'gap'], io)).toBe(0);
    expect(stderr).toEqual([]);
    await expectTableEqualsReplay(pool, schema, asOf, {
      valued: true,
      projection: 'gap',
      lifecycle: createLifecycle({ input }),
    });
    // The inputs are part of the projection: the default lifecycle is another one.
    expect(await runCli([...run, '--projection', 'gap'], io)).toBe(2);
    expect(stderr.join('')).toMatch(
      /is projected with lifecycle default@2\(.*"expectedGapDays":30/,
    );
  });
});
