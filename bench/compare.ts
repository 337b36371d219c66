/**
 * `npm run bench:compare -- <revA> [revB] [--case memory-log|array] [--events N] [--rounds N]`:
 * the projection's speed in two versions of tenure, measured in one process, round after round.
 *
 * Separate benchmark runs on a shared machine differ by more than most changes gain (the same
 * code has measured 1.4 to 2.4 CPU-s from one run to the next under load). Here both versions
 * project the same events in the same process, in pairs, alternating which goes first, with a
 * full collection before each run; the ratio is taken per pair, so load that comes and goes
 * hits both sides of a pair alike. Each version is a git worktree of its revision (revB
 * defaults to the working tree, uncommitted changes included), imported from its TypeScript
 * sources. The JSON of both projections is hashed first: a change that alters results is
 * reported and the command fails.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { formatNumber } from './harness.js';
import { pairedRatios } from './pairedRatios.js';

const repository = fileURLToPath(new URL('..', import.meta.url));
const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    case: { type: 'string', default: 'memory-log' },
    events: { type: 'string', default: '1000000' },
    rounds: { type: 'string', default: '10' },
  },
});
const events = Number(values.events);
const rounds = Number(values.rounds);
const source = values.case;
if (
  positionals.length < 1 ||
  positionals.length > 2 ||
  !(source === 'memory-log' || source === 'array') ||
  !Number.isInteger(events) ||
  events < 1 ||
  !Number.isInteger(rounds) ||
  rounds < 2
) {
  console.error(
    'usage: npm run bench:compare -- <revA> [revB, default: the working tree] [--case memory-log|array] [--events N >= 1] [--rounds N >= 2]',
  );
  process.exit(2);
}
const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) {
  console.error('bench/compare.ts needs --expose-gc (npm run bench:compare sets it)');
  process.exit(2);
}

/** The public API of one version, as the comparison uses it. */
interface Tenure {
  createMemoryLog(): { append(events: readonly unknown[]): Promise<unknown> };
  createLifecycle(): { project(source: unknown): Promise<unknown> };
  generateSampleBusiness(options: object): Iterable<unknown>;
}

interface Variant {
  readonly name: string;
  readonly run: () => Promise<unknown>;
  readonly hash: string;
  readonly times: number[];
}

const scratch = mkdtempSync(join(tmpdir(), 'tenure-compare-'));
const worktrees: string[] = [];
try {
  const roots = [positionals[0] as string, positionals[1]].map((revision) =>
    revision === undefined ? { name: 'working tree', root: repository } : checkout(revision),
  );
  const apis = [];
  for (const { root } of roots) {
    apis.push((await import(pathToFileURL(join(root, 'src/index.ts')).href)) as Tenure);
  }
  const sample = takeEvents(apis[0] as Tenure, events);
  const variants: Variant[] = [];
  for (const [index, api] of apis.entries()) {
    variants.push(await prepare((roots[index] as { name: string }).name, api, sample));
  }
  const [a, b] = variants as [Variant, Variant];
  if (a.hash !== b.hash) {
    console.error(
      `The projections differ: sha1 of the JSON ${a.hash} (${a.name}) vs ${b.hash} (${b.name}).`,
    );
    process.exitCode = 1;
  }
  for (let round = 0; round < rounds; round++) {
    for (const variant of round % 2 === 0 ? [a, b] : [b, a]) {
      gc();
      const before = process.cpuUsage();
      await variant.run();
      const used = process.cpuUsage(before);
      variant.times.push((used.user + used.system) / 1e6);
    }
  }
  console.log(
    `project(${source === 'memory-log' ? 'memory log' : 'array'}), ${formatNumber(sample.length)} events, ${rounds} paired rounds (CPU-s per run)`,
  );
  for (const variant of variants) {
    const sorted = [...variant.times].sort((x, y) => x - y);
    const median = sorted[sorted.length >> 1] as number;
    console.log(
      `  ${variant.name}: best ${(sorted[0] as number).toFixed(3)}, median ${median.toFixed(3)} (${formatNumber(sample.length / median)} events/CPU-s), sha1 ${variant.hash}`,
    );
  }
  const ratios = pairedRatios(a.times, b.times);
  const best = Math.min(...b.times) / Math.min(...a.times);
  console.log(
    `  ${b.name} / ${a.name}: per pair median ${ratios.median.toFixed(3)}, range ${ratios.low.toFixed(3)} to ${ratios.high.toFixed(3)}; best / best ${best.toFixed(3)} (below 1: ${b.name} is faster)`,
  );
} finally {
  for (const worktree of worktrees) {
    execFileSync('git', ['worktree', 'remove', '--force', worktree], { cwd: repository });
  }
  rmSync(scratch, { recursive: true, force: true });
}

/** A worktree of `revision` in the scratch folder, using this checkout's node_modules. */
function checkout(revision: string): { name: string; root: string } {
  const commit = execFileSync('git', ['rev-parse', '--short', `${revision}^{commit}`], {
    cwd: repository,
    encoding: 'utf8',
  }).trim();
  const root = join(scratch, commit);
  if (!existsSync(root)) {
    execFileSync('git', ['worktree', 'add', '--detach', '--quiet', root, commit], {
      cwd: repository,
    });
    worktrees.push(root);
    symlinkSync(join(repository, 'node_modules'), join(root, 'node_modules'), 'dir');
  }
  return { name: `${revision} (${commit})`, root };
}

/**
 * The first `count` events of a seeded sample business of `count / 10` customers, in time order
 * (as `npm run bench -- projection`: 1,000,000 events of 100,000 customers); fewer when the
 * business has fewer.
 */
function takeEvents(api: Tenure, count: number): unknown[] {
  const taken: unknown[] = [];
  const business = api.generateSampleBusiness({
    seed: 42,
    customers: Math.max(1, Math.ceil(count / 10)),
    order: 'time',
  });
  for (const event of business) {
    if (taken.length === count) break;
    taken.push(event);
  }
  return taken;
}

/** One version ready to run: its source of `sample`, its lifecycle and its result's hash. */
async function prepare(name: string, api: Tenure, sample: readonly unknown[]): Promise<Variant> {
  const lifecycle = api.createLifecycle();
  let input: unknown = sample;
  if (source === 'memory-log') {
    const log = api.createMemoryLog();
    for (let start = 0; start < sample.length; start += 10_000) {
      await log.append(sample.slice(start, start + 10_000));
    }
    input = log;
  }
  const projection = await lifecycle.project(input);
  const hash = createHash('sha1').update(JSON.stringify(projection)).digest('hex').slice(0, 12);
  return { name, run: () => lifecycle.project(input), hash, times: [] };
}
