import pg from 'pg';

/** A pool the workers make for themselves, and its {@link OwnPool.end}. */
export interface OwnPool {
  readonly pool: pg.Pool;
  /**
   * Ends the pool and resolves once every connection it opened is closed: `pg`'s `pool.end()`
   * resolves as soon as it has asked them to close, so a caller that then drops the schema or
   * stops the server would race with them.
   */
  end(): Promise<void>;
}

/** Makes a pool of the workers' own (never a user's), with an `end` that waits. Internal. */
export function createOwnPool(config: pg.PoolConfig): OwnPool {
  const pool = new pg.Pool(config);
  pool.on('error', () => undefined); // an idle client's loss: the pool replaces it
  const closed: Promise<void>[] = [];
  pool.on('connect', (client) => {
    closed.push(new Promise((resolve) => client.once('end', () => resolve())));
  });
  return {
    pool,
    async end() {
      await pool.end();
      await Promise.all(closed);
    },
  };
}
