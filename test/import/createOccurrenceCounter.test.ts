import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createOccurrenceCounter } from '../../src/import/createOccurrenceCounter.js';

const sha = (text: string) => createHash('sha256').update(text).digest('hex');

describe('createOccurrenceCounter', () => {
  it('numbers each content 1, 2, 3, ... as a Map would, across the table growing', () => {
    const count = createOccurrenceCounter();
    const reference = new Map<string, number>();
    for (let index = 0; index < 20_000; index++) {
      // Every 7th index repeats an earlier content: several rows share one, most do not.
      const content = `row ${index % 7 === 0 ? index % 700 : index}`;
      const expected = (reference.get(content) ?? 0) + 1;
      reference.set(content, expected);
      expect(count(sha(content))).toBe(expected);
    }
  });

  it('tells apart hashes that agree in their first words, and ignores digits past the 24th', () => {
    const count = createOccurrenceCounter();
    const hash = (last: number, tail = 0) =>
      `${'0'.repeat(23)}${last.toString(16)}${'0'.repeat(39)}${tail.toString(16)}`;
    expect([count(hash(1)), count(hash(2)), count(hash(1)), count(hash(1, 9))]).toEqual([
      1, 1, 2, 3,
    ]);
    expect(count(hash(2))).toBe(2);
  });
});
