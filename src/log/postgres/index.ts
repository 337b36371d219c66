/**
 * `tenure/postgres`: the event log stored in PostgreSQL, its projection workers and its key store
 * (needs the `pg` package).
 *
 * @packageDocumentation
 */

export {
  createPostgresKeyStore,
  type PostgresKeyStoreOptions,
} from '../../privacy/postgres/index.js';
export { createPostgresLog, type PostgresLogOptions } from './createPostgresLog.js';
export {
  type MigratePostgresLogOptions,
  type MigratePostgresLogResult,
  migratePostgresLog,
} from './migratePostgresLog.js';
export {
  type PostgresSummarySource,
  summarizeCustomersInPostgres,
} from './summarizeCustomersInPostgres.js';
export {
  createProjectionWorker,
  customerPartition,
  type ProjectionRound,
  type ProjectionWorker,
  type ProjectionWorkerOptions,
  type ProjectionWorkersResult,
  type RunProjectionWorkersOptions,
  runProjectionWorkers,
} from './workers/index.js';
