/**
 * The README's TypeScript blocks are programs users paste: each one runs here against the
 * sources, and every `// prints: ...` comment must match what the block prints.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, vi } from 'vitest';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const blocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((match) => match[1] as string);

function expectedOutput(code: string): string[] {
  return [...code.matchAll(/\/\/ prints: (.*)$/gm)].map((match) => (match[1] as string).trim());
}

const scratch = new URL('../.tmp/readme-blocks/', import.meta.url);

/** Writes a block where vite transforms it (a file inside the project, ignored by git). */
function writeBlock(code: string): string {
  mkdirSync(scratch, { recursive: true });
  const file = new URL(`block-${blocks.indexOf(code) + 1}.ts`, scratch);
  writeFileSync(file, code);
  return fileURLToPath(file);
}

/** Runs a block as an ES module (through vite, so 'tenure' resolves to src) and captures its log. */
async function run(code: string): Promise<string[]> {
  const lines: string[] = [];
  const spy = vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => {
    lines.push(args.map(String).join(' '));
  });
  try {
    await import(/* @vite-ignore */ writeBlock(code));
  } finally {
    spy.mockRestore();
  }
  return lines;
}

describe('README', () => {
  it('has a quick start', () => {
    expect(blocks.length).toBeGreaterThanOrEqual(2);
  });

  it.each(blocks.map((code, index) => [index + 1, code] as const))(
    'block %i runs and prints what its comments say',
    async (_, code) => {
      const printed = await run(code);
      const expected = expectedOutput(code);
      expect(printed.slice(0, expected.length)).toEqual(expected);
      expect(printed.length).toBeGreaterThan(0);
    },
  );
});
