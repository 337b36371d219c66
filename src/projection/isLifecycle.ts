import type { Lifecycle } from './createLifecycle.js';

/**
 * Whether `value` is a {@link Lifecycle} that `createLifecycle` made (rather than its options or
 * a lifecycle definition): what the projection workers' `lifecycle` option and
 * `tenure project --lifecycle <module>` accept. Checked by shape, so that a lifecycle made by
 * another copy of tenure (a user's module importing the package) passes too. Internal.
 */
export function isLifecycle(value: unknown): value is Lifecycle {
  const candidate = value as Partial<Lifecycle> | undefined;
  return (
    typeof candidate?.project === 'function' &&
    typeof candidate.createProjection === 'function' &&
    typeof candidate.compiled === 'object'
  );
}
