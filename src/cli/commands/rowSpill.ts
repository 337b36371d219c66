import { createReadStream, rmSync } from 'node:fs';
import { type FileHandle, mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readLines, type SourceLine } from '../../import/readLines.js';
import { CliError, EXIT_BAD_INPUT } from '../CliError.js';

/** Characters of rows gathered before one write to a run's file: few writes, little memory. */
const WRITE_CHUNK = 1 << 20;

/**
 * Output rows held in temporary files rather than in memory, to be written in customer id order.
 * They come in runs already in that order (each pass of `projectCustomers` hands out its own
 * customers so); each run is a file, and the files are merged when the rows are read back.
 */
export interface RowSpill {
  /**
   * Adds `row`, the row of `customerId`. An id before the last one (in code unit order) starts
   * a new run. The ids are unique.
   */
  add(customerId: string, row: string): Promise<void>;
  /** Every row, in customer id order: a merge of the runs. Once, after the last `add`. */
  sorted(): AsyncGenerator<string, void, undefined>;
  /** Removes the files at once, for a signal that must not wait for the next `await`. */
  removeNow(): void;
  /** Closes and removes the files: in every case, once the rows are written or not. */
  remove(): Promise<void>;
}

/** One run's file while it is written. */
interface OpenRun {
  readonly path: string;
  readonly file: FileHandle;
  pending: string;
}

/**
 * A {@link RowSpill} in a new directory of `os.tmpdir()` (`TMPDIR`), for the rows of `output`
 * (`--json`) of `tenure <command>`. Throws `CliError` (exit 1) when the directory cannot be
 * created or a file written, with what to do.
 *
 * @example
 * ```ts
 * const spill = await createRowSpill('project', '--csv');
 * try {
 *   await spill.add('c2', 'c2,active');
 *   await spill.add('c1', 'c1,lost'); // a new run
 *   for await (const row of spill.sorted()) process.stdout.write(`${row}\n`); // c1, then c2
 * } finally {
 *   await spill.remove();
 * }
 * ```
 */
export async function createRowSpill(command: string, output: string): Promise<RowSpill> {
  const base = tmpdir();
  const directory = await mkdtemp(join(base, 'tenure-rows-')).catch((error: unknown) => {
    throw unwritable(
      command,
      `cannot create a temporary directory in ${base} for the rows of ${output}`,
      error,
    );
  });
  const runs: string[] = [];
  let writing: OpenRun | undefined;
  let last: string | undefined;

  const failed = (path: string) => (error: unknown) => {
    throw unwritable(
      command,
      `cannot write the rows of ${output} to the temporary file ${path}`,
      error,
    );
  };
  async function flush(run: OpenRun): Promise<void> {
    const text = run.pending;
    run.pending = '';
    // appendFile writes it all, where one write() may write a part.
    await run.file.appendFile(text).catch(failed(run.path));
  }
  async function closeRun(): Promise<void> {
    const run = writing;
    if (run === undefined) return;
    writing = undefined;
    try {
      await flush(run);
    } finally {
      await run.file.close();
    }
  }

  return {
    async add(customerId, row) {
      if (writing === undefined || (last !== undefined && customerId < last)) {
        await closeRun();
        const path = join(directory, `run-${runs.length}.jsonl`);
        const file = await open(path, 'ax').catch(failed(path));
        runs.push(path);
        writing = { path, file, pending: '' };
      }
      last = customerId;
      // One JSON array a line: ids and rows may hold any character, line breaks included.
      writing.pending += `${JSON.stringify([customerId, row])}\n`;
      if (writing.pending.length >= WRITE_CHUNK) await flush(writing);
    },
    async *sorted() {
      await closeRun();
      yield* mergeRuns(runs);
    },
    removeNow() {
      // Open files are removed too (POSIX); where they cannot be, remove() tries again.
      try {
        rmSync(directory, { recursive: true, force: true });
      } catch {}
    },
    async remove() {
      await writing?.file.close().catch(() => undefined);
      writing = undefined;
      await rm(directory, { recursive: true, force: true });
    },
  };
}

/** A run's next row, and the rest of its file. */
interface Head {
  id: string;
  row: string;
  readonly lines: AsyncGenerator<SourceLine>;
}

/** The rows of the run files at `paths`, each in id order, merged in id order. */
async function* mergeRuns(paths: readonly string[]): AsyncGenerator<string, void, undefined> {
  const readers = paths.map((path) => readLines(createReadStream(path, { encoding: 'utf8' })));
  try {
    const heads: Head[] = [];
    for (const lines of readers) {
      const first = await lines.next();
      if (first.done !== true) heads.push({ ...entry(first.value.text), lines });
    }
    // A scan of the heads for the least id: there are as many as passes, a handful.
    while (heads.length > 0) {
      let least = 0;
      for (let index = 1; index < heads.length; index++) {
        if ((heads[index] as Head).id < (heads[least] as Head).id) least = index;
      }
      const head = heads[least] as Head;
      yield head.row;
      const next = await head.lines.next();
      if (next.done === true) heads.splice(least, 1);
      else Object.assign(head, entry(next.value.text));
    }
  } finally {
    // Closes the files of runs not read to their end (a failure or a signal mid-way).
    await Promise.all(readers.map((lines) => lines.return(undefined)));
  }
}

function entry(line: string): { id: string; row: string } {
  const [id, row] = JSON.parse(line) as [string, string];
  return { id, row };
}

function unwritable(command: string, problem: string, error: unknown): CliError {
  const reason = error instanceof Error ? error.message : String(error);
  return new CliError(
    EXIT_BAD_INPUT,
    `tenure ${command}: ${problem} (${reason}); they wait there to be written in customer id order. Set TMPDIR to a writable directory with room for about the size of the output (e.g. TMPDIR=/var/tmp tenure ${command} ...).`,
  );
}
