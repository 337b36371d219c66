/**
 * Projection workers: customer partitions shared by processes, states written to
 * `tenure_customer_states`.
 *
 * @packageDocumentation
 */
export { createProjectionWorker } from './createProjectionWorker.js';
export { customerPartition } from './customerPartition.js';
export type {
  ProjectionRound,
  ProjectionWorker,
  ProjectionWorkerOptions,
} from './ProjectionWorker.js';
export {
  type ProjectionWorkersResult,
  type RunProjectionWorkersOptions,
  runProjectionWorkers,
} from './runProjectionWorkers.js';
