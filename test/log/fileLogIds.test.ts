import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EventInput, StoredEvent } from '../../src/events/TenureEvent.js';
import type { EventLog } from '../../src/log/EventLog.js';
import { createFileLog } from '../../src/log/file/createFileLog.js';
import { encodeBatch, GENESIS_HASH } from '../../src/log/file/fileRecord.js';
import { hashId, IdTable } from '../../src/log/file/IdTable.js';
import { verifyFileLog } from '../../src/log/file/verifyFileLog.js';

/**
 * A file log knows its ids by 32-bit hash only (IdTable): ids whose hashes collide must still be
 * told apart, by the records on disk, when appending and when opening.
 */

let directory: string;
let path: string;
const opened: EventLog[] = [];

beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), 'tenure-file-log-ids-'));
  path = join(directory, 'events.jsonl');
});

afterEach(async () => {
  await Promise.all(opened.splice(0).map((log) => log.close().catch(() => undefined)));
  await rm(directory, { recursive: true, force: true });
});

async function openLog(): Promise<EventLog> {
  const log = await createFileLog(path);
  opened.push(log);
  return log;
}

function login(id: string, customerId = 'c1', device = 'web'): EventInput {
  return { id, type: 'usage.login', customerId, at: 1_700_000_000_000, data: { device } };
}

async function readAll(log: EventLog): Promise<StoredEvent[]> {
  const events: StoredEvent[] = [];
  for await (const event of log.read()) events.push(event);
  return events;
}

/** Two different ids of the same hash, found by search (birthday bound: a few 100,000 tries). */
function collidingIds(): [string, string] {
  const seen = new Map<number, string>();
  for (let n = 0; ; n++) {
    const id = `order-${n}`;
    const earlier = seen.get(hashId(id));
    if (earlier !== undefined) return [earlier, id];
    seen.set(hashId(id), id);
  }
}

const [first, second] = collidingIds();

/** A stored login as a log would store it at `position` (version by customer c1). */
function stored(id: string, position: number): StoredEvent {
  const { at, ...input } = login(id);
  return { ...input, at: at as number, position, version: position } as StoredEvent;
}

describe('a file log with ids of the same hash', () => {
  it('stores both, skips each when resent, and refuses each resent with other content', async () => {
    expect(first).not.toBe(second);
    expect(hashId(first)).toBe(hashId(second));
    const log = await openLog();
    await log.append([login(first)]);
    expect(await log.append([login(second)])).toMatchObject({ skipped: [], position: 2 });
    expect(await log.append([login(second), login(first)])).toMatchObject({
      appended: [],
      skipped: [second, first],
    });
    await expect(log.append([login(second, 'c1', 'ios')])).rejects.toMatchObject({
      code: 'TENURE_DUPLICATE_EVENT_ID',
    });
    await log.close();

    const reopened = await openLog();
    expect((await readAll(reopened)).map((event) => event.id)).toEqual([first, second]);
    expect(await reopened.append([login(first)])).toMatchObject({ skipped: [first], position: 2 });
  });

  it('refuses to open a file that stores one id twice, naming the second line', async () => {
    // Each record its own append (chained), the duplicate behind another id of its hash.
    const records = [stored(first, 1), stored(second, 2), stored(first, 3)];
    let previous = GENESIS_HASH;
    const chunks: Buffer[] = [];
    for (const record of records) {
      const encoded = encodeBatch([record], previous);
      chunks.push(encoded.bytes);
      previous = encoded.lastHash;
    }
    await writeFile(path, Buffer.concat(chunks));
    await expect(openLog()).rejects.toMatchObject({
      code: 'TENURE_CORRUPT_LOG',
      location: 'line 3',
      message: expect.stringContaining(`event id "${first}" is stored twice`),
    });
    // The chain is intact (the writer computed it): verify finds what opening refuses.
    expect(await verifyFileLog(path)).toEqual({
      ok: false,
      records: 2,
      location: 'line 3',
      reason: `event id "${first}" is stored twice`,
    });
  });

  it('refuses to open a file whose one append stores an id twice', async () => {
    const encoded = encodeBatch([stored('a', 1), stored('b', 2), stored('a', 3)], GENESIS_HASH);
    await writeFile(path, encoded.bytes);
    await expect(openLog()).rejects.toMatchObject({
      code: 'TENURE_CORRUPT_LOG',
      location: 'line 3',
      message: expect.stringContaining('event id "a" is stored twice'),
    });
  });
});

describe('IdTable', () => {
  it('gives every position an id was added at among its candidates, and says when a hash repeats', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ maxLength: 4 }), { maxLength: 3000 }), (ids) => {
        const table = new IdTable();
        const hashes = new Set<number>();
        ids.forEach((id, index) => {
          expect(table.add(id, index + 1)).toBe(hashes.has(hashId(id)));
          hashes.add(hashId(id));
        });
        ids.forEach((id, index) => {
          const candidates = table.candidatesOf(id);
          expect(candidates).toContain(index + 1);
          for (const position of candidates) expect(hashId(ids[position - 1]!)).toBe(hashId(id));
        });
        expect(table.candidatesOf('never added, longer than four')).toEqual([]);
      }),
      { numRuns: 50 },
    );
  });
});
