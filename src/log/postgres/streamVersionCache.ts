/**
 * The stream versions a PostgreSQL log's own appends have seen, valid at one head position.
 *
 * Every append of tenure (from any process) moves `tenure_head` under its lock, so when an
 * append finds the head where this log's last append left it, nobody appended in between and
 * the versions remembered since are exact: only customers not held here need an index probe.
 * A writer that appends continuously (the common ingest service) then probes only the customers
 * it has not seen lately. When the head has moved, the cache is not used and the append probes
 * every customer of its batch, as without it.
 *
 * Writers that insert rows without moving the head (bypassing tenure) are not seen here: an
 * append may then plan a version that is taken, which the unique `(customer_id, version)`
 * rejects; the append drops the cache and runs once more with every version looked up (see
 * `appendToPostgres.ts`), so the outcome is the one an append without the cache has.
 */
export interface StreamVersionCache {
  /** The head position the versions are exact at; undefined when the cache holds nothing. */
  readonly position: number | undefined;
  /** A customer's version at {@link position}, when held. */
  get(customerId: string): number | undefined;
  /**
   * Adopts the versions of an append that held the lock from head position `from` to `to`:
   * `versions` holds every customer the append looked up, at `to`. They are added to the held
   * ones when those were exact at `from`; otherwise they replace them (an append that finished
   * after a later one changes nothing).
   */
  adopt(from: number, to: number, versions: ReadonlyMap<string, number>): void;
  /** Forgets everything (after an append whose outcome is unknown, or a foreign writer's row). */
  clear(): void;
}

/**
 * A {@link StreamVersionCache} holding at most `limit` customers (the oldest entries make room).
 *
 * @example
 * ```ts
 * const cache = createStreamVersionCache(100_000);
 * cache.adopt(0, 3, new Map([['c1', 3]]));
 * cache.position; // 3
 * ```
 */
export function createStreamVersionCache(limit: number): StreamVersionCache {
  let position: number | undefined;
  const versions = new Map<string, number>();
  return {
    get position() {
      return position;
    },
    get: (customerId) => (position === undefined ? undefined : versions.get(customerId)),
    adopt(from, to, adopted) {
      if (position !== undefined && position > to) return;
      if (position !== from) versions.clear();
      for (const [customerId, version] of adopted) {
        versions.delete(customerId); // re-inserted as the newest
        versions.set(customerId, version);
      }
      for (const oldest of versions.keys()) {
        if (versions.size <= limit) break;
        versions.delete(oldest);
      }
      position = to;
    },
    clear() {
      position = undefined;
      versions.clear();
    },
  };
}
