import type { ClientBase } from 'pg';

/** The advisory lock keys of one projection's workers. Internal. */
export interface LeaseKeys {
  /** Key of the partition leases: one lock per partition, held by the worker projecting it. */
  readonly partitionKey: string;
  /** Key of the membership locks: one per live worker, so that each can count the others. */
  readonly memberKey: string;
}

/** The lock keys of the workers of `projection` with `partitions` in `schemaName`. Internal. */
export function leaseKeys(schemaName: string, projection: string, partitions: number): LeaseKeys {
  const scope = `${schemaName}:${projection}:${partitions}`;
  return { partitionKey: `tenure:partitions:${scope}`, memberKey: `tenure:workers:${scope}` };
}

/**
 * Takes the lowest membership slot no live worker holds (a session advisory lock, released when
 * the connection ends) and returns it: the slot places the worker's preferred partitions.
 * Internal.
 */
export async function takeMemberSlot(client: ClientBase, memberKey: string): Promise<number> {
  let slot = -1;
  for (let candidate = 0; slot < 0; candidate++) {
    const taken = await client.query<{ ok: boolean }>(
      'SELECT pg_try_advisory_lock(hashtext($1), $2) AS ok',
      [memberKey, candidate],
    );
    if (taken.rows[0]?.ok === true) slot = candidate;
  }
  return slot;
}

/** The partitions a worker leases, and how it counts the workers and takes its share. */
export interface PartitionLeases {
  /** Whether the worker leases `partition`. */
  has(partition: number): boolean;
  /** How many partitions it leases. */
  readonly size: number;
  /** The partitions it leases, ascending. */
  partitions(): number[];
  /** The live workers of the projection (members holding their slot lock), at least 1. */
  liveWorkers(): Promise<number>;
  /**
   * Leases `ceil(partitions / live)` partitions: gives back those beyond the share (the furthest
   * from the worker's own range first), then tries to take free ones from its range on.
   */
  rebalance(live: number): Promise<void>;
  /** Forgets the leases: they end with the connection's session, which the caller closes. */
  forget(): void;
}

/**
 * The partition leases of a worker holding membership `slot`, as session advisory locks on
 * `client` (they vanish with its connection, and the other workers take the partitions over).
 * Internal.
 */
export function createPartitionLeases(
  client: ClientBase,
  keys: LeaseKeys,
  partitionCount: number,
  slot: number,
): PartitionLeases {
  const { partitionKey, memberKey } = keys;
  const held = new Set<number>();
  return {
    has: (partition) => held.has(partition),
    get size() {
      return held.size;
    },
    partitions: () => [...held].sort((a, b) => a - b),
    async liveWorkers() {
      const result = await client.query<{ n: string }>(
        `SELECT count(*) AS n FROM pg_locks
         WHERE locktype = 'advisory' AND granted AND objsubid = 2
           AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
           AND classid::bigint = (hashtext($1)::bigint + 4294967296) % 4294967296`,
        [memberKey],
      );
      return Math.max(1, Number(result.rows[0]?.n ?? 1));
    },
    async rebalance(live) {
      const share = Math.ceil(partitionCount / live);
      const start = (slot * share) % partitionCount;
      const preferred = Array.from(
        { length: partitionCount },
        (_, i) => (start + i) % partitionCount,
      );
      // Give back the partitions furthest from this worker's own range first.
      for (const partition of [...preferred].reverse()) {
        if (held.size <= share) break;
        if (!held.has(partition)) continue;
        await client.query('SELECT pg_advisory_unlock(hashtext($1), $2)', [
          partitionKey,
          partition,
        ]);
        held.delete(partition);
      }
      for (const partition of preferred) {
        if (held.size >= share) break;
        if (held.has(partition)) continue;
        const taken = await client.query<{ ok: boolean }>(
          'SELECT pg_try_advisory_lock(hashtext($1), $2) AS ok',
          [partitionKey, partition],
        );
        if (taken.rows[0]?.ok === true) held.add(partition);
      }
    },
    forget: () => held.clear(),
  };
}
