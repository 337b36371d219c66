import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isTenureError } from '../../src/errors/TenureError.js';
import type { StoredEvent } from '../../src/events/TenureEvent.js';
import { createMemoryLog } from '../../src/log/createMemoryLog.js';
import type { EventLog, ReadOptions } from '../../src/log/EventLog.js';
import { createFileLog } from '../../src/log/file/createFileLog.js';
import { createLifecycle } from '../../src/projection/index.js';
import { streamValuedCustomers } from '../../src/report/streamValuedCustomers.js';
import { generateSampleBusiness } from '../../src/sample/generateSampleBusiness.js';

const lifecycle = createLifecycle();
const inputs = [...generateSampleBusiness({ seed: 4, customers: 300 })];
const memory = createMemoryLog();
await memory.append(inputs);

/**
 * The memory log as a log that streams its events, one at a time, calling `onEvent` with how
 * many it has handed out; `reads` says how many reads were opened, and how many were closed.
 */
function watchedLog(onEvent: (count: number) => void = () => undefined) {
  const reads = { opened: 0, closed: 0, events: 0 };
  const log = {
    read(options?: ReadOptions): AsyncIterable<StoredEvent> {
      return (async function* () {
        reads.opened++;
        try {
          for await (const event of memory.read(options)) {
            reads.events++;
            onEvent(reads.events);
            yield event;
          }
        } finally {
          reads.closed++;
        }
      })();
    },
  } as unknown as EventLog;
  return { log, reads };
}

describe('project and projectCustomers stop when their signal is aborted', () => {
  it('project rejects with the reason, stops reading and closes the read', async () => {
    const controller = new AbortController();
    const { log, reads } = watchedLog((count) => {
      if (count === 100) controller.abort(new Error('the caller gave up'));
    });
    await expect(lifecycle.project(log, { signal: controller.signal })).rejects.toThrow(
      'the caller gave up',
    );
    // The abort came with the 100th event: the read went no further, and was closed.
    expect(reads.events).toBe(100);
    expect(reads).toMatchObject({ opened: 1, closed: 1 });
  });

  it('an AbortError for a plain abort(), as fetch gives', async () => {
    const controller = new AbortController();
    const { log } = watchedLog((count) => {
      if (count === 10) controller.abort();
    });
    const error = await lifecycle.project(log, { signal: controller.signal }).catch((e) => e);
    expect(error).toBeInstanceOf(DOMException);
    expect((error as DOMException).name).toBe('AbortError');
  });

  it('an aborted signal rejects before anything is read, also with churn and CLV', async () => {
    const { log, reads } = watchedLog();
    const signal = AbortSignal.abort(new Error('too late'));
    await expect(lifecycle.project(log, { signal })).rejects.toThrow('too late');
    await expect(lifecycle.project(log, { signal, churn: true, clv: true })).rejects.toThrow(
      'too late',
    );
    await expect(lifecycle.project(memory, { signal })).rejects.toThrow('too late');
    expect(reads.opened).toBe(0);
  });

  it('a file log read in chunks stops at the next chunk and can be read again', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'tenure-abort-')), 'events.jsonl');
    const log = await createFileLog(path);
    try {
      await log.append(inputs);
      const controller = new AbortController();
      const customers = lifecycle.projectCustomers(log, { signal: controller.signal });
      const handedOut: string[] = [];
      await expect(
        (async () => {
          for await (const customer of customers) {
            handedOut.push(customer.customerId);
            // The consumer gives up while it writes the second customer out.
            if (handedOut.length === 2) controller.abort(new Error('stop'));
          }
        })(),
      ).rejects.toThrow('stop');
      expect(handedOut).toHaveLength(2);
      const whole = await lifecycle.project(log);
      expect(whole.customers.length).toBeGreaterThan(2);
    } finally {
      await log.close();
    }
  });

  it('projectCustomers in passes reads no further pass once aborted, valued or not', async () => {
    for (const valued of [{}, { churn: true, clv: true }]) {
      const controller = new AbortController();
      const { log, reads } = watchedLog();
      const customers = lifecycle.projectCustomers(log, {
        passes: 3,
        signal: controller.signal,
        ...valued,
      });
      const error = await (async () => {
        for await (const _ of customers) controller.abort();
      })().catch((e) => e);
      expect((error as DOMException).name).toBe('AbortError');
      // The first pass's read (and, valued, the read of customers to settle), and no other.
      const firstPassReads = reads.opened;
      expect(firstPassReads).toBeLessThanOrEqual(2);
      expect(reads.closed).toBe(reads.opened);
    }
  });

  it('the streamed report and tenure project pass their signal on (a Ctrl-C stops the read)', async () => {
    const controller = new AbortController();
    const { log, reads } = watchedLog((count) => {
      if (count === 50) controller.abort('SIGINT');
    });
    const stream = await streamValuedCustomers('projectWithValues', log, {
      lifecycle,
      passes: 2,
      signal: controller.signal,
    });
    const error = await (async () => {
      for await (const _ of stream.customers);
    })().catch((e) => e);
    expect(error).toBe('SIGINT');
    expect(reads).toMatchObject({ opened: 1, closed: 1, events: 50 });
  });

  it('a signal never aborted changes nothing', async () => {
    const { signal } = new AbortController();
    const { log } = watchedLog();
    const streamed = await lifecycle.project(log, { signal, churn: true });
    expect(JSON.stringify(streamed)).toBe(
      JSON.stringify(await lifecycle.project(log, { churn: true })),
    );
    const listed = [];
    for await (const customer of lifecycle.projectCustomers(log, { passes: 2, signal })) {
      listed.push(customer.customerId);
    }
    expect(listed.sort()).toEqual(streamed.customers.map((customer) => customer.customerId));
  });

  it('refuses a signal that is not an AbortSignal, and projectEvents takes none', async () => {
    const controller = new AbortController();
    for (const call of [
      () => lifecycle.project(memory, { signal: controller as unknown as AbortSignal }),
      () => lifecycle.projectCustomers(memory, { signal: 'stop' as unknown as AbortSignal }),
      () =>
        lifecycle.projectEvents([], { signal: controller.signal } as unknown as Parameters<
          typeof lifecycle.projectEvents
        >[1]),
    ]) {
      const error = await (async () => call())().catch((e) => e);
      expect(isTenureError(error) && error.code).toBe('TENURE_INVALID_PROJECTION_INPUT');
    }
    const error = await lifecycle.project(memory, { signal: controller as never }).catch((e) => e);
    expect(String(error)).toMatch(
      /signal must be an AbortSignal.*controller\.signal.*got an object/,
    );
  });
});
