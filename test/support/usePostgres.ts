import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, inject } from 'vitest';
import { type PostgresServer, startPostgresServer } from './postgresServer.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Set by postgresGlobalSetup.ts when it is wired. */
    postgresUrl: string | undefined;
  }
}

/** A real PostgreSQL server for one test file. */
export interface TestPostgres {
  /** Connection string of the server (valid inside tests and hooks). */
  readonly url: string;
  /** A schema name no other test uses. */
  schema(): string;
  /** A pool the file's afterAll ends. */
  pool(options?: pg.PoolConfig): pg.Pool;
}

/**
 * Gives a test file a real PostgreSQL server: the run's shared one when
 * postgresGlobalSetup.ts is wired in vitest.config.ts, else one started for this file
 * (`beforeAll`) and stopped afterwards (`afterAll`).
 */
export function usePostgres(): TestPostgres {
  let server: PostgresServer | undefined;
  let url: string | undefined;
  const pools: pg.Pool[] = [];
  const prefix = `t${randomBytes(3).toString('hex')}`;
  let counter = 0;
  beforeAll(async () => {
    url = inject('postgresUrl');
    if (url === undefined) {
      server = await startPostgresServer();
      url = server.url;
    }
  });
  afterAll(async () => {
    await Promise.all(pools.map((pool) => pool.end().catch(() => undefined)));
    await server?.stop();
  });
  return {
    get url() {
      if (url === undefined) throw new Error('usePostgres: the server is not started yet');
      return url;
    },
    schema: () => `${prefix}_${++counter}`,
    pool(options = {}) {
      if (url === undefined) throw new Error('usePostgres: the server is not started yet');
      const pool = new pg.Pool({ connectionString: url, ...options });
      pool.on('error', () => undefined);
      pools.push(pool);
      return pool;
    },
  };
}
