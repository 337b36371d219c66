/** The log's head as `tenure_head` holds it: its last position and that record's hash. */
export interface LogHead {
  readonly position: number;
  readonly hash: string;
}

/**
 * The stream versions a PostgreSQL log's own appends have seen, valid at one head.
 *
 * Every append of tenure (from any process) moves `tenure_head` under its lock, so when an
 * append finds the head where this log's last append left it, nobody appended in between and
 * the versions remembered since are exact: only customers not held here need an index probe.
 * A writer that appends continuously (the common ingest service) then probes only the customers
 * it has not seen lately. When the head has moved, the cache is not used and the append probes
 * every customer of its batch, as without it.
 *
 * The head is compared by position AND hash: the hash chains every record before it, so equal
 * hashes mean the same log. Position alone is not enough: a database that lost its last commits
 * (a failover to an asynchronous replica, a restore) and was appended to since can stand at the
 * position this log last saw, with other events, and other versions, behind it.
 *
 * Writers that insert rows without moving the head (bypassing tenure) are not seen here: an
 * append may then plan a version that is taken, which the unique `(customer_id, version)`
 * rejects; the append drops the cache and runs once more with every version looked up (see
 * `appendToPostgres.ts`), so the outcome is the one an append without the cache has.
 */
export interface StreamVersionCache {
  /** The head the versions are exact at; undefined when the cache holds nothing. */
  readonly head: LogHead | undefined;
  /** Whether the versions held are exact at `head` (the same position and hash). */
  isAt(head: LogHead): boolean;
  /** A customer's version at {@link head}, when held. */
  get(customerId: string): number | undefined;
  /**
   * Adopts the versions of an append that held the lock from head `from` to `to`: `versions`
   * holds every customer the append looked up, at `to`. They are added to the held ones when
   * those were exact at `from`; otherwise they replace them (an append that finished after a
   * later one, at a lower position, changes nothing).
   */
  adopt(from: LogHead, to: LogHead, versions: ReadonlyMap<string, number>): void;
  /** Forgets everything (after an append whose outcome is unknown, or a foreign writer's row). */
  clear(): void;
}

/**
 * A {@link StreamVersionCache} holding at most `limit` customers (the oldest entries make room).
 *
 * @example
 * ```ts
 * const cache = createStreamVersionCache(100_000);
 * cache.adopt({ position: 0, hash: '' }, { position: 3, hash: 'ab12' }, new Map([['c1', 3]]));
 * cache.head?.position; // 3
 * ```
 */
export function createStreamVersionCache(limit: number): StreamVersionCache {
  let head: LogHead | undefined;
  const versions = new Map<string, number>();
  const isAt = (other: LogHead) =>
    head !== undefined && head.position === other.position && head.hash === other.hash;
  return {
    get head() {
      return head;
    },
    isAt,
    get: (customerId) => (head === undefined ? undefined : versions.get(customerId)),
    adopt(from, to, adopted) {
      if (head !== undefined && head.position > to.position) return;
      if (!isAt(from)) versions.clear();
      for (const [customerId, version] of adopted) {
        versions.delete(customerId); // re-inserted as the newest
        versions.set(customerId, version);
      }
      for (const oldest of versions.keys()) {
        if (versions.size <= limit) break;
        versions.delete(oldest);
      }
      head = { position: to.position, hash: to.hash };
    },
    clear() {
      head = undefined;
      versions.clear();
    },
  };
}
