/**
 * docs/reference/errors.md is the list users branch on: every code the sources throw has a row
 * there, and every row names a code the sources still throw.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../examples/runExample.js';

const CODE = /'(TENURE_[A-Z_]+)'/g;

function sourceFiles(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

function codesThrownBySources(): Set<string> {
  const codes = new Set<string>();
  for (const file of sourceFiles(join(repoRoot, 'src'))) {
    for (const match of readFileSync(file, 'utf8').matchAll(CODE)) codes.add(match[1] as string);
  }
  return codes;
}

function codesInTheReference(): Set<string> {
  const reference = readFileSync(join(repoRoot, 'docs', 'reference', 'errors.md'), 'utf8');
  const rows = reference.split('\n').filter((line) => line.startsWith('| `TENURE_'));
  return new Set(rows.map((row) => /`(TENURE_[A-Z_]+)`/.exec(row)?.[1] as string));
}

describe('the error reference (docs/reference/errors.md)', () => {
  it('has a row for every error code tenure throws', () => {
    const documented = codesInTheReference();
    const missing = [...codesThrownBySources()].filter((code) => !documented.has(code));
    expect(missing).toEqual([]);
  });

  it('lists no code that tenure no longer throws', () => {
    const thrown = codesThrownBySources();
    const stale = [...codesInTheReference()].filter((code) => !thrown.has(code));
    expect(stale).toEqual([]);
  });
});
