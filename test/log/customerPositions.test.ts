import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CustomerPositions } from '../../src/log/file/CustomerPositions.js';

describe('CustomerPositions (a file log index: each customer stream)', () => {
  it("gives each customer's positions in order and its count, as a list per customer would", () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom('a', 'b', 'c', 'd', '__proto__', ''), { maxLength: 3000 }),
        (owners) => {
          const index = new CustomerPositions();
          const model = new Map<string, number[]>();
          owners.forEach((customerId, at) => {
            const positions = model.get(customerId) ?? [];
            positions.push(at + 1);
            model.set(customerId, positions);
            expect(index.add(customerId, at + 1)).toBe(positions.length);
          });
          for (const customerId of ['a', 'b', 'c', 'd', '__proto__', '', 'unknown']) {
            expect(index.positionsOf(customerId)).toEqual(model.get(customerId) ?? []);
            expect(index.countOf(customerId)).toBe(model.get(customerId)?.length ?? 0);
          }
        },
      ),
      { numRuns: 50 },
    );
  });

  it('hands out the positions as they were: later events do not join a list already given', () => {
    const index = new CustomerPositions();
    index.add('a', 1);
    const before = index.positionsOf('a');
    index.add('a', 2);
    expect(before).toEqual([1]);
    expect(index.positionsOf('a')).toEqual([1, 2]);
  });
});
