import { spawn } from 'node:child_process';
import {
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createFileKeyStore } from '../../src/privacy/createFileKeyStore.js';
import { repoRoot, runScript } from '../examples/runExample.js';

const dirs: string[] = [];
function keyPath(): string {
  const dir = mkdtempSync(join(tmpdir(), 'tenure-keys-'));
  dirs.push(dir);
  return join(dir, 'keys.json');
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** Customer ids whose keys are in the file on disk. */
function onDisk(path: string): string[] {
  return Object.keys(JSON.parse(readFileSync(path, 'utf8')).keys).sort();
}

// Two stores on one file stand for two processes (a server and a script run by cron): each
// has its own copy of the keys in memory.
describe('createFileKeyStore shared by two stores (two processes)', () => {
  it('does not write a key back that the other store destroyed', async () => {
    const path = keyPath();
    const server = createFileKeyStore(path);
    const script = createFileKeyStore(path);
    await server.create('c1');
    await script.destroy('c1');
    await server.create('c2');
    expect(onDisk(path)).toEqual(['c2']);
    expect(await server.get('c1')).toBeUndefined();
  });

  it('loses no key the other store created', async () => {
    const path = keyPath();
    const first = createFileKeyStore(path);
    const second = createFileKeyStore(path);
    await first.get('nobody');
    await second.get('nobody');
    const a = await first.create('a');
    const b = await second.create('b');
    expect(onDisk(path)).toEqual(['a', 'b']);
    expect((await first.get('b'))?.id).toBe(b.id);
    expect((await second.get('a'))?.id).toBe(a.id);
  });

  it('gives both stores the same key when both create it at once', async () => {
    const path = keyPath();
    const first = createFileKeyStore(path);
    const second = createFileKeyStore(path);
    const ids = ['a', 'b', 'c', 'd', 'e', 'f'];
    const created = await Promise.all(ids.flatMap((id) => [first.create(id), second.create(id)]));
    expect(onDisk(path)).toEqual(ids);
    for (let index = 0; index < ids.length; index++) {
      expect(created[2 * index]?.id).toBe(created[2 * index + 1]?.id);
    }
  });
});

describe('createFileKeyStore in several processes', () => {
  it('keeps every key three processes created and none they destroyed', async () => {
    const path = keyPath();
    const worker = join(repoRoot, 'test/privacy/support/keyStoreWorker.ts');
    const runs = await Promise.all(
      ['a', 'b', 'c'].map((prefix) => runScript(worker, {}, [path, prefix, '60'])),
    );
    expect(runs.map((run) => run.stderr)).toEqual(['', '', '']);
    const expected = ['a', 'b', 'c'].flatMap((prefix) =>
      Array.from({ length: 60 }, (_, index) => index)
        .filter((index) => index % 3 !== 0)
        .map((index) => `${prefix}${index}`),
    );
    expect(onDisk(path)).toEqual(expected.sort());
  });

  it('breaks the lock of a process that crashed while holding it', async () => {
    const path = keyPath();
    const crashed = await new Promise<number>((resolve) => {
      const child = spawn(process.execPath, ['-e', '']);
      child.on('exit', () => resolve(child.pid as number));
    });
    writeFileSync(`${path}.lock`, JSON.stringify({ pid: crashed, host: hostname(), token: 't' }));
    await createFileKeyStore(path).create('c1');
    expect(onDisk(path)).toEqual(['c1']);
    expect(existsSync(`${path}.lock`)).toBe(false);
  });
});

describe('createFileKeyStore leaves no copy of a destroyed key', () => {
  it('removes a temporary file a crashed writer left behind, which holds the keys', async () => {
    const path = keyPath();
    const store = createFileKeyStore(path);
    await store.create('c1');
    // What a writer that crashed between writing and renaming left: a copy of every key.
    const leftover = `${path}.4242.tmp`;
    writeFileSync(leftover, readFileSync(path));
    await store.destroy('c1');
    const dir = join(path, '..');
    expect(readdirSync(dir).filter((name) => name !== 'keys.json')).toEqual([]);
  });

  it('writes the key file 0600 even over a temporary file of another mode', async () => {
    const path = keyPath();
    writeFileSync(`${path}.tmp`, 'stale', { mode: 0o644 });
    writeFileSync(`${path}.${process.pid}.tmp`, 'stale', { mode: 0o644 });
    await createFileKeyStore(path).create('c1');
    expect(statSync(path).mode & 0o077).toBe(0);
  });

  it('erases from the file a symbolic link points to, and keeps the link', async () => {
    const path = keyPath();
    const real = join(path, '..', 'secure');
    mkdirSync(real);
    const target = join(real, 'keys.json');
    writeFileSync(target, JSON.stringify({ format: 'tenure-keys', version: 1, keys: {} }));
    symlinkSync(target, path);
    const store = createFileKeyStore(path);
    await store.create('c1');
    await store.create('c2');
    await store.destroy('c1');
    expect(lstatSync(path).isSymbolicLink()).toBe(true);
    expect(onDisk(target)).toEqual(['c2']);
  });

  it('keeps the key of a customer whose id is __proto__', async () => {
    const path = keyPath();
    const key = await createFileKeyStore(path).create('__proto__');
    expect((await createFileKeyStore(path).get('__proto__'))?.id).toBe(key.id);
  });
});
