import { describeValue } from '../../../errors/describeValue.js';
import { TenureError } from '../../../errors/TenureError.js';
import { unknownOption } from '../../../errors/unknownOption.js';
import {
  checkIntegerOption,
  checkOptionsObject,
  checkSignalOption,
  resolveWorkerOptions,
  WORKER_OPTIONS,
} from './resolveWorkerOptions.js';
import type { RunProjectionWorkersOptions } from './runProjectionWorkers.js';

const API = 'runProjectionWorkers';

const RUN_OPTIONS: readonly string[] = [
  ...WORKER_OPTIONS.filter((name) => name !== 'pool' && name !== 'workerId'),
  'workers',
  'follow',
  'signal',
];

/** The options of {@link runProjectionWorkers}, checked, with their defaults. Internal. */
export interface RunSettings {
  /** How many workers. */
  readonly count: number;
  readonly follow: boolean;
  readonly signal: AbortSignal | undefined;
  /** What every worker is created with (its `workerId` added). */
  readonly workerOptions: Omit<RunProjectionWorkersOptions, 'workers' | 'follow' | 'signal'>;
  /** The schema, quoted. */
  readonly schema: string;
  readonly projection: string;
  readonly partitions: number;
  readonly pollIntervalMs: number;
}

/**
 * Checks the options of `runProjectionWorkers` before any connection, its workers' included, so
 * that the messages name it and a run whose signal is already aborted refuses what a started
 * one would. Internal.
 *
 * @throws TenureError `TENURE_INVALID_OPTION` for options that are not an object, an unknown
 *   one, a count out of range, a `follow` that is not a boolean, a `signal` that is not an
 *   AbortSignal, and whatever `createProjectionWorker` would refuse.
 */
export function resolveRunOptions(options: RunProjectionWorkersOptions): RunSettings {
  checkOptionsObject(API, options);
  const unknown = unknownOption(API, options, RUN_OPTIONS);
  if (unknown !== undefined) throw new TenureError('TENURE_INVALID_OPTION', unknown);
  const count = options.workers ?? 1;
  checkIntegerOption(API, 'workers', count, 1, 256);
  const { workers: _count, follow, signal, ...workerOptions } = options;
  // follow: 'yes' would read as false and end at the head, where the caller asked to follow.
  if (follow !== undefined && typeof follow !== 'boolean') {
    throw new TenureError(
      'TENURE_INVALID_OPTION',
      `${API}: follow must be true or false, got ${describeValue(follow)}.`,
    );
  }
  checkSignalOption(API, signal);
  const { schema, projection, partitions, pollIntervalMs } = resolveWorkerOptions(API, {
    ...workerOptions,
    workerId: 'w0',
  });
  return {
    count,
    follow: follow === true,
    signal,
    workerOptions,
    schema,
    projection,
    partitions,
    pollIntervalMs,
  };
}
