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
import { formatOneLines } from './fixtures/formatOneRecords.js';

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

/** The lines of an append in format 1 (what earlier versions wrote) or format 2 (written now). */
function linesOf(events: StoredEvent[], format: 1 | 2, previousHash = GENESIS_HASH): string {
  return format === 1
    ? formatOneLines(events, previousHash).text
    : encodeBatch(events, previousHash).bytes.toString();
}

/** Byte offsets just past each line of `text`. */
function lineEnds(text: string): number[] {
  const ends: number[] = [];
  for (let end = 0; end < Buffer.byteLength(text); ) {
    end = Buffer.from(text).indexOf(10, end) + 1;
    ends.push(end);
  }
  return ends;
}

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

  it('read ids, types and customer ids back exactly: escapes, any Unicode, any length', () => {
    const awkward = fc.string({ unit: 'binary', minLength: 1, maxLength: 30 });
    const tricky = fc.constantFrom('a"b', 'a\\"', '\\', 'é', '\u2028', 'x'.repeat(40), '","');
    const event = storedEventArbitrary(
      fc.oneof(awkward, tricky),
      fc.oneof(awkward, tricky),
      fc.oneof(awkward, tricky),
    );
    fc.assert(
      fc.property(fc.array(event, { minLength: 1, maxLength: 20 }), (events) => {
        expect(parseRecordChunk(encodeBatch(events, GENESIS_HASH).bytes)!.events).toEqual(events);
      }),
      { numRuns: 150 },
    );
  });

  it('are written as event tuples, with meta only when it is not the default', () => {
    const [plain, sourced] = fc.sample(storedEvent, 2).map((event, i) => ({
      ...event,
      id: `e${i}`,
      meta: i === 0 ? { schemaVersion: 1 } : { source: 'crm', schemaVersion: 1 },
    }));
    const lines = encodeBatch([plain!, sourced!], GENESIS_HASH).bytes.toString().split('\n');
    const { id, type, customerId, at, version, data } = plain!;
    expect(lines[0]).toContain(
      `{"r":1,"p":${plain!.position},"t":${JSON.stringify([id, type, customerId, at, version, data])},"h":"`,
    );
    expect(lines[1]).toContain(
      `,${JSON.stringify(sourced!.data)},{"source":"crm","schemaVersion":1}],"h":"`,
    );
    // Each event parses to an object of its own: changing one meta leaves the other's alone.
    const parsed = parseRecordChunk(encodeBatch([plain!, plain!], GENESIS_HASH).bytes)!;
    expect(parsed.events[0]!.meta).not.toBe(parsed.events[1]!.meta);
  });

  it('keep format 1 for an event a tuple cannot hold (no data), and read both formats mixed', () => {
    const [first, second, third] = fc.sample(storedEvent, 3);
    const noData = { ...second!, data: undefined };
    const encoded = encodeBatch([first!, noData], GENESIS_HASH);
    expect(encoded.bytes.toString().split('\n')[1]).toMatch(/^\{"r":0,"e":\{/);
    const old = formatOneLines([third!], encoded.lastHash).text;
    const parsed = parseRecordChunk(Buffer.concat([encoded.bytes, Buffer.from(old)]))!;
    expect(parsed.events).toEqual([first, noData, third]);
    expect('data' in parsed.events[1]!).toBe(false);
    expect(parsed.remaining).toEqual([1, 0, 0]);
  });

  it('of format 1, as earlier versions wrote them, parse to the events they hold', () => {
    fc.assert(
      fc.property(fc.array(storedEvent, { minLength: 1, maxLength: 20 }), (events) => {
        const parsed = parseRecordChunk(Buffer.from(linesOf(events, 1)))!;
        expect(parsed.events).toEqual(events);
        expect(parsed.remaining).toEqual(events.map((_, i) => events.length - 1 - i));
      }),
      { numRuns: 50 },
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
    for (const format of [1, 2] as const) {
      const good = linesOf(fc.sample(storedEvent, 2), format);
      for (const bad of [
        'garbage\n',
        '{"r":0,"e":{}}\n',
        good.replace('"e":', '"x":'),
        good.replace('"t":', '"x":'),
        good.replace('"p":', '"x":'),
        good.replace(/"t":\[/, '"t":{"a":['),
        good.replace(/"t":\[.*?,/, '"t":['),
      ]) {
        if (bad === good) continue;
        expect(parseRecordChunk(Buffer.from(good + bad))).toBeUndefined();
      }
    }
  });
});

describe('scanRecordHeads', () => {
  const twoLogins: StoredEvent[] = [1, 2].map((n) => ({
    id: `e${n}`,
    type: 'usage.login',
    customerId: 'c1',
    at: 1_700_000_000_000,
    data: { device: 'web' },
    meta: { schemaVersion: 1 },
    position: n,
    version: n,
  }));

  it('reads r, id, customer, position, version and line ends as a full parse would, in both formats', () => {
    const awkward = fc.string({ unit: 'binary', minLength: 1, maxLength: 20 });
    const event = storedEventArbitrary(
      fc.oneof(awkward, fc.constantFrom('a"b', 'a\\"', '\\', 'é', '\u2028', 'x'.repeat(40))),
      fc.constantFrom('usage.login', 'ty"pe', 'ty","pe'),
      awkward,
    );
    fc.assert(
      fc.property(
        fc.array(event, { minLength: 1, maxLength: 20 }),
        fc.constantFrom(1, 2),
        fc.double({ noNaN: true, noDefaultInfinity: true }),
        (events, format, at) => {
          const atAnyTime = events.map((e, i) => (i === 0 ? { ...e, at } : e));
          const text = linesOf(atAnyTime, format as 1 | 2);
          const ends = lineEnds(text);
          expect(scanRecordHeads(Buffer.from(text))).toEqual(
            atAnyTime.map((e, i) => ({
              r: events.length - 1 - i,
              id: e.id,
              customerId: e.customerId,
              position: e.position,
              version: e.version,
              end: ends[i],
            })),
          );
        },
      ),
      { numRuns: 150 },
    );
  });

  it('refuses a chunk with a line that is not in the record layout', () => {
    const good = { 1: linesOf(twoLogins, 1), 2: linesOf(twoLogins, 2) };
    const first = { 1: good[1].split('\n')[0]!, 2: good[2].split('\n')[0]! };
    for (const [format, bad] of [
      [1, 'garbage\n'],
      [1, '{"r":0,"e":{}}\n'],
      [1, good[1].replace('"e":', '"x":')],
      [1, good[1].replace('"customerId":', '"customer":')],
      [1, good[1].replace(/"position":\d+/, '"position":"1"')],
      [1, `${first[1].replace(/"h":"[0-9a-f]{64}"/, '"h":""')}\n`],
      [1, `${first[1].replace(/"id":"/, '"id":"\\x')}\n`],
      [2, '{"r":0,"p":1,"t":[]}\n'],
      [2, good[2].replace('"t":', '"x":')],
      [2, good[2].replace(/"p":\d+/, '"p":"1"')],
      [2, good[2].replace(/"t":\["/, '"t":[1,"')],
      [2, good[2].replace(/,2,\{"device"/, ',"2",{"device"')],
      [2, good[2].replace(/,(-?\d+),(\d+),\{"device"/, ',"$1",$2,{"device"')],
      [2, good[2].replace(/\}\],"h"/, '}},"h"')],
      [2, `${first[2].replace(/"h":"[0-9a-f]{64}"/, '"h":""')}\n`],
      [2, `${first[2].replace(/"t":\["/, '"t":["\\x')}\n`],
    ] as const) {
      expect(bad).not.toBe(good[format]);
      expect(scanRecordHeads(Buffer.from(good[format] + bad))).toBeUndefined();
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
