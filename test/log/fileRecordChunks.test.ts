import { mkdtemp, open, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoredEvent } from '../../src/events/TenureEvent.js';
import { encodeBatch, GENESIS_HASH, hashRecord, splitLine } from '../../src/log/file/fileRecord.js';
import { parseRecordChunk } from '../../src/log/file/parseRecordChunk.js';
import { readLineChunks } from '../../src/log/file/readLineChunks.js';
import { scanRecordHeads } from '../../src/log/file/scanRecordHeads.js';
import { iterateChunks } from '../../src/log/iterateChunks.js';

let directory: string;
beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'tenure-chunks-'));
});
afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

/** Stored events with these ids, types and customers, and any Unicode in their data. */
function storedEventArbitrary(
  id: fc.Arbitrary<string> = fc.string({ minLength: 1, maxLength: 20 }),
  type: fc.Arbitrary<string> = fc.constant('usage.login'),
  customerId: fc.Arbitrary<string> = fc.string({ minLength: 1, maxLength: 8 }),
): fc.Arbitrary<StoredEvent> {
  return fc.record({
    id,
    type,
    customerId,
    at: fc.integer(),
    data: fc.record({ device: fc.string({ unit: 'binary', maxLength: 30 }) }),
    meta: fc.constant({ schemaVersion: 1 }),
    position: fc.nat(),
    version: fc.nat(),
  });
}

const storedEvent = storedEventArbitrary();

describe('file records', () => {
  it('round-trip through encodeBatch and parseRecordChunk, any content, any Unicode', () => {
    fc.assert(
      fc.property(fc.array(storedEvent, { minLength: 1, maxLength: 20 }), (events) => {
        const encoded = encodeBatch(events, GENESIS_HASH);
        const parsed = parseRecordChunk(encoded.bytes)!;
        expect(parsed.events).toEqual(events);
        expect(parsed.remaining).toEqual(events.map((_, i) => events.length - 1 - i));
        expect(encoded.lineLengths.reduce((a, b) => a + b, 0)).toBe(encoded.bytes.length);
      }),
      { numRuns: 200 },
    );
  });

  it('chain each record to the one before', () => {
    const events = fc.sample(storedEvent, 3);
    const lines = encodeBatch(events, GENESIS_HASH).bytes.toString().split('\n').slice(0, -1);
    let previous = GENESIS_HASH;
    for (const line of lines) {
      const { body, hash } = splitLine(line)!;
      expect(hashRecord(previous, body)).toBe(hash);
      previous = hash;
    }
  });

  it('are refused by the fast parser when a line is not a record', () => {
    const good = encodeBatch(fc.sample(storedEvent, 2), GENESIS_HASH).bytes.toString();
    for (const bad of ['garbage\n', '{"r":0,"e":{}}\n', good.replace('"e":', '"x":')]) {
      expect(parseRecordChunk(Buffer.from(good + bad))).toBeUndefined();
    }
  });
});

describe('scanRecordHeads', () => {
  it('reads r, id, customer, position, version and line ends as a full parse would', () => {
    const awkward = fc.string({ unit: 'binary', minLength: 1, maxLength: 20 });
    const event = storedEventArbitrary(
      fc.oneof(awkward, fc.constantFrom('a"b', 'a\\"', '\\', 'é', '\u2028', 'x'.repeat(40))),
      fc.constantFrom('usage.login', 'ty"pe'),
      awkward,
    );
    fc.assert(
      fc.property(fc.array(event, { minLength: 1, maxLength: 20 }), (events) => {
        const encoded = encodeBatch(events, GENESIS_HASH);
        const heads = scanRecordHeads(encoded.bytes)!;
        const ends = encoded.lineLengths.map((_, i, all) =>
          all.slice(0, i + 1).reduce((a, b) => a + b, 0),
        );
        expect(heads).toEqual(
          events.map((e, i) => ({
            r: events.length - 1 - i,
            id: e.id,
            customerId: e.customerId,
            position: e.position,
            version: e.version,
            end: ends[i],
          })),
        );
      }),
      { numRuns: 150 },
    );
  });

  it('refuses a chunk with a line that is not in the record layout', () => {
    const good = encodeBatch(fc.sample(storedEvent, 2), GENESIS_HASH).bytes.toString();
    const [first] = good.split('\n');
    for (const bad of [
      'garbage\n',
      '{"r":0,"e":{}}\n',
      good.replace('"e":', '"x":'),
      good.replace('"customerId":', '"customer":'),
      good.replace(/"position":\d+/, '"position":"1"'),
      `${first!.replace(/"h":"[0-9a-f]{64}"/, '"h":""')}\n`,
      `${first!.replace(/"id":"/, '"id":"\\x')}\n`,
    ]) {
      expect(scanRecordHeads(Buffer.from(good + bad))).toBeUndefined();
    }
  });
});

describe('readLineChunks', () => {
  it('yields whole lines whatever the chunk size, and the unterminated tail last', async () => {
    let file = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.string({ unit: 'grapheme', maxLength: 40 }).map((s) => s.replaceAll('\n', '')),
          {
            maxLength: 30,
          },
        ),
        fc.string({ maxLength: 10 }).map((s) => s.replaceAll('\n', '')),
        fc.integer({ min: 1, max: 64 }),
        async (lines, tail, chunkBytes) => {
          const path = join(directory, `lines-${file++}.txt`);
          const content = Buffer.from(lines.map((line) => `${line}\n`).join('') + tail);
          await writeFile(path, content);
          const handle = await open(path, 'r');
          const parts: Buffer[] = [];
          try {
            for await (const chunk of readLineChunks(handle, 0, content.length, chunkBytes)) {
              expect(chunk.offset).toBe(Buffer.concat(parts).length);
              if (chunk.unterminated) expect(chunk.bytes.toString()).toBe(tail);
              else expect(chunk.bytes.at(-1)).toBe(10);
              parts.push(Buffer.from(chunk.bytes));
            }
          } finally {
            await handle.close();
          }
          expect(Buffer.concat(parts).equals(content)).toBe(true);
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe('iterateChunks', () => {
  it('hands out every item in order and closes the source once at the end', async () => {
    const chunks = [[1, 2], [], [3], [4, 5, 6]];
    let closed = 0;
    const seen: number[] = [];
    for await (const item of iterateChunks(
      async () => chunks.shift(),
      () => {
        closed++;
      },
    )) {
      seen.push(item);
    }
    expect(seen).toEqual([1, 2, 3, 4, 5, 6]);
    expect(closed).toBe(1);
  });

  it('closes the source when the consumer stops early, and passes errors on', async () => {
    let closed = 0;
    const close = () => {
      closed++;
    };
    for await (const item of iterateChunks(() => [1, 2, 3], close)) {
      if (item === 2) break;
    }
    expect(closed).toBe(1);
    const failing = iterateChunks(() => {
      throw new Error('disk gone');
    }, close);
    await expect(failing.next()).rejects.toThrow('disk gone');
    expect(closed).toBe(2);
  });
});
