import { readdirSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CliError } from '../../src/cli/CliError.js';
import { createRowSpill } from '../../src/cli/commands/rowSpill.js';
import { useTempFiles } from './tempFiles.js';

const temp = useTempFiles('tenure-row-spill');
let tmpdirBefore: string | undefined;
beforeEach(() => {
  tmpdirBefore = process.env.TMPDIR;
  process.env.TMPDIR = temp.path('');
});
afterEach(() => {
  if (tmpdirBefore === undefined) delete process.env.TMPDIR;
  else process.env.TMPDIR = tmpdirBefore;
});

async function all(rows: AsyncIterable<string>): Promise<string[]> {
  const out: string[] = [];
  for await (const row of rows) out.push(row);
  return out;
}

describe('createRowSpill', () => {
  it('gives back every row, in id order, from runs in id order each', async () => {
    const spill = await createRowSpill('project', '--json');
    try {
      // Three runs, as three passes hand them out; rows with line breaks, quotes, commas and
      // characters beyond ASCII come back as they went in.
      const runs = [
        ['b', 'd', 'é'],
        ['a', 'c\n2', 'e'],
        ['Z', 'f'],
      ];
      for (const run of runs)
        for (const id of run)
          await spill.add(id, `{\n  "id": ${JSON.stringify(id)}, "x": "a,b"\n}`);
      const ids = runs.flat().sort();
      expect(ids).toEqual(['Z', 'a', 'b', 'c\n2', 'd', 'e', 'f', 'é']);
      expect(await all(spill.sorted())).toEqual(
        ids.map((id) => `{\n  "id": ${JSON.stringify(id)}, "x": "a,b"\n}`),
      );
      expect(readdirSync(temp.path(''), { recursive: true }).length).toBe(4);
    } finally {
      await spill.remove();
    }
    expect(readdirSync(temp.path(''))).toEqual([]);
  });

  it('gives nothing back without rows, and removes its directory when a merge is left', async () => {
    const empty = await createRowSpill('project', '--csv');
    expect(await all(empty.sorted())).toEqual([]);
    await empty.remove();
    const spill = await createRowSpill('project', '--csv');
    for (const id of ['c', 'a', 'b']) await spill.add(id, id);
    for await (const row of spill.sorted()) {
      expect(row).toBe('a');
      break;
    }
    await spill.remove();
    expect(readdirSync(temp.path(''))).toEqual([]);
  });

  it('says where it cannot write, and to set TMPDIR', async () => {
    const spill = await createRowSpill('project', '--json');
    await spill.add('b', 'row b');
    // Its directory gone (a cleaner of /tmp, a full disk): the next run's file cannot be made.
    await rm(readdirSync(temp.path('')).map((name) => temp.path(name))[0] as string, {
      recursive: true,
    });
    const failure = await spill.add('a', 'row a').catch((error: unknown) => error);
    await spill.remove();
    expect(failure).toBeInstanceOf(CliError);
    expect((failure as CliError).exitCode).toBe(1);
    expect((failure as CliError).message).toMatch(
      /^tenure project: cannot write the rows of --json to the temporary file .+run-1\.jsonl \(ENOENT.*\); they wait there to be written in customer id order\. Set TMPDIR to a writable directory with room for about the size of the output \(e\.g\. TMPDIR=\/var\/tmp tenure project \.\.\.\)\.$/,
    );
  });
});
