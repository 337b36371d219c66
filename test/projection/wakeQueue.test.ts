import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { WakeQueue } from '../../src/projection/live/WakeQueue.js';

describe('the wake-up queue', () => {
  it('hands out customers by wake-up time, those due together by id, whatever order they came in', () => {
    const entry = fc.tuple(
      fc.integer({ min: 0, max: 5 }),
      fc.constantFrom('a', 'b', 'c', 'd', 'e'),
    );
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 40 }), (entries) => {
        const queue = new WakeQueue();
        for (const [time, id] of entries) queue.push(time, id);
        const out: [number, string][] = [];
        while (queue.size > 0) {
          const time = queue.peek() as number;
          out.push([time, queue.pop() as string]);
        }
        const sorted = [...entries].sort(
          ([t1, a], [t2, b]) => t1 - t2 || (a < b ? -1 : a > b ? 1 : 0),
        );
        expect(out).toEqual(sorted);
      }),
      { numRuns: 300 },
    );
  });
});
