import { describe, expect, it } from 'vitest';
import { ConcurrencyError } from '../../src/errors/ConcurrencyError.js';
import { DuplicateEventError } from '../../src/errors/DuplicateEventError.js';
import { defaultEventCatalog } from '../../src/events/createEventCatalog.js';
import type { StoredEvent } from '../../src/events/TenureEvent.js';
import { type AppendState, planAppend } from '../../src/log/planAppend.js';
import { prepareBatch } from '../../src/log/prepareBatch.js';

const login = (id: string, customerId: string, device = 'web') => ({
  id,
  type: 'usage.login',
  customerId,
  at: '2024-05-01',
  data: { device },
});

function state(
  versions: Record<string, number>,
  stored = new Map<string, StoredEvent>(),
): AppendState {
  return {
    position: Object.values(versions).reduce((a, b) => a + b, 0),
    version: (customerId) => versions[customerId] ?? 0,
    stored,
  };
}

function storedById(events: readonly StoredEvent[]): Map<string, StoredEvent> {
  return new Map(events.map((event) => [event.id, event]));
}

describe('prepareBatch', () => {
  it('collapses identical copies inside a batch and keeps the first occurrence', async () => {
    const batch = await prepareBatch(
      't',
      [login('a', 'c1'), login('b', 'c1'), login('a', 'c1')],
      defaultEventCatalog,
    );
    expect(batch.events.map((e) => e.id)).toEqual(['a', 'b']);
    expect(batch.indices).toEqual([0, 1]);
    expect(batch.skipped).toEqual(['a']);
  });

  it('rejects a different event reusing an id of the same batch, naming its index', async () => {
    await expect(
      prepareBatch('t', [login('a', 'c1'), login('a', 'c1', 'ios')], defaultEventCatalog),
    ).rejects.toMatchObject({ eventId: 'a', index: 1 });
  });

  it('says a clash inside the batch is with an earlier event of the batch, not a stored one', async () => {
    await expect(
      prepareBatch(
        't',
        [login('a', 'c1'), login('b', 'c1'), login('a', 'c1', 'ios')],
        defaultEventCatalog,
      ),
    ).rejects.toThrow(
      't: event #2 has id "a", as event #0 of this batch does, with different content; nothing was written. Give a new event a new id, or send one copy of the event.',
    );
  });
});

describe('planAppend', () => {
  it('assigns positions after the log end and versions per customer stream', async () => {
    const batch = await prepareBatch(
      't',
      [login('a', 'c1'), login('b', 'c2'), login('c', 'c1')],
      defaultEventCatalog,
    );
    const plan = planAppend('t', batch, undefined, state({ c1: 2, c3: 1 }));
    expect(plan.appended.map((e) => [e.id, e.position, e.version])).toEqual([
      ['a', 4, 3],
      ['b', 5, 1],
      ['c', 6, 4],
    ]);
    expect(plan.position).toBe(6);
    expect([...plan.versions]).toEqual([
      ['c1', 4],
      ['c2', 1],
    ]);
  });

  it('skips stored identical events and rejects stored different ones', async () => {
    const first = await prepareBatch('t', [login('a', 'c1')], defaultEventCatalog);
    const fingerprints = storedById(planAppend('t', first, undefined, state({})).appended);
    const resend = await prepareBatch(
      't',
      [login('a', 'c1'), login('b', 'c1')],
      defaultEventCatalog,
    );
    const plan = planAppend('t', resend, undefined, state({ c1: 1 }, fingerprints));
    expect(plan.skipped).toEqual(['a']);
    expect(plan.appended.map((e) => e.id)).toEqual(['b']);
    const changed = await prepareBatch(
      't',
      [login('b', 'c1'), login('a', 'c1', 'ios')],
      defaultEventCatalog,
    );
    expect(() => planAppend('t', changed, undefined, state({ c1: 1 }, fingerprints))).toThrow(
      DuplicateEventError,
    );
  });

  it('lets a stored append be resent with the expected versions it was made with', async () => {
    const original = await prepareBatch(
      't',
      [login('x', 'c2'), login('a', 'c1'), login('b', 'c1')],
      defaultEventCatalog,
    );
    const expectedVersions = { c1: 1, c2: 'no-stream' } as const;
    const stored = planAppend('t', original, { expectedVersions }, state({ c1: 1 })).appended;
    const after = state({ c1: 3, c2: 1 }, storedById(stored));
    const resend = planAppend('t', original, { expectedVersions }, after);
    expect(resend.appended).toEqual([]);
    expect(resend.skipped).toEqual(['x', 'a', 'b']);
  });

  it('still conflicts when a resend is only part of the stored append, or out of order', async () => {
    const original = await prepareBatch(
      't',
      [login('a', 'c1'), login('b', 'c1')],
      defaultEventCatalog,
    );
    const after = state(
      { c1: 3 },
      storedById(planAppend('t', original, undefined, state({ c1: 1 })).appended),
    );
    const attempts = [
      [login('b', 'c1')],
      [login('b', 'c1'), login('a', 'c1')],
      [login('a', 'c1'), login('b', 'c1'), login('n', 'c1')],
    ];
    for (const events of attempts) {
      const batch = await prepareBatch('t', events, defaultEventCatalog);
      expect(() => planAppend('t', batch, { expectedVersions: { c1: 1 } }, after)).toThrow(
        ConcurrencyError,
      );
    }
  });

  it('checks every expected version, also of streams the batch does not touch', async () => {
    const batch = await prepareBatch('t', [login('a', 'c1')], defaultEventCatalog);
    const error = (() => {
      try {
        planAppend(
          't',
          batch,
          { expectedVersions: { c1: 2, c9: 'stream-exists' } },
          state({ c1: 2 }),
        );
      } catch (thrown) {
        return thrown;
      }
    })();
    expect(error).toBeInstanceOf(ConcurrencyError);
    expect(error).toMatchObject({ customerId: 'c9', expected: 'stream-exists', actual: 0 });
  });

  it('refuses expected versions that are neither versions nor sentinels', async () => {
    const batch = await prepareBatch('t', [login('a', 'c1')], defaultEventCatalog);
    for (const expected of [-1, 1.5, Number.NaN, 'latest', null]) {
      expect(() =>
        planAppend('t', batch, { expectedVersions: { c1: expected as never } }, state({})),
      ).toThrow(TypeError);
    }
  });
});
