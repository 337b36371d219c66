/** A lock that many tasks may hold at once (`shared`), or one task alone (`exclusive`). */
export interface SharedLock {
  /** Runs `task` once no exclusive task runs or waits; shared tasks run side by side. */
  shared<T>(task: () => Promise<T>): Promise<T>;
  /** Runs `task` alone: after the shared tasks running now end, before any later one starts. */
  exclusive<T>(task: () => Promise<T>): Promise<T>;
}

const ignore = (): void => undefined;

/**
 * A shared/exclusive lock within one process: a private log's appends share it, and a `forget`
 * holds it alone from destroying the key to appending its record, so that no append seals a
 * value under a new key and logs it before the record (where it would read in clear, while the
 * log says the customer was forgotten after it). A waiting exclusive task goes first: appends
 * arriving meanwhile wait, so a forget is not starved. Internal.
 *
 * @example
 * ```ts
 * const lock = createSharedLock();
 * await lock.shared(() => log.append(batch));
 * await lock.exclusive(() => forgetOne(customerId));
 * ```
 */
export function createSharedLock(): SharedLock {
  /** Settles when the last exclusive task asked for has ended. */
  let gate: Promise<unknown> = Promise.resolve();
  /** The shared tasks running, settled (never rejected). */
  const running = new Set<Promise<void>>();
  return {
    async shared(task) {
      // An exclusive task may be asked for while this one waited: wait for it too.
      let current: Promise<unknown>;
      do {
        current = gate;
        await current;
      } while (current !== gate);
      // From the check above to here nothing awaits: an exclusive task asked for later sees
      // this one in `running`, and waits for it.
      const result = task();
      const settled = result.then(ignore, ignore);
      running.add(settled);
      void settled.then(() => running.delete(settled));
      return result;
    },
    exclusive(task) {
      const previous = gate;
      const result = (async () => {
        await previous;
        await Promise.all(running);
        return task();
      })();
      gate = result.then(ignore, ignore);
      return result;
    },
  };
}
