import { expect, it } from 'vitest';
import {
  createStreamVersionCache,
  type LogHead,
} from '../../src/log/postgres/streamVersionCache.js';

/** The head at `position` of one log (its hash stands for everything before it). */
const at = (position: number, log = 'a'): LogHead => ({ position, hash: `${log}${position}` });

it('holds versions exact at one head position: merges appends that follow it, replaces after a gap, ignores older ones', () => {
  const cache = createStreamVersionCache(10);
  expect(cache.head?.position).toBeUndefined();
  cache.adopt(
    at(0),
    at(3),
    new Map([
      ['c1', 2],
      ['c2', 1],
    ]),
  );
  // The next append started where the last one ended: both are known at 5.
  cache.adopt(at(3), at(5), new Map([['c1', 4]]));
  expect([cache.head?.position, cache.get('c1'), cache.get('c2')]).toEqual([5, 4, 1]);
  // An append that finished late (it ended at 4, before 5) changes nothing.
  cache.adopt(
    at(2),
    at(4),
    new Map([
      ['c1', 3],
      ['c3', 1],
    ]),
  );
  expect([cache.head?.position, cache.get('c1'), cache.get('c3')]).toEqual([5, 4, undefined]);
  // Others appended between 5 and 7: only what the append from 7 saw is known.
  cache.adopt(at(7), at(9), new Map([['c3', 2]]));
  expect([cache.head?.position, cache.get('c1'), cache.get('c3')]).toEqual([9, undefined, 2]);
  cache.clear();
  expect([cache.head?.position, cache.get('c3')]).toEqual([undefined, undefined]);
});

it('keeps at most its limit of customers, the most recently adopted ones', () => {
  const cache = createStreamVersionCache(2);
  cache.adopt(at(0), at(1), new Map([['c1', 1]]));
  cache.adopt(at(1), at(2), new Map([['c2', 1]]));
  cache.adopt(
    at(2),
    at(3),
    new Map([
      ['c1', 2],
      ['c3', 1],
    ]),
  );
  expect(['c1', 'c2', 'c3'].map((c) => cache.get(c))).toEqual([2, undefined, 1]);
});

it('takes a head at the same position but with another hash for another log: holds only what was adopted there', () => {
  const cache = createStreamVersionCache(10);
  cache.adopt(at(0), at(3), new Map([['c1', 3]]));
  // The log lost its last record and another was appended: position 3 again, another hash.
  expect([cache.isAt(at(3)), cache.isAt(at(3, 'b'))]).toEqual([true, false]);
  cache.adopt(at(3, 'b'), at(4, 'b'), new Map([['c2', 1]]));
  expect([cache.head, cache.get('c1'), cache.get('c2')]).toEqual([at(4, 'b'), undefined, 1]);
});
