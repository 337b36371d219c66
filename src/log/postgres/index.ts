/**
 * `tenure/postgres`: the event log stored in PostgreSQL (needs the `pg` package).
 *
 * @packageDocumentation
 */
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
