import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ConcurrencyError } from '../errors/ConcurrencyError.js';
import { DuplicateEventError } from '../errors/DuplicateEventError.js';
import { EventValidationError } from '../errors/EventValidationError.js';
import { isTenureError } from '../errors/TenureError.js';
import { unknownOption } from '../errors/unknownOption.js';
import type { EventInput, StoredEvent } from '../events/TenureEvent.js';
import type { EventLog, ReadOptions } from '../log/EventLog.js';
import { ANY_VERSION, NO_STREAM, STREAM_EXISTS } from '../log/expectedVersion.js';
import { appendStepArbitrary, buildAppend, describeAppend } from './appendSteps.js';
import { malformedEventArbitrary, validBatchArbitrary } from './eventArbitraries.js';
import { createEventLogModel, envelopeOf, type ModelEvent } from './eventLogModel.js';
import { fidelityBatch } from './fidelityBatch.js';

/** A fresh, empty log for one test, and how to dispose of what it created. */
export interface EventLogFixture {
  readonly log: EventLog;
  /** Runs after the suite has closed `log`: remove files, drop schemas, end pools. */
  readonly cleanup?: () => Promise<void>;
}

/**
 * Creates a fresh, empty log accepting the built-in event types. Called for every test and every
 * property run, so keep it cheap (a fresh file, a fresh schema).
 */
export type EventLogFactory = () => Promise<EventLogFixture>;

/** Options of {@link testEventLog}. */
export interface EventLogContractOptions {
  /** Runs of each property (fast-check `numRuns`), an integer >= 1. Default: 20. */
  readonly numRuns?: number;
}

const CUSTOMERS = ['c1', 'c2', 'c3'];
const T0 = Date.UTC(2024, 0, 1);

function purchase(
  id: string,
  customerId: string,
  at: number | string | Date,
  amount = 10,
): EventInput {
  return {
    id,
    type: 'purchase',
    customerId,
    at,
    data: { orderId: `o-${id}`, amount, currency: 'EUR' },
  };
}

async function readAll(log: EventLog, options?: ReadOptions): Promise<StoredEvent[]> {
  const events: StoredEvent[] = [];
  for await (const event of log.read(options)) events.push(event);
  return events;
}

function summary(events: readonly (StoredEvent | ModelEvent)[]) {
  return events.map((event) => ({
    envelope: 'envelope' in event ? event.envelope : envelopeOf(event),
    position: event.position,
    version: event.version,
  }));
}

/**
 * The EventLog contract, written once and run against every adapter: atomic batches, validation,
 * idempotency by id, expected versions (between racing writers too), gap-free positions and
 * versions, every field stored as given, ids compared exactly (case, prefixes, non-ASCII),
 * streaming reads by customer, `from` and `until`, calls after `close`, and garbage
 * input rejected without a trace. Example cases plus
 * fast-check properties checked against a reference model. Call it at the top level of a vitest
 * test file (vitest and fast-check are optional peers of tenure, needed only here).
 *
 * @param name - the adapter's name, shown in the test titles.
 * @param factory - returns a fresh, empty log (built-in event types) for each test and property
 *   run; the suite closes the log, then calls `cleanup`.
 * @example
 * ```ts
 * import { mkdtemp, rm } from 'node:fs/promises';
 * import { tmpdir } from 'node:os';
 * import { join } from 'node:path';
 * import { createFileLog } from 'tenure';
 * import { testEventLog } from 'tenure/testing/vitest';
 *
 * testEventLog('file log', async () => {
 *   const directory = await mkdtemp(join(tmpdir(), 'log-'));
 *   return {
 *     log: await createFileLog(join(directory, 'events.jsonl')),
 *     cleanup: () => rm(directory, { recursive: true, force: true }),
 *   };
 * });
 * ```
 */
export function testEventLog(
  name: string,
  factory: EventLogFactory,
  options: EventLogContractOptions = {},
): void {
  // Without TypeScript, testEventLog(factory) would fail every test on 'factory is not a function'.
  if (typeof name !== 'string' || typeof factory !== 'function') {
    throw new TypeError(
      `testEventLog: call it as testEventLog(name, factory, options?), with the adapter's name and a function returning { log }; received (${typeof name}, ${typeof factory}).`,
    );
  }
  const unknown = unknownOption('testEventLog', options, ['numRuns']);
  if (unknown !== undefined) throw new TypeError(unknown);
  const numRuns = options.numRuns ?? 20;
  // 0 runs would pass every property without checking anything.
  if (!Number.isSafeInteger(numRuns) || numRuns < 1) {
    throw new TypeError(
      `testEventLog: numRuns must be an integer >= 1, received ${String(numRuns)}. Leave it out for the default, 20.`,
    );
  }

  async function withLog(test: (log: EventLog) => Promise<void>): Promise<void> {
    const { log, cleanup } = fixtureOf(name, await factory());
    try {
      await expectFresh(log);
      await test(log);
    } finally {
      await log.close().catch(() => undefined);
      await cleanup?.();
    }
  }

  /** A shared or reused log would fail tests on their numbers: say what is wrong instead. */
  async function expectFresh(log: EventLog): Promise<void> {
    const fix =
      'return a fresh, empty log for every test and property run (a new file, a new schema).';
    const position = await log.position().catch((error: unknown) => {
      if (isTenureError(error, 'TENURE_LOG_CLOSED')) {
        throw new Error(`testEventLog(${name}): the factory returned a log that is closed; ${fix}`);
      }
      throw error;
    });
    // Any other wrong position is the log's own bug, for the tests to show.
    if (typeof position === 'number' && position > 0) {
      throw new Error(
        `testEventLog(${name}): the factory returned a log that is not empty (position ${position}); ${fix}`,
      );
    }
  }

  /**
   * Asserts that `attempt` rejects with one of `errors` and that the log did not change;
   * `append` says which append, in the failure message.
   */
  async function expectRejectedWithoutTrace(
    log: EventLog,
    attempt: () => Promise<unknown>,
    errors: readonly (abstract new (...args: never[]) => Error)[],
    append = 'the append',
  ): Promise<Error> {
    const before = await readAll(log);
    const position = await log.position();
    const versions = await Promise.all(CUSTOMERS.map((c) => log.version(c)));
    const error = await attempt().then(
      () => undefined,
      (thrown: unknown) => thrown as Error,
    );
    expect(error, `${append} must reject`).toBeDefined();
    expect(
      errors.some((type) => error instanceof type || isSameTenureError(error, type)),
      `unexpected error: ${error}`,
    ).toBe(true);
    expect(await log.position()).toBe(position);
    expect(await Promise.all(CUSTOMERS.map((c) => log.version(c)))).toEqual(versions);
    expect(summary(await readAll(log))).toEqual(summary(before));
    return error!;
  }

  describe(`EventLog contract: ${name}`, () => {
    it('starts empty', () =>
      withLog(async (log) => {
        expect(await log.position()).toBe(0);
        expect(await log.version('c1')).toBe(0);
        expect(await readAll(log)).toEqual([]);
        expect(await log.verify()).toMatchObject({ ok: true, records: 0 });
      }));

    it('stores normalised events with gap-free positions and per-customer versions', () =>
      withLog(async (log) => {
        const result = await log.append([
          purchase('e1', 'c1', '2024-01-02'),
          purchase('e2', 'c2', T0),
          purchase('e3', 'c1', new Date(T0 + 5)),
        ]);
        expect(result.position).toBe(3);
        expect(result.skipped).toEqual([]);
        expect(result.appended.map((e) => [e.id, e.position, e.version])).toEqual([
          ['e1', 1, 1],
          ['e2', 2, 1],
          ['e3', 3, 2],
        ]);
        const events = await readAll(log);
        expect(events[0]).toMatchObject({
          id: 'e1',
          at: Date.UTC(2024, 0, 2),
          data: { orderId: 'o-e1', amount: 10, currency: 'EUR' },
          meta: { schemaVersion: 1 },
        });
        expect(summary(events)).toEqual(summary(result.appended));
        expect(await log.version('c1')).toBe(2);
        expect(await log.verify()).toMatchObject({ ok: true, records: 3 });
      }));

    it('accepts late events: log order is storage order, not event time', () =>
      withLog(async (log) => {
        await log.append([purchase('late-1', 'c1', T0 + 1000)]);
        await log.append([purchase('late-2', 'c1', T0)]);
        const events = await readAll(log, { customerId: 'c1' });
        expect(events.map((e) => [e.id, e.position, e.version])).toEqual([
          ['late-1', 1, 1],
          ['late-2', 2, 2],
        ]);
      }));

    it('reads one customer, from a position, until an event time', () =>
      withLog(async (log) => {
        await log.append([
          purchase('r1', 'c1', T0 + 1),
          purchase('r2', 'c2', T0 + 2),
          purchase('r3', 'c1', T0 + 3),
          purchase('r4', 'c1', T0 + 4),
        ]);
        const ids = async (options: ReadOptions) => (await readAll(log, options)).map((e) => e.id);
        expect(await ids({ customerId: 'c1' })).toEqual(['r1', 'r3', 'r4']);
        expect(await ids({ customerId: 'c1', from: 2 })).toEqual(['r3', 'r4']);
        expect(await ids({ from: 2 })).toEqual(['r2', 'r3', 'r4']);
        expect(await ids({ from: 5 })).toEqual([]);
        expect(await ids({ until: T0 + 3 })).toEqual(['r1', 'r2', 'r3']);
        expect(await ids({ until: new Date(T0 + 2).toISOString() })).toEqual(['r1', 'r2']);
        expect(await ids({ customerId: 'c1', from: 2, until: T0 + 3 })).toEqual(['r3']);
        expect(await ids({ customerId: 'nobody' })).toEqual([]);
      }));

    it('rejects bad read options with a TypeError naming the option', () =>
      withLog(async (log) => {
        expect(() => log.read({ from: 0 })).toThrow(/from/);
        expect(() => log.read({ until: 'soon' })).toThrow(/until/);
        expect(() => log.read({ form: 2 } as never)).toThrow(TypeError);
        expect(() => log.read({ form: 2 } as never)).toThrow(/unknown option "form"/);
      }));

    it('rejects a misspelt append option with a TypeError, writing nothing', () =>
      withLog(async (log) => {
        // { expectedVersion } ignored would append without the concurrency check it asks for.
        const error = await expectRejectedWithoutTrace(
          log,
          () => log.append([purchase('o1', 'c1', T0)], { expectedVersion: { c1: 5 } } as never),
          [TypeError],
        );
        expect(error.message).toMatch(/unknown option "expectedVersion"/);
      }));

    it('rejects an invalid batch whole, naming the event and field', () =>
      withLog(async (log) => {
        await log.append([purchase('v1', 'c1', T0)]);
        const error = await expectRejectedWithoutTrace(
          log,
          () => log.append([purchase('v2', 'c1', T0), purchase('v3', 'c2', T0, -5)]),
          [EventValidationError],
        );
        expect(error.message).toMatch(/^log\.append: /);
        expect((error as EventValidationError).issues[0]).toMatchObject({
          index: 1,
          eventId: 'v3',
          path: 'data.amount',
        });
      }));

    it('rejects a batch that is not an array with a TypeError', () =>
      withLog(async (log) => {
        await expectRejectedWithoutTrace(log, () => log.append(null as never), [TypeError]);
      }));

    it('skips an identical resend and rejects a changed one, whole batch', () =>
      withLog(async (log) => {
        await log.append([purchase('d1', 'c1', T0)]);
        const resend = await log.append([
          purchase('d1', 'c1', '2024-01-01'),
          purchase('d2', 'c1', T0),
        ]);
        expect(resend.skipped).toEqual(['d1']);
        expect(resend.appended.map((e) => [e.id, e.position, e.version])).toEqual([['d2', 2, 2]]);
        const error = await expectRejectedWithoutTrace(
          log,
          () => log.append([purchase('d3', 'c1', T0), purchase('d1', 'c1', T0, 99)]),
          [DuplicateEventError],
        );
        expect(error).toMatchObject({ eventId: 'd1', index: 1 });
        // The rejected batch left no trace in the id index either: d3 is still new.
        expect((await log.append([purchase('d3', 'c1', T0)])).appended).toHaveLength(1);
      }));

    it('stores an identical duplicate inside one batch once and rejects a different one', () =>
      withLog(async (log) => {
        const result = await log.append([purchase('b1', 'c1', T0), purchase('b1', 'c1', T0)]);
        expect(result.appended.map((e) => e.id)).toEqual(['b1']);
        expect(result.skipped).toEqual(['b1']);
        await expectRejectedWithoutTrace(
          log,
          () => log.append([purchase('b2', 'c1', T0), purchase('b2', 'c1', T0, 11)]),
          [DuplicateEventError],
        );
      }));

    it('checks expected versions per customer stream', () =>
      withLog(async (log) => {
        await log.append([purchase('x1', 'c1', T0)], { expectedVersions: { c1: NO_STREAM } });
        await log.append([purchase('x2', 'c1', T0)], { expectedVersions: { c1: 1 } });
        await log.append([purchase('x3', 'c1', T0)], { expectedVersions: { c1: STREAM_EXISTS } });
        await log.append([purchase('x4', 'c2', T0)], {
          expectedVersions: { c1: ANY_VERSION, c2: 0 },
        });
        const error = await expectRejectedWithoutTrace(
          log,
          () => log.append([purchase('x5', 'c1', T0)], { expectedVersions: { c1: 2 } }),
          [ConcurrencyError],
        );
        expect(error).toMatchObject({ customerId: 'c1', expected: 2, actual: 3 });
        await expectRejectedWithoutTrace(
          log,
          () => log.append([purchase('x6', 'c3', T0)], { expectedVersions: { c3: STREAM_EXISTS } }),
          [ConcurrencyError],
        );
        await expectRejectedWithoutTrace(
          log,
          () => log.append([purchase('x7', 'c2', T0)], { expectedVersions: { c2: NO_STREAM } }),
          [ConcurrencyError],
        );
        // A stream the batch does not write to is checked too: a decision read from c1, written to c2.
        const unwritten = await expectRejectedWithoutTrace(
          log,
          () => log.append([purchase('x8', 'c2', T0)], { expectedVersions: { c1: 2 } }),
          [ConcurrencyError],
          'an append to c2 expecting c1, which it does not write to, at 2 (c1 is at 3)',
        );
        expect(unwritten, 'the check of c1, which the batch does not write to').toMatchObject({
          customerId: 'c1',
          expected: 2,
          actual: 3,
        });
        // Rejected appends take no position (a database sequence would): the next one follows on.
        const next = await log.append([purchase('x9', 'c1', T0)]);
        expect(
          next.appended.map((e) => [e.position, e.version]),
          'the position and version of an append after rejected ones',
        ).toEqual([[5, 4]]);
      }));

    it('stores every field as given: false, 0, empty strings and arrays, meta, every built-in type', () =>
      withLog(async (log) => {
        const batch = fidelityBatch(CUSTOMERS);
        const model = createEventLogModel();
        await model.append(batch);
        await log.append(batch);
        const stored = await readAll(log);
        // One event at a time, so that a failure names the event and shows its fields.
        for (const [index, expected] of model.events.entries()) {
          const event = stored[index];
          expect(
            event === undefined ? undefined : JSON.parse(envelopeOf(event)),
            `the event ${expected.id} as log.read() returns it`,
          ).toEqual(JSON.parse(expected.envelope));
        }
        expect(summary(stored)).toEqual(summary(model.events));
      }));

    it('keeps apart ids that differ only in case, a suffix, a space or non-ASCII characters', () =>
      withLog(async (log) => {
        // What a case-insensitive collation, a prefix scan or a Latin-1 column would merge.
        const customers = ['c1', 'C1', 'c10', 'c1 ', 'ç1', '顧客1', 'c1😀'];
        const batch = customers.map((customerId, i) => ({
          ...purchase(['e1', 'E1', 'e10', 'e1 ', 'é1', '事件1', 'e1😀'][i]!, customerId, T0),
          data: { orderId: `order ${customerId} «ü»`, amount: 10, currency: 'EUR' },
        }));
        const result = await log.append(batch);
        expect(result.skipped, 'ids the log took for ones it already had').toEqual([]);
        expect(
          result.appended.map((e) => e.id),
          'the ids of result.appended, as they were given',
        ).toEqual(batch.map((e) => e.id));
        for (const [i, customerId] of customers.entries()) {
          const stream = await readAll(log, { customerId });
          expect(
            stream.map((e) => [e.id, e.customerId, e.data]),
            `log.read({ customerId: ${JSON.stringify(customerId)} })`,
          ).toEqual([[batch[i]!.id, customerId, batch[i]!.data]]);
          expect(await log.version(customerId), `log.version(${JSON.stringify(customerId)})`).toBe(
            1,
          );
        }
        expect(summary(await readAll(log))).toEqual(summary(result.appended));
      }));

    it('rejects a batch whole when one of its streams is not at the expected version', () =>
      withLog(async (log) => {
        await log.append([purchase('m0', 'c2', T0)]);
        // c1 passes its check and c3 has none: neither may be written when c2 fails its own.
        const batch = [
          purchase('m1', 'c1', T0),
          purchase('m2', 'c3', T0),
          purchase('m3', 'c2', T0),
        ];
        const error = await expectRejectedWithoutTrace(
          log,
          () => log.append(batch, { expectedVersions: { c1: NO_STREAM, c2: NO_STREAM } }),
          [ConcurrencyError],
        );
        expect(error).toMatchObject({ customerId: 'c2', actual: 1 });
        expect((await log.append(batch)).appended.map((e) => e.id)).toEqual(['m1', 'm2', 'm3']);
      }));

    it('accepts a resend of a stored append with the expected versions it was made with', () =>
      withLog(async (log) => {
        await log.append([purchase('r0', 'c1', T0)]);
        const batch = [
          purchase('r1', 'c1', T0),
          purchase('r2', 'c2', T0),
          purchase('r3', 'c1', T0),
        ];
        const options = { expectedVersions: { c1: 1, c2: NO_STREAM } };
        const first = await log.append(batch, options);
        // The acknowledgement was lost; the writer retries the very same call.
        const retry = await log.append(batch, options);
        expect(retry).toEqual({ appended: [], skipped: ['r1', 'r2', 'r3'], position: 4 });
        expect(first.appended.map((e) => [e.id, e.version])).toEqual([
          ['r1', 2],
          ['r2', 1],
          ['r3', 3],
        ]);
        // Only the whole stored append, in its order, is a resend; anything else conflicts.
        for (const attempt of [
          [purchase('r3', 'c1', T0)],
          [purchase('r3', 'c1', T0), purchase('r1', 'c1', T0)],
          [...batch, purchase('r4', 'c1', T0)],
        ]) {
          await expectRejectedWithoutTrace(log, () => log.append(attempt, options), [
            ConcurrencyError,
          ]);
        }
      }));

    it('property: retrying an acknowledged append changes nothing and succeeds', () =>
      fc.assert(
        fc.asyncProperty(
          validBatchArbitrary({ customerIds: CUSTOMERS, maxLength: 4 }),
          validBatchArbitrary({ customerIds: CUSTOMERS, minLength: 1, maxLength: 6 }),
          fc.subarray(CUSTOMERS),
          async (earlier, generated, checked) =>
            withLog(async (log) => {
              const batch = generated.map((event, i) => ({ ...event, id: `retried-${i}` }));
              await log.append(earlier.map((event, i) => ({ ...event, id: `earlier-${i}` })));
              const expectedVersions: Record<string, number> = {};
              for (const customerId of checked) {
                expectedVersions[customerId] = await log.version(customerId);
              }
              const first = await log.append(batch, { expectedVersions });
              const before = await readAll(log);
              const retry = await log.append(batch, { expectedVersions });
              expect(retry.appended).toEqual([]);
              expect(new Set(retry.skipped)).toEqual(new Set(batch.map((event) => event.id)));
              expect(retry.position).toBe(first.position);
              expect(await readAll(log)).toEqual(before);
            }),
        ),
        { numRuns },
      ));

    it('serialises concurrent appends without gaps', () =>
      withLog(async (log) => {
        const batches = Array.from({ length: 20 }, (_, b) =>
          Array.from({ length: 5 }, (_, i) => purchase(`p${b}-${i}`, CUSTOMERS[i % 3]!, T0 + i)),
        );
        await Promise.all(batches.map((batch) => log.append(batch)));
        const events = await readAll(log);
        expect(events.map((e) => e.position)).toEqual(events.map((_, i) => i + 1));
        for (const customerId of CUSTOMERS) {
          const stream = events.filter((e) => e.customerId === customerId);
          expect(stream.map((e) => e.version)).toEqual(stream.map((_, i) => i + 1));
        }
        // Each batch is contiguous: nothing interleaves with an append.
        for (const batch of batches) {
          const positions = events
            .filter((e) => batch.some((b) => b.id === e.id))
            .map((e) => e.position);
          expect(positions.at(-1)! - positions[0]!).toBe(batch.length - 1);
        }
      }));

    it('lets one of two concurrent appends with the same expected version through', () =>
      withLog(async (log) => {
        // What expected versions are for: two writers read version 1 and 0, then both write.
        await log.append([purchase('w0', 'c1', T0)]);
        for (const [customerId, expected] of [
          ['c1', 1],
          ['c2', NO_STREAM],
        ] as const) {
          const options = { expectedVersions: { [customerId]: expected } };
          const outcomes = await Promise.allSettled(
            ['a', 'b'].map((writer) =>
              log.append([purchase(`w-${customerId}-${writer}`, customerId, T0)], options),
            ),
          );
          const rejected = outcomes.flatMap((o) => (o.status === 'rejected' ? [o.reason] : []));
          expect(
            rejected,
            `one writer expecting ${customerId} at ${expected} must fail`,
          ).toHaveLength(1);
          expect(
            isSameTenureError(rejected[0], ConcurrencyError) ||
              rejected[0] instanceof ConcurrencyError,
            `unexpected error: ${rejected[0]}`,
          ).toBe(true);
        }
        expect([await log.version('c1'), await log.version('c2')]).toEqual([2, 1]);
        expect(summary(await readAll(log)).map((e) => e.position)).toEqual([1, 2, 3]);
      }));

    it('stores an id once when two concurrent appends carry it', () =>
      withLog(async (log) => {
        const results = await Promise.all([
          log.append([purchase('s1', 'c1', T0)]),
          log.append([purchase('s1', 'c1', T0), purchase('s2', 'c1', T0)]),
        ]);
        expect(results.flatMap((r) => r.skipped)).toEqual(['s1']);
        // A changed copy racing the original: one is stored, the other rejected.
        const outcomes = await Promise.allSettled([
          log.append([purchase('s3', 'c2', T0)]),
          log.append([purchase('s3', 'c2', T0, 99)]),
        ]);
        const rejected = outcomes.flatMap((o) => (o.status === 'rejected' ? [o.reason] : []));
        expect(rejected, 'one of two different events with one id must fail').toHaveLength(1);
        expect(
          isSameTenureError(rejected[0], DuplicateEventError) ||
            rejected[0] instanceof DuplicateEventError,
          `unexpected error: ${rejected[0]}`,
        ).toBe(true);
        expect((await readAll(log)).map((e) => e.id).sort()).toEqual(['s1', 's2', 's3']);
        expect(await log.verify()).toMatchObject({ ok: true, records: 3 });
      }));

    it('rejects calls after close', () =>
      withLog(async (log) => {
        await log.append([purchase('z0', 'c1', T0)]);
        await log.close();
        const closed = expect.objectContaining({ code: 'TENURE_LOG_CLOSED' });
        await expect(log.append([purchase('z1', 'c1', T0)])).rejects.toEqual(closed);
        await expect(log.position()).rejects.toEqual(closed);
        await expect(log.version('c1')).rejects.toEqual(closed);
        await expect(log.verify()).rejects.toEqual(closed);
        // A read may refuse when called or when iterated.
        await expect(async () => readAll(log)).rejects.toEqual(closed);
      }));

    it('property: any sequence of appends behaves like the reference model', () =>
      fc.assert(
        fc.asyncProperty(
          fc.array(appendStepArbitrary(CUSTOMERS, T0), { minLength: 1, maxLength: 8 }),
          fc.nat(),
          fc.integer({ min: T0 - 86_400_000, max: T0 + 86_400_000 }),
          fc.context(),
          async (steps, fromSeed, until, context) =>
            withLog(async (log) => {
              const model = createEventLogModel();
              const history: EventInput[] = [];
              let next = 0;
              for (const step of steps) {
                const { inputs, options } = buildAppend(step, history, model, () => `ev-${next++}`);
                const expected = await model.append(inputs, options);
                // The trace a failure prints: each append and what the reference model expects.
                context.log(
                  `${describeAppend(inputs, options)} must ${
                    expected.ok
                      ? `store ${expected.appended.map((e) => `${e.id}@${e.position}`).join(', ') || 'nothing'}`
                      : `reject with ${[...expected.errors].join(' or ')}`
                  }`,
                );
                const outcome = await log.append(inputs as EventInput[], options).then(
                  (value) => ({ value }),
                  (error: unknown) => ({ error: error as Error }),
                );
                if (expected.ok) {
                  expect(
                    'error' in outcome ? outcome.error : undefined,
                    'the last append must succeed',
                  ).toBeUndefined();
                  const result = (outcome as { value: Awaited<ReturnType<EventLog['append']>> })
                    .value;
                  expect(summary(result.appended), 'its result.appended').toEqual(
                    summary(expected.appended),
                  );
                  expect([...result.skipped].sort(), 'its result.skipped').toEqual(
                    [...expected.skipped].sort(),
                  );
                  expect(result.position, 'its result.position').toBe(model.events.length);
                  history.push(...(inputs as EventInput[]));
                } else {
                  expect('error' in outcome, 'the last append must reject').toBe(true);
                  const error = (outcome as { error: Error }).error;
                  expect([...expected.errors], `the code of ${error}`).toContain(
                    (error as { code?: string }).code,
                  );
                }
              }
              expect(summary(await readAll(log)), 'log.read()').toEqual(summary(model.events));
              expect(await log.position(), 'log.position()').toBe(model.events.length);
              for (const customerId of CUSTOMERS) {
                const stream = model.events.filter((e) => e.customerId === customerId);
                expect(await log.version(customerId), `log.version('${customerId}')`).toBe(
                  stream.length,
                );
                expect(
                  summary(await readAll(log, { customerId })),
                  `log.read({ customerId: '${customerId}' })`,
                ).toEqual(summary(stream));
              }
              const from = (fromSeed % (model.events.length + 2)) + 1;
              const window = `{ from: ${from}, until: ${new Date(until).toISOString()} }`;
              context.log(`log.read(${window}) must return the model's events in that window`);
              expect(summary(await readAll(log, { from, until })), `log.read(${window})`).toEqual(
                summary(model.events.filter((e) => e.position >= from && e.at <= until)),
              );
              expect(
                summary(await readAll(log, { customerId: 'c2', from, until })),
                `log.read({ customerId: 'c2', ${window.slice(2)})`,
              ).toEqual(
                summary(
                  model.events.filter(
                    (e) => e.customerId === 'c2' && e.position >= from && e.at <= until,
                  ),
                ),
              );
              expect(await log.verify()).toMatchObject({ ok: true, records: model.events.length });
            }),
        ),
        { numRuns },
      ));

    it('property: garbage input is rejected with EventValidationError and leaves no trace', () =>
      withLog(async (log) => {
        await log.append([purchase('g1', 'c1', T0), purchase('g2', 'c2', T0)]);
        await fc.assert(
          fc.asyncProperty(
            fc.array(malformedEventArbitrary({ customerIds: CUSTOMERS }), {
              minLength: 1,
              maxLength: 3,
            }),
            validBatchArbitrary({ customerIds: CUSTOMERS, maxLength: 3 }),
            fc.nat(),
            async (bad, good, seed) => {
              const batch = [...good] as unknown[];
              // Fresh ids for the valid events, then the garbage somewhere among them.
              good.forEach((event, i) => {
                batch[i] = { ...event, id: `good-${seed}-${i}` };
              });
              batch.splice(seed % (batch.length + 1), 0, ...bad);
              await expectRejectedWithoutTrace(log, () => log.append(batch as EventInput[]), [
                EventValidationError,
              ]);
            },
          ),
          { numRuns: numRuns * 5 },
        );
        expect(await log.verify()).toMatchObject({ ok: true, records: 2 });
      }));
  });
}

/**
 * The factory's fixture, checked: a factory that returns the log itself (not `{ log }`) would
 * fail every test on "Cannot read properties of undefined (reading 'position')".
 */
function fixtureOf(name: string, fixture: unknown): EventLogFixture {
  const log = (fixture as Partial<EventLogFixture> | undefined)?.log;
  if (typeof log?.append !== 'function') {
    const itself = typeof (fixture as Partial<EventLog> | undefined)?.append === 'function';
    throw new TypeError(
      `testEventLog(${name}): the factory must return { log, cleanup? }, received ${
        itself ? 'the log itself: return { log } instead' : String(fixture)
      }.`,
    );
  }
  return fixture as EventLogFixture;
}

/**
 * True when `error` is a tenure error of the class `type` from another copy of the package (a
 * CommonJS adapter checked by this ESM suite, where `instanceof` fails): its name is the class's.
 */
function isSameTenureError(
  error: unknown,
  type: abstract new (...args: never[]) => Error,
): boolean {
  return isTenureError(error) && error.name === type.name;
}
