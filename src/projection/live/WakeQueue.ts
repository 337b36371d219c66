/**
 * A min-heap of (wake-up time, customer id): which customers a clock may change next, in that
 * order, customers due at the same time by id. The order is the entries' own, not the order they
 * came in, so that stage changes falling due together are reported in the same order by a
 * projection resumed from a snapshot (which queues its customers in id order) and by the one that
 * took it. Entries go stale when a customer's wake-up time changes; the reader checks and skips
 * those. Internal.
 */
export class WakeQueue {
  readonly #times: number[] = [];
  readonly #ids: string[] = [];

  get size(): number {
    return this.#times.length;
  }

  push(time: number, customerId: string): void {
    const times = this.#times;
    const ids = this.#ids;
    let index = times.length;
    times.push(time);
    ids.push(customerId);
    while (index > 0) {
      const parent = (index - 1) >> 1;
      if (!comesBefore(time, customerId, times[parent] as number, ids[parent] as string)) break;
      times[index] = times[parent] as number;
      ids[index] = ids[parent] as string;
      index = parent;
    }
    times[index] = time;
    ids[index] = customerId;
  }

  /** The earliest time, or `undefined` when empty. */
  peek(): number | undefined {
    return this.#times[0];
  }

  /** Removes the earliest entry and returns its customer id. */
  pop(): string | undefined {
    const times = this.#times;
    const ids = this.#ids;
    const top = ids[0];
    const lastTime = times.pop();
    const lastId = ids.pop();
    if (times.length === 0 || lastTime === undefined || lastId === undefined) return top;
    let index = 0;
    const length = times.length;
    for (;;) {
      const left = 2 * index + 1;
      if (left >= length) break;
      const right = left + 1;
      const child =
        right < length &&
        comesBefore(
          times[right] as number,
          ids[right] as string,
          times[left] as number,
          ids[left] as string,
        )
          ? right
          : left;
      if (!comesBefore(times[child] as number, ids[child] as string, lastTime, lastId)) break;
      times[index] = times[child] as number;
      ids[index] = ids[child] as string;
      index = child;
    }
    times[index] = lastTime;
    ids[index] = lastId;
    return top;
  }
}

/** Whether the entry (time, id) is due before (otherTime, otherId): by time, then by id. */
function comesBefore(time: number, id: string, otherTime: number, otherId: string): boolean {
  return time < otherTime || (time === otherTime && id < otherId);
}
