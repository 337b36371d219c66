import type { Pool, QueryArrayConfig, QueryArrayResult } from 'pg';

/** Where a worker reads its batches: a connection, a pool, or a {@link PoolReader}. */
export interface BatchReader {
  query(config: QueryArrayConfig): Promise<QueryArrayResult>;
}

/** Reads on a user's pool that tell a broken connection from a failed statement. */
export interface PoolReader extends BatchReader {
  /** Whether `error` is a read's whose connection broke under it. */
  broke(error: unknown): boolean;
}

/**
 * Reads through `pool` as `pool.query` does (a client checked out per read, given back
 * after), but asks a client whose read failed a `SELECT 1` before it goes back: the driver's
 * error does not say whether the connection broke (`57P01` when the server terminated it, or
 * a socket error), and the pool replaces a broken client unseen, so a worker could not ask
 * afterwards. A client whose read failed is dropped, as `pool.query` drops it. Internal.
 */
export function createPoolReader(pool: Pool): PoolReader {
  const broken = new WeakSet<object>();
  return {
    async query(config) {
      const client = await pool.connect();
      // Checked out, a client's connection error is emitted on it: the read reports it.
      const ignore = () => undefined;
      client.on('error', ignore);
      try {
        const result = await client.query(config);
        client.removeListener('error', ignore);
        client.release();
        return result;
      } catch (error) {
        const alive = await client.query('SELECT 1').then(
          () => true,
          () => false,
        );
        client.removeListener('error', ignore);
        client.release(error instanceof Error ? error : true);
        if (!alive && typeof error === 'object' && error !== null) broken.add(error);
        throw error;
      }
    },
    broke: (error) => typeof error === 'object' && error !== null && broken.has(error),
  };
}
