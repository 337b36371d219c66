import { TenureError } from '../../../errors/TenureError.js';
import { isLifecycleDefinition } from '../../../machines/defineLifecycle.js';
import {
  createLifecycle,
  type Lifecycle,
  type LifecycleOptions,
} from '../../../projection/createLifecycle.js';
import { isLifecycle } from '../../../projection/isLifecycle.js';

/** A worker's lifecycle and what identifies its projections among workers. */
export interface WorkerLifecycle {
  readonly lifecycle: Lifecycle;
  /** Name, machines, stages and machine inputs: equal for every worker of one projection. */
  readonly fingerprint: string;
}

/**
 * The lifecycle of a worker's `lifecycle` option: a `Lifecycle` made by `createLifecycle` (what
 * `projectWithValues` takes), or `createLifecycle`'s options (the option's first form, kept).
 * Both forms of one lifecycle give one fingerprint: the one its live projections' snapshots
 * carry, which includes the machine inputs a `Lifecycle` does not expose. Internal.
 *
 * @throws TenureError `TENURE_INVALID_OPTION` for a lifecycle definition passed as the lifecycle.
 */
export function workerLifecycle(
  api: string,
  given: Lifecycle | LifecycleOptions | undefined,
): WorkerLifecycle {
  let lifecycle: Lifecycle;
  if (isLifecycle(given)) lifecycle = given;
  else if (isLifecycleDefinition(given)) {
    // createLifecycle would refuse it as options with an unknown "name", naming itself.
    throw new TenureError(
      'TENURE_INVALID_OPTION',
      `${api}: options.lifecycle is the lifecycle definition ${JSON.stringify(given.name)} itself; pass createLifecycle({ definition: yourLifecycle }) (or { definition: yourLifecycle }).`,
    );
  } else lifecycle = createLifecycle(given);
  return { lifecycle, fingerprint: lifecycle.createProjection().snapshot().lifecycle };
}
