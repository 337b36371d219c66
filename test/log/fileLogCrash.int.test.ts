import { type ChildProcess, spawn } from 'node:child_process';
import { readFile, truncate } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createFileLog } from '../../src/log/file/createFileLog.js';
import { bundledChild } from './support/bundledChild.js';

const KILLS = 52;
const KILLS_PER_FILE = 13;

const bundle = bundledChild(
  new URL('./fixtures/fileLogCrashChild.ts', import.meta.url),
  'tenure-crash-',
);

/** Same sizes as the child's `crashBatchSize`. */
function batchSize(batch: number): number {
  return 1 + ((batch * 37) % 60);
}

/** A small seeded PRNG (mulberry32): the kill schedule is reproducible, not the OS's timing. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Run {
  readonly acked: Map<string, number>;
}

/** Spawns the child, lets it append for `delay` ms after opening, and kills it with SIGKILL. */
async function appendUntilKilled(path: string, run: number, delay: number): Promise<Run> {
  const child: ChildProcess = spawn(process.execPath, [bundle.script, path, String(run)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const acked = new Map<string, number>();
  let stderr = '';
  let buffered = '';
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  child.stderr!.on('data', (data: Buffer) => {
    stderr += data.toString();
  });
  const ready = new Promise<void>((resolve) => {
    child.stdout!.on('data', (data: Buffer) => {
      buffered += data.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop()!;
      for (const line of lines) {
        if (line === 'ready') resolve();
        const [word, id, size] = line.split(' ');
        if (word === 'ack') acked.set(id!, Number(size));
      }
    });
  });
  await Promise.race([ready, exited]);
  await new Promise((resolve) => setTimeout(resolve, delay));
  child.kill('SIGKILL');
  await exited;
  if (stderr !== '') throw new Error(`the child failed: ${stderr}`);
  return { acked };
}

describe('file log under SIGKILL', () => {
  it(`keeps every acknowledged append and only whole appends across ${KILLS} kills`, async () => {
    const next = random(20240501);
    const allAcked = new Map<string, number>();
    let tornTails = 0;
    let totalAcked = 0;
    let path = '';
    for (let run = 0; run < KILLS; run++) {
      // A fresh file every few kills keeps each reopen (scan, verify, read) short.
      if (run % KILLS_PER_FILE === 0) {
        path = join(bundle.directory, `events-${run}.jsonl`);
        allAcked.clear();
      }
      const { acked } = await appendUntilKilled(path, run, Math.floor(next() * 40));
      for (const [id, size] of acked) allAcked.set(id, size);
      totalAcked += acked.size;

      // Every few kills, also cut the file inside its unacknowledged tail, as a power loss
      // during a write would: recovery must drop exactly that tail.
      const text = await readFile(path, 'utf8');
      const lastAcked = lastAckedLineEnd(text, allAcked);
      if (run % 3 === 0 && text.length > lastAcked + 1) {
        await truncate(
          path,
          Buffer.byteLength(
            text.slice(0, lastAcked + 1 + Math.floor(next() * (text.length - lastAcked - 1))),
          ),
        );
        tornTails++;
      }

      const log = await createFileLog(path);
      try {
        expect(await log.verify()).toMatchObject({ ok: true });
        const counts = new Map<string, number>();
        let position = 0;
        for await (const event of log.read()) {
          expect(event.position).toBe(++position);
          const batch = event.id.slice(0, event.id.lastIndexOf('-'));
          counts.set(batch, (counts.get(batch) ?? 0) + 1);
        }
        for (const [id, size] of allAcked) expect(counts.get(id), `acknowledged ${id}`).toBe(size);
        for (const [id, count] of counts) {
          expect(count, `append ${id} is whole`).toBe(batchSize(Number(id.split('-b')[1])));
        }
      } finally {
        await log.close();
      }
    }
    expect(totalAcked).toBeGreaterThan(KILLS);
    expect(tornTails).toBeGreaterThan(0);
  });
});

/** Character index of the newline ending the last record of an acknowledged batch (or -1). */
function lastAckedLineEnd(text: string, acked: ReadonlyMap<string, number>): number {
  let end = -1;
  let start = 0;
  while (start < text.length) {
    const newline = text.indexOf('\n', start);
    if (newline < 0) break;
    // The id opens the event: `"t":["<id>"` (record format 2) or `"e":{"id":"<id>"` (format 1).
    const match = /(?:"t":\["|"id":")(r\d+-b\d+)-\d+"/.exec(
      text.slice(start, Math.min(newline, start + 200)),
    );
    if (match !== null && acked.has(match[1]!)) end = newline;
    start = newline + 1;
  }
  return end;
}
