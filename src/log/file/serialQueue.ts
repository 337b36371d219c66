/** Runs async tasks one at a time, in call order; a failing task does not stop the next. */
export interface SerialQueue {
  run<T>(task: () => Promise<T>): Promise<T>;
}

/** Creates a promise queue (how a file log serialises the appends of one process). */
export function createSerialQueue(): SerialQueue {
  let tail: Promise<unknown> = Promise.resolve();
  return {
    run(task) {
      const result = tail.then(task);
      tail = result.catch(() => undefined);
      return result;
    },
  };
}
