/**
 * The docs cannot rot: every ```ts block of docs/**\/*.md and of README.md is a complete program.
 * All of them are typechecked in one `tsc --noEmit` run (against src, through tsconfig `paths`,
 * as users import 'tenure'), and each is run with tsx and must finish without throwing. A block marked
 * ```ts no-run (it needs a server) is typechecked only.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { BlockResult } from './docs/runBlocks.js';
import { repoRoot, runScript, type ScriptRun } from './examples/runExample.js';

interface DocBlock {
  /** `docs/guides/deploy-on-postgres.md:42` */
  readonly where: string;
  readonly file: string;
  readonly code: string;
  readonly run: boolean;
}

const blocksDir = join(repoRoot, '.tmp', 'docs-blocks');

function markdownFiles(directory: string): string[] {
  if (!existsSync(directory)) return [];
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) return entry.name === 'api' ? [] : markdownFiles(path);
    return entry.name.endsWith('.md') ? [path] : [];
  });
}

/** The ```ts blocks of a Markdown file, with the line each starts on. */
function tsBlocks(path: string): DocBlock[] {
  const name = relative(repoRoot, path);
  const lines = readFileSync(path, 'utf8').split(/\r?\n/);
  const blocks: DocBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(ts|typescript)(\s+no-run)?\s*$/.exec(lines[i] as string);
    if (open === null) continue;
    const start = i + 1;
    const body: string[] = [];
    for (i += 1; i < lines.length && !(lines[i] as string).startsWith('```'); i++) {
      body.push(lines[i] as string);
    }
    const file = `${name.replace(/\.md$/, '').replace(/[^A-Za-z0-9]+/g, '-')}-L${start}.ts`;
    blocks.push({
      where: `${name}:${start}`,
      file,
      code: body.join('\n'),
      run: open[2] === undefined,
    });
  }
  return blocks;
}

const sources = [
  ...markdownFiles(join(repoRoot, 'docs')).sort(),
  ...(existsSync(join(repoRoot, 'README.md')) ? [join(repoRoot, 'README.md')] : []),
];
const blocks = sources.flatMap(tsBlocks);

let typecheck: ScriptRun;
const outcomes = new Map<string, BlockResult>();

beforeAll(async () => {
  rmSync(blocksDir, { recursive: true, force: true });
  mkdirSync(blocksDir, { recursive: true });
  for (const block of blocks) {
    // `export {}` makes every block a module, so top-level await typechecks.
    writeFileSync(join(blocksDir, block.file), `${block.code}\nexport {};\n`);
  }
  writeFileSync(
    join(blocksDir, 'tsconfig.json'),
    JSON.stringify({ extends: '../../tsconfig.json', include: ['./*.ts'] }, null, 2),
  );
  typecheck = await new Promise((resolve) => {
    execFile(
      process.execPath,
      [join(repoRoot, 'node_modules/typescript/bin/tsc'), '-p', join(blocksDir, 'tsconfig.json')],
      { cwd: repoRoot, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) =>
        resolve({ code: error === null ? 0 : Number(error.code ?? 1), stdout, stderr }),
    );
  });
  // Run the blocks in two processes (tsx and tenure load once per process, not per block).
  const runnable = blocks.filter((block) => block.run);
  const shards = [0, 1].map((shard) => runnable.filter((_, i) => i % 2 === shard));
  await Promise.all(
    shards.map(async (shard, i) => {
      const out = join(blocksDir, `results-${i}.json`);
      const files = shard.map((block) => join(blocksDir, block.file));
      const run = await runScript(join(repoRoot, 'test/docs/runBlocks.ts'), {}, [out, ...files]);
      const results: BlockResult[] = existsSync(out) ? JSON.parse(readFileSync(out, 'utf8')) : [];
      for (const block of shard) {
        const result = results.find((r) => r.file === join(blocksDir, block.file));
        outcomes.set(
          block.where,
          result ?? {
            file: block.file,
            ok: false,
            error: `the runner stopped first: ${run.stderr}`,
          },
        );
      }
    }),
  );
}, 240_000);

describe('docs code blocks', () => {
  it('exist: the docs show code', () => {
    expect(blocks.length).toBeGreaterThan(10);
  });

  it('typecheck together in one tsc run', () => {
    // Name the doc and line of each error instead of the temp file.
    const report = `${typecheck.stdout}${typecheck.stderr}`.replace(
      /\.tmp\/docs-blocks\/(\S+?)-L(\d+)\.ts\((\d+),(\d+)\)/g,
      (_, file: string, start: string, line: string) =>
        `${file} block at line ${start}, its line ${line}`,
    );
    expect(report).toBe('');
    expect(typecheck.code).toBe(0);
  });

  it.each(blocks.filter((block) => block.run).map((block) => [block.where, block] as const))(
    '%s runs and exits 0',
    (_, block) => {
      const outcome = outcomes.get(block.where);
      expect(outcome?.error).toBeUndefined();
      expect(outcome?.ok).toBe(true);
    },
  );
});
