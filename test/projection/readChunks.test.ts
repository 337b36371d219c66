import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { StoredEvent } from '../../src/events/TenureEvent.js';
import { createMemoryLog } from '../../src/log/createMemoryLog.js';
import { isChunkedIterator, iterateChunks, nextChunk } from '../../src/log/iterateChunks.js';
import { createLifecycle } from '../../src/projection/index.js';
import { readChunks } from '../../src/projection/readChunks.js';
import { generateSampleBusiness } from '../../src/sample/generateSampleBusiness.js';
import { lifecycleLogArbitrary } from '../../src/testing/lifecycleArbitraries.js';
import { event } from './support/storeEvents.js';

const lifecycle = createLifecycle();
const json = (value: unknown) => JSON.stringify(value);

/** Stored events e1..en of one customer. */
const events = (count: number): StoredEvent[] =>
  Array.from({ length: count }, (_, index) => event('c1', 'touchpoint', index, {}, index + 1));

describe('the chunked read path', () => {
  it('hands out every item once, whether read chunk by chunk, one by one or both', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(fc.integer(), { maxLength: 5 }), { maxLength: 6 }),
        fc.array(fc.boolean(), { maxLength: 40 }),
        async (chunks, useChunk) => {
          let next = 0;
          const iterator = iterateChunks(() => chunks[next++]);
          const seen: number[] = [];
          for (let step = 0; ; step++) {
            if (useChunk[step % Math.max(1, useChunk.length)] ?? false) {
              const chunk = await iterator[nextChunk]();
              if (chunk === undefined) break;
              expect(chunk.length).toBeGreaterThan(0);
              seen.push(...chunk);
            } else {
              const result = await iterator.next();
              if (result.done === true) break;
              seen.push(result.value);
            }
          }
          expect(seen).toEqual(chunks.flat());
        },
      ),
      { numRuns: 100 },
    );
  });

  it('is offered by the memory log, which a plain async iterable is not', async () => {
    const log = createMemoryLog();
    expect(isChunkedIterator(log.read()[Symbol.asyncIterator]())).toBe(true);
    const plain = (async function* () {})();
    expect(isChunkedIterator(plain)).toBe(false);
  });

  it('reads arrays, iterables, async generators and chunked iterators to the same events', async () => {
    const all = events(10_000);
    const collect = async (source: AsyncIterable<StoredEvent> | Iterable<StoredEvent>) => {
      const read: StoredEvent[] = [];
      await readChunks(source, (chunk) => {
        read.push(...chunk);
      });
      return read;
    };
    const generator = async function* () {
      yield* all;
    };
    let offset = 0;
    const chunked = {
      [Symbol.asyncIterator]: () =>
        iterateChunks(() => {
          if (offset >= all.length) return undefined;
          offset += 999;
          return all.slice(offset - 999, offset);
        }),
    };
    expect(await collect(all)).toEqual(all);
    expect(await collect(new Set(all))).toEqual(all);
    expect(await collect(generator())).toEqual(all);
    expect(await collect(chunked)).toEqual(all);
  });

  it('stops the read (return) when the consumer throws', async () => {
    let closed = 0;
    let served = 0;
    const source = {
      [Symbol.asyncIterator]: () =>
        iterateChunks(
          () => (served++ < 10 ? events(3) : undefined),
          () => {
            closed++;
          },
        ),
    };
    const failing = readChunks(source, () => {
      throw new Error('consumer failed');
    });
    await expect(failing).rejects.toThrow('consumer failed');
    expect(closed).toBe(1);
    expect(served).toBe(1);
  });

  it('projects a log read in chunks exactly as the same events from memory', async () => {
    await fc.assert(
      fc.asyncProperty(lifecycleLogArbitrary({ maxCustomers: 6 }), async (inputs) => {
        const log = createMemoryLog();
        await log.append(inputs);
        const stored: StoredEvent[] = [];
        for await (const read of log.read()) stored.push(read);
        expect(json(await lifecycle.project(log))).toBe(json(lifecycle.projectEvents(stored)));
      }),
      { numRuns: 20 },
    );
  });

  it('projects a log of many chunks, late events included, as the same events from memory', async () => {
    const inputs = [...generateSampleBusiness({ seed: 3, customers: 800, order: 'time' })];
    // Every 50th event stored last: late for its customer.
    const late = inputs.filter((_, index) => index % 50 === 0);
    const log = createMemoryLog();
    await log.append([...inputs.filter((_, index) => index % 50 !== 0), ...late]);
    const stored: StoredEvent[] = [];
    for await (const read of log.read()) stored.push(read);
    expect(stored.length).toBeGreaterThan(2 * 4096);
    const fromLog = await lifecycle.project(log);
    expect(json(fromLog)).toBe(json(lifecycle.projectEvents(stored)));
    expect(fromLog.events).toBe(inputs.length);
  });
});
