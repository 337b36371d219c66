import pg, { type ClientBase, type Pool } from 'pg';
import { type BatchReader, createPoolReader } from './poolReader.js';

/** The connections of one worker, as {@link openWorkerConnections} opened them. */
export interface WorkerConnections {
  /** Holds the leases; batches are written on it. */
  readonly client: ClientBase;
  /** Where batches are read, so that reads overlap the writes on `client` (or `client` itself). */
  readonly reader: ClientBase | BatchReader;
  /** The connections the worker holds (not a pool's others): it is lost with any of them. */
  readonly owned: readonly ClientBase[];
  /** Whether `error` is a read's whose connection (one of the pool's others) broke under it. */
  brokeUnderRead(error: unknown): boolean;
  /**
   * Whether a read can go to `reader` now, apart from `client`: with a pool, whether it has a
   * client free or room for one. Workers holding every client of a pool would otherwise wait
   * for one forever; they read on the client they hold instead, after its write.
   */
  readsApart(): boolean;
  /**
   * Closes the worker's connections and resolves once they are closed (the server's sessions,
   * and the advisory locks with them, have ended). A pool's client is closed, not returned for
   * reuse: its session's locks must end with it; the pool itself is the caller's and stays
   * open. Called again, returns the same promise.
   */
  close(): Promise<void>;
}

/**
 * Opens a worker's connections: with `pool`, one client held from it (its name set to
 * `tenure <workerId>`) and reads through the pool's other clients (with `max: 1`, on the held
 * one); with `connectionString`, two connections of its own (`tenure <workerId>` and
 * `tenure <workerId> (reads)`). Closes what it opened when one of them fails. Internal.
 */
export async function openWorkerConnections(
  source: { readonly pool?: Pool; readonly connectionString?: string },
  workerId: string,
): Promise<WorkerConnections> {
  const name = `tenure ${workerId}`.slice(0, 63);
  let client: ClientBase;
  let reader: ClientBase | BatchReader;
  let owned: readonly ClientBase[];
  let closeAll: () => Promise<void>;
  let brokeUnderRead: (error: unknown) => boolean = () => false;
  let readsApart: () => boolean = () => reader !== client;
  if (source.pool !== undefined) {
    const pooled = await source.pool.connect();
    pooled.on('error', ignore); // the next query reports it
    client = pooled;
    owned = [pooled];
    const pool = source.pool;
    const max = pool.options.max ?? 10;
    if (max > 1) {
      const poolReader = createPoolReader(pool);
      reader = poolReader;
      brokeUnderRead = poolReader.broke;
      readsApart = () => pool.idleCount > 0 || pool.totalCount < max;
    } else reader = pooled;
    // Its connection ends when the pool closes it, or earlier when it breaks.
    const ended = new Promise<void>((resolve) => pooled.once('end', () => resolve()));
    closeAll = async () => {
      pooled.release(true);
      await ended;
    };
  } else {
    const own = new pg.Client({ connectionString: source.connectionString });
    const reading = new pg.Client({
      connectionString: source.connectionString,
      // Told apart from the leases' connection in pg_stat_activity.
      application_name: `${name} (reads)`.slice(0, 63),
    });
    own.on('error', ignore); // the next query reports it
    reading.on('error', ignore);
    client = own;
    reader = reading;
    owned = [own, reading];
    closeAll = async () => {
      await Promise.all([own.end().catch(ignore), reading.end().catch(ignore)]);
    };
    const connected = await Promise.allSettled([own.connect(), reading.connect()]);
    const failed = connected.find((result) => result.status === 'rejected');
    if (failed !== undefined) {
      await closeAll();
      throw failed.reason;
    }
  }
  let closing: Promise<void> | undefined;
  const connections: WorkerConnections = {
    client,
    reader,
    owned,
    brokeUnderRead,
    readsApart,
    close: () => {
      closing ??= closeAll();
      return closing;
    },
  };
  try {
    await client.query(`SELECT set_config('application_name', $1, false)`, [name]);
  } catch (error) {
    await connections.close();
    throw error;
  }
  return connections;
}

function ignore(): undefined {
  return undefined;
}
