import { describe, expect, it } from 'vitest';
import { importToLog } from '../../src/import/importToLog.js';
import { createMemoryLog } from '../../src/log/createMemoryLog.js';
import type { EventLog } from '../../src/log/EventLog.js';

const row = (index: number) =>
  `c${index % 7},2024-05-${String((index % 28) + 1).padStart(2, '0')},${index}\n`;
const csv = (from: number, to: number) =>
  Array.from({ length: to - from }, (_, offset) => row(from + offset)).join('');

describe('importToLog with signal', () => {
  it('stops after the batch in progress when the signal aborts, writing whole batches only', async () => {
    const log = createMemoryLog();
    const controller = new AbortController();
    const summary = await importToLog(log, `customer,date,amount\n${csv(0, 50)}`, {
      defaultCurrency: 'EUR',
      batchSize: 10,
      signal: controller.signal,
      onProgress: ({ appended }) => {
        if (appended === 20) controller.abort();
      },
    });
    expect(summary).toMatchObject({ aborted: true, rowsRead: 20, appended: 20, rejected: 0 });
    expect(await log.position()).toBe(20);
    // The same import again appends the rest.
    const rest = await importToLog(log, `customer,date,amount\n${csv(0, 50)}`, {
      defaultCurrency: 'EUR',
      batchSize: 10,
    });
    expect(rest).toMatchObject({ rowsRead: 50, appended: 30, duplicates: 20 });
    expect(rest.aborted).toBeUndefined();
    expect(await log.position()).toBe(50);
  });

  it('finishes an append under way when the signal aborts during it, then stops', async () => {
    const memory = createMemoryLog();
    const controller = new AbortController();
    const log: EventLog = {
      ...memory,
      append: async (events, options) => {
        controller.abort();
        return memory.append(events, options);
      },
    };
    const summary = await importToLog(log, `customer,date,amount\n${csv(0, 30)}`, {
      defaultCurrency: 'EUR',
      batchSize: 10,
      signal: controller.signal,
    });
    expect(summary).toMatchObject({ aborted: true, rowsRead: 10, appended: 10 });
    expect(await memory.position()).toBe(10);
  });

  it('abandons a batch still being read: stops while the source waits for more', async () => {
    const log = createMemoryLog();
    const controller = new AbortController();
    let release: () => void = () => undefined;
    const stalled = new Promise<void>((resolve) => {
      release = resolve;
    });
    // A pipe whose writer has gone quiet: 15 rows, then nothing until released.
    async function* source() {
      yield `customer,date,amount\n${csv(0, 15)}`;
      await stalled;
      yield csv(15, 30);
    }
    const summary = await importToLog(log, source(), {
      defaultCurrency: 'EUR',
      batchSize: 10,
      signal: controller.signal,
      onProgress: () => controller.abort(),
    });
    release();
    expect(summary).toMatchObject({ aborted: true, rowsRead: 10, appended: 10 });
    expect(await log.position()).toBe(10);
  });

  it('reads nothing when the signal is aborted before it starts', async () => {
    const log = createMemoryLog();
    const summary = await importToLog(log, `customer,date,amount\n${csv(0, 5)}`, {
      defaultCurrency: 'EUR',
      signal: AbortSignal.abort(),
    });
    expect(summary).toMatchObject({ aborted: true, rowsRead: 0, appended: 0 });
    expect(await log.position()).toBe(0);
  });

  it('takes a signal shaped as an AbortSignal from elsewhere (another realm, a polyfill)', async () => {
    const target = new EventTarget();
    const foreign = Object.assign(target, { aborted: true, reason: 'stop' });
    const summary = await importToLog(createMemoryLog(), 'customer,date,amount\nc1,2024-05-01,1', {
      defaultCurrency: 'EUR',
      signal: foreign as unknown as AbortSignal,
    });
    expect(summary).toMatchObject({ aborted: true, appended: 0 });
  });

  it('refuses a signal that is not an AbortSignal, naming the option', async () => {
    await expect(
      importToLog(createMemoryLog(), 'customer,date,amount\n', {
        // @ts-expect-error: a controller instead of its signal, a likely slip
        signal: new AbortController(),
      }),
    ).rejects.toThrow(/signal/);
  });
});
