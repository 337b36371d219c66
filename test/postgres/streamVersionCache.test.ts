import { expect, it } from 'vitest';
import { createStreamVersionCache } from '../../src/log/postgres/streamVersionCache.js';

it('holds versions exact at one head position: merges appends that follow it, replaces after a gap, ignores older ones', () => {
  const cache = createStreamVersionCache(10);
  expect(cache.position).toBeUndefined();
  cache.adopt(
    0,
    3,
    new Map([
      ['c1', 2],
      ['c2', 1],
    ]),
  );
  // The next append started where the last one ended: both are known at 5.
  cache.adopt(3, 5, new Map([['c1', 4]]));
  expect([cache.position, cache.get('c1'), cache.get('c2')]).toEqual([5, 4, 1]);
  // An append that finished late (it ended at 4, before 5) changes nothing.
  cache.adopt(
    2,
    4,
    new Map([
      ['c1', 3],
      ['c3', 1],
    ]),
  );
  expect([cache.position, cache.get('c1'), cache.get('c3')]).toEqual([5, 4, undefined]);
  // Others appended between 5 and 7: only what the append from 7 saw is known.
  cache.adopt(7, 9, new Map([['c3', 2]]));
  expect([cache.position, cache.get('c1'), cache.get('c3')]).toEqual([9, undefined, 2]);
  cache.clear();
  expect([cache.position, cache.get('c3')]).toEqual([undefined, undefined]);
});

it('keeps at most its limit of customers, the most recently adopted ones', () => {
  const cache = createStreamVersionCache(2);
  cache.adopt(0, 1, new Map([['c1', 1]]));
  cache.adopt(1, 2, new Map([['c2', 1]]));
  cache.adopt(
    2,
    3,
    new Map([
      ['c1', 2],
      ['c3', 1],
    ]),
  );
  expect(['c1', 'c2', 'c3'].map((c) => cache.get(c))).toEqual([2, undefined, 1]);
});
