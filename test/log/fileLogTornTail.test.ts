/**
 * A crash can stop an append at any byte. Whatever byte it stops at, opening the log keeps
 * exactly the appends before it (all of a batch or none of it), and the next append makes a file
 * that verifies: the torn tail is removed, not left in front of the new records.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EventInput } from '../../src/events/TenureEvent.js';
import { createFileLog } from '../../src/log/file/createFileLog.js';
import { verifyFileLog } from '../../src/log/file/verifyFileLog.js';

let directory: string;

beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), 'tenure-torn-tail-'));
});
afterEach(async () => {
  await rm(directory, { recursive: true, force: true });
});

// Non-ASCII data: byte offsets and character offsets differ.
function login(id: string, customerId: string): EventInput {
  return { id, type: 'usage.login', customerId, at: 1_700_000_000_000, data: { device: 'wéb' } };
}

/** A log of two single-event appends and a three-event one; the byte where the last begins. */
async function writeLog(): Promise<{ bytes: Buffer; lastAppendStart: number }> {
  const path = join(directory, 'whole.jsonl');
  const log = await createFileLog(path);
  await log.append([login('e1', 'c1')]);
  await log.append([login('e2', 'c2')]);
  const lastAppendStart = (await readFile(path)).length;
  await log.append([login('e3', 'c1'), login('e4', 'c2'), login('e5', 'c1')]);
  await log.close();
  return { bytes: await readFile(path), lastAppendStart };
}

/** Opens `content` as a log, appends one event, and describes what it kept and verified. */
async function recoverAndAppend(name: string, content: Buffer): Promise<string> {
  const path = join(directory, name);
  await writeFile(path, content);
  const log = await createFileLog(path);
  const kept: string[] = [];
  for await (const event of log.read()) kept.push(event.id);
  await log.append([login('next', 'c3')]);
  const verified = await log.verify();
  await log.close();
  const fromDisk = await verifyFileLog(path);
  await rm(path);
  return `kept ${kept.join(',')}; verify ${verified.ok} ${verified.records}; file ${fromDisk.ok}`;
}

describe('createFileLog: a crash at any byte of an append', () => {
  it('keeps the whole appends before it, and the next append verifies, whichever byte it stopped at', async () => {
    const { bytes, lastAppendStart } = await writeLog();
    const outcomes = new Map<string, number[]>();
    for (let cut = lastAppendStart; cut <= bytes.length; cut++) {
      const outcome = await recoverAndAppend(`cut-${cut}.jsonl`, bytes.subarray(0, cut));
      outcomes.set(outcome, [...(outcomes.get(outcome) ?? []), cut]);
    }
    expect(outcomes.get('kept e1,e2; verify true 3; file true')).toHaveLength(
      bytes.length - lastAppendStart,
    );
    expect(outcomes.get('kept e1,e2,e3,e4,e5; verify true 6; file true')).toEqual([bytes.length]);
    expect(outcomes.size).toBe(2);
  }, 60_000);

  it('drops a tail of zeros (the file extended, its data not yet written), whatever its length', async () => {
    const { bytes, lastAppendStart } = await writeLog();
    const acknowledged = bytes.subarray(0, lastAppendStart);
    for (const zeros of [1, 5, 64, bytes.length - lastAppendStart, 5000]) {
      const content = Buffer.concat([acknowledged, Buffer.alloc(zeros)]);
      expect(await recoverAndAppend(`zeros-${zeros}.jsonl`, content), `${zeros} zeros`).toBe(
        'kept e1,e2; verify true 3; file true',
      );
    }
  });
});
