import { describe, expect, it } from 'vitest';
import type { EventInput, StoredEvent } from '../../src/events/TenureEvent.js';
import { createMemoryLog } from '../../src/log/createMemoryLog.js';
import type { EventLog } from '../../src/log/EventLog.js';
import { createMemoryKeyStore } from '../../src/privacy/createMemoryKeyStore.js';
import { createPrivateLog } from '../../src/privacy/createPrivateLog.js';
import { defaultPersonalFields } from '../../src/privacy/personalFields.js';
import { createLifecycle } from '../../src/projection/createLifecycle.js';
import type { LiveProjection } from '../../src/projection/LiveProjection.js';

const lifecycle = createLifecycle();
const json = (value: unknown) => JSON.stringify(value);

const events: EventInput[] = [
  { id: 'p1', type: 'customer.profile', customerId: 'c1', at: '2024-01-01', data: { name: 'Ada' } },
  {
    id: 'o1',
    type: 'purchase',
    customerId: 'c1',
    at: '2024-01-02',
    data: { orderId: 'o1', amount: 30, currency: 'EUR' },
  },
  {
    id: 'r1',
    type: 'review',
    customerId: 'c1',
    at: '2024-02-03',
    data: { rating: 5, text: 'my neighbour Bob at 12 St James Sq' },
  },
  {
    id: 's1',
    type: 'survey.answered',
    customerId: 'c1',
    at: '2024-02-04',
    data: { kind: 'nps', score: 9, comment: 'call me on 020 7946 0958' },
  },
  {
    id: 'r2',
    type: 'review',
    customerId: 'c2',
    at: '2024-02-05',
    data: { rating: 4, text: 'Grace was kind' },
  },
];

async function readAll(log: EventLog): Promise<StoredEvent[]> {
  const out: StoredEvent[] = [];
  for await (const event of log.read()) out.push(event);
  return out;
}

/** A live projection caught up with `log` from its position, event by event or in one batch. */
async function catchUp(live: LiveProjection, log: EventLog, batch: boolean): Promise<void> {
  const read: StoredEvent[] = [];
  for await (const event of log.read({ from: live.position + 1 })) read.push(event);
  if (batch) live.applyAll(read);
  else for (const event of read) live.apply(event);
}

describe('a live projection when a customer is forgotten', () => {
  for (const batch of [false, true]) {
    it(`erases their personal fields from what it holds, as a rebuild from the private log would (${batch ? 'applyAll' : 'apply'})`, async () => {
      const log = createPrivateLog(createMemoryLog(), { keyStore: createMemoryKeyStore() });
      await log.append(events);
      const live = lifecycle.createProjection();
      await catchUp(live, log, batch);
      const before = live.state();
      expect(json(live.snapshot())).toContain('my neighbour Bob');

      await log.forget('c1', { at: '2024-03-01' });
      await catchUp(live, log, batch);

      const saved = json(live.snapshot());
      for (const secret of ['my neighbour Bob', 'call me on']) expect(saved).not.toContain(secret);
      // The other customer's free text is theirs to keep.
      expect(saved).toContain('Grace was kind');
      // Stages and facts do not come from personal data: the same projection.
      expect(json(live.state())).toBe(json(before));
      // Exactly what a projection rebuilt from the log after forget holds.
      const rebuilt = lifecycle.createProjection();
      rebuilt.applyAll(await readAll(log));
      expect(saved).toBe(json(rebuilt.snapshot()));
    });
  }

  it('keeps what was logged after the erasure (a new key), in a batch as event by event', async () => {
    const log = createPrivateLog(createMemoryLog(), { keyStore: createMemoryKeyStore() });
    await log.append(events);
    await log.forget('c1', { at: '2024-03-01' });
    await log.append([
      {
        id: 'r3',
        type: 'review',
        customerId: 'c1',
        at: '2024-03-02',
        data: { rating: 3, text: 'written after forget' },
      },
    ]);
    const stored = await readAll(log);
    const byEvent = lifecycle.createProjection();
    for (const event of stored) byEvent.apply(event);
    const batched = lifecycle.createProjection();
    batched.applyAll(stored);
    const saved = json(batched.snapshot());
    expect(saved).toBe(json(byEvent.snapshot()));
    expect(saved).toContain('written after forget');
    expect(saved).not.toContain('my neighbour Bob');
  });

  for (const resumed of [false, true]) {
    it(`erases what was logged before the erasure but arrives after it${resumed ? ', across a snapshot and resume' : ''}`, async () => {
      const log = createPrivateLog(createMemoryLog(), { keyStore: createMemoryKeyStore() });
      await log.append(events);
      // Read in clear before forget, delivered late (a queue that redelivers, a second reader).
      const late = await readAll(log);
      await log.forget('c1', { at: '2024-03-01' });
      const record = (await readAll(log)).filter((event) => event.type === 'customer.forgotten');
      for (const batch of [false, true]) {
        let live = lifecycle.createProjection();
        live.applyAll(record);
        if (resumed) live = lifecycle.resume(JSON.parse(json(live.snapshot())));
        if (batch) live.applyAll(late);
        else for (const event of late) live.apply(event);

        const saved = json(live.snapshot());
        for (const secret of ['my neighbour Bob', 'call me on'])
          expect(saved).not.toContain(secret);
        expect(saved).toContain('Grace was kind');
        const rebuilt = lifecycle.createProjection();
        rebuilt.applyAll(await readAll(log));
        expect(saved).toBe(json(rebuilt.snapshot()));
      }
    });
  }

  it('refuses a snapshot whose forgotten customers are not log positions', () => {
    const saved = { ...lifecycle.createProjection().snapshot(), forgotten: { c1: 'yes' } };
    expect(() => lifecycle.resume(saved as never)).toThrow(
      expect.objectContaining({
        code: 'TENURE_INVALID_SNAPSHOT',
        message: expect.stringMatching(/forgotten must map customer ids to log positions/),
      }),
    );
  });

  it('erases the fields it is told are personal, and refuses a list that is not one', () => {
    const ticket: StoredEvent = {
      id: 't1',
      type: 'acme.ticket',
      customerId: 'c1',
      at: Date.UTC(2024, 0, 3),
      data: { body: 'my address is ...', priority: 2 },
      position: 1,
      version: 1,
    };
    const forgotten: StoredEvent = {
      id: 'f1',
      type: 'customer.forgotten',
      customerId: 'c1',
      at: Date.UTC(2024, 1, 1),
      data: {},
      position: 2,
      version: 2,
    };
    const personalFields = { ...defaultPersonalFields, 'acme.ticket': ['body'] };
    const live = lifecycle.createProjection({ personalFields });
    live.applyAll([ticket, forgotten]);
    expect(live.snapshot().customers[0]?.events[0]?.data).toEqual({
      body: '[erased]',
      priority: 2,
    });
    expect(() =>
      lifecycle.createProjection({ personalFields: { 'acme.ticket': 'body' } as never }),
    ).toThrow(
      expect.objectContaining({
        code: 'TENURE_INVALID_PROJECTION_INPUT',
        message: expect.stringMatching(
          /^lifecycle\.createProjection: options\.personalFields must map/,
        ),
      }),
    );
    expect(() => lifecycle.createProjection([] as never)).toThrow(
      /^lifecycle\.createProjection: options must be an object like \{ personalFields \}, received an array\.$/,
    );
    expect(() => lifecycle.resume(live.snapshot(), { personalFeilds: {} } as never)).toThrow(
      /lifecycle\.resume: .*personalFeilds/,
    );
  });
});
