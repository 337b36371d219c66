import { randomBytes } from 'node:crypto';
import { describeValue } from '../../../errors/describeValue.js';
import { isAbortSignal } from '../../../errors/isAbortSignal.js';
import { TenureError } from '../../../errors/TenureError.js';
import { unknownOption } from '../../../errors/unknownOption.js';
import { normalizeTime } from '../../../events/normalizeTime.js';
import type { Lifecycle } from '../../../projection/createLifecycle.js';
import {
  resolveValuationSettings,
  type ValuationSettings,
} from '../../../valuation/ValuationOptions.js';
import { DEFAULT_POSTGRES_SCHEMA, quotePostgresSchema } from '../postgresSchemaName.js';
import type { ProjectionWorkerOptions } from './ProjectionWorker.js';
import { workerLifecycle } from './workerLifecycle.js';

/** The options of {@link createProjectionWorker}. Internal. */
export const WORKER_OPTIONS: readonly (keyof ProjectionWorkerOptions)[] = [
  'pool',
  'connectionString',
  'schema',
  'projection',
  'lifecycle',
  'asOf',
  'churn',
  'clv',
  'partitions',
  'workerId',
  'batchSize',
  'pollIntervalMs',
  'migrate',
];

/** A worker's options checked, with their defaults filled in. Internal. */
export interface WorkerSettings {
  readonly schemaName: string;
  /** The schema, quoted. */
  readonly schema: string;
  readonly projection: string;
  readonly partitions: number;
  readonly batchSize: number;
  readonly pollIntervalMs: number;
  readonly workerId: string;
  /** `asOf` in epoch ms. */
  readonly asOf: number;
  readonly lifecycle: Lifecycle;
  /** The lifecycle's fingerprint, registered with the projection. */
  readonly fingerprint: string;
  readonly valuation: ValuationSettings;
  /** Whether rows are valued at all (churn or clv). */
  readonly valuing: boolean;
}

/**
 * Checks the options of `api` (`createProjectionWorker`) before anything opens a connection, and
 * fills in the defaults. Internal.
 *
 * @throws TenureError `TENURE_INVALID_OPTION` for an unknown option, a count out of range, a
 *   missing or invalid `asOf`, neither `pool` nor `connectionString`, or a lifecycle definition
 *   given as the lifecycle.
 */
export function resolveWorkerOptions(
  api: string,
  options: ProjectionWorkerOptions,
): WorkerSettings {
  checkOptionsObject(api, options);
  const schemaName = options.schema ?? DEFAULT_POSTGRES_SCHEMA;
  const schema = quotePostgresSchema(api, schemaName);
  const projection = options.projection ?? 'default';
  const partitions = options.partitions ?? 16;
  const batchSize = options.batchSize ?? 5_000;
  const pollIntervalMs = options.pollIntervalMs ?? 1_000;
  const workerId = options.workerId ?? `worker-${randomBytes(4).toString('hex')}`;
  const unknown = unknownOption(api, options, WORKER_OPTIONS);
  if (unknown !== undefined) throw new TenureError('TENURE_INVALID_OPTION', unknown);
  checkIntegerOption(api, 'partitions', partitions, 1, 1 << 20);
  checkIntegerOption(api, 'batchSize', batchSize, 1, 1e7);
  checkIntegerOption(api, 'pollIntervalMs', pollIntervalMs, 0, 3_600_000);
  if (options.asOf === undefined) {
    throw new TenureError(
      'TENURE_INVALID_OPTION',
      `${api}: asOf is required (every worker must project as of the same time), e.g. { asOf: '2024-12-31' }.`,
    );
  }
  const asOf = normalizeTime(options.asOf);
  if (asOf === undefined) {
    throw new TenureError(
      'TENURE_INVALID_OPTION',
      `${api}: asOf ${JSON.stringify(options.asOf)} is not a time; use epoch ms, an ISO-8601 string with a zone or a Date.`,
    );
  }
  if (options.pool === undefined && typeof options.connectionString !== 'string') {
    throw new TenureError(
      'TENURE_INVALID_OPTION',
      `${api}: pass { pool } (a pg.Pool) or { connectionString } (e.g. "postgres://user@host/db").`,
    );
  }
  const { lifecycle, fingerprint } = workerLifecycle(api, options.lifecycle);
  const valuation = resolveValuationSettings(api, options.churn ?? true, options.clv ?? true);
  return {
    schemaName,
    schema,
    projection,
    partitions,
    batchSize,
    pollIntervalMs,
    workerId,
    asOf,
    lifecycle,
    fingerprint,
    valuation,
    valuing: valuation.churn || valuation.clv,
  };
}

/**
 * Throws `TENURE_INVALID_OPTION` unless the options of `api` are an object (before any of them
 * is read). Internal.
 */
export function checkOptionsObject(api: string, options: unknown): void {
  if (typeof options !== 'object' || options === null) {
    throw new TenureError(
      'TENURE_INVALID_OPTION',
      `${api}: options must be an object such as { connectionString, asOf: '2024-12-31' }, got ${describeValue(options)}.`,
    );
  }
}

/**
 * Throws `TENURE_INVALID_OPTION` unless the option `name` of `api` is an integer from `min` to
 * `max`; the value is shown as given (a string "4" as one). Internal.
 */
export function checkIntegerOption(
  api: string,
  name: string,
  value: unknown,
  min: number,
  max: number,
): void {
  if (!Number.isInteger(value) || (value as number) < min || (value as number) > max) {
    throw new TenureError(
      'TENURE_INVALID_OPTION',
      `${api}: ${name} must be an integer from ${min} to ${max}, got ${describeValue(value)}.`,
    );
  }
}

/**
 * Throws `TENURE_INVALID_OPTION` unless the `signal` of `api` is absent or an AbortSignal:
 * checked before a run starts, where a bad one would fail it midway. Internal.
 */
export function checkSignalOption(api: string, signal: unknown): void {
  if (signal !== undefined && !isAbortSignal(signal)) {
    throw new TenureError(
      'TENURE_INVALID_OPTION',
      `${api}: signal must be an AbortSignal, such as the signal of an AbortController (controller.signal), got ${describeValue(signal)}.`,
    );
  }
}
