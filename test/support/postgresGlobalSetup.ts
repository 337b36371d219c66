/**
 * Vitest global setup: one PostgreSQL server for the whole test run, shared by every
 * `test/postgres/*.int.test.ts` file through `inject('postgresUrl')` (each test uses schemas of
 * its own). Wire it in vitest.config.ts: `test: { globalSetup: ['test/support/postgresGlobalSetup.ts'] }`.
 * Without it, each file starts a server of its own (see usePostgres.ts).
 */
import type { TestProject } from 'vitest/node';
import { type PostgresServer, startPostgresServer } from './postgresServer.js';

declare module 'vitest' {
  export interface ProvidedContext {
    postgresUrl: string | undefined;
  }
}

let server: PostgresServer | undefined;

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  server = await startPostgresServer();
  project.provide('postgresUrl', server.url);
  return async () => {
    await server?.stop();
    server = undefined;
  };
}
