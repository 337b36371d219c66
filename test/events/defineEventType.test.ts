import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { defineEventType } from '../../src/events/defineEventType.js';

describe('defineEventType', () => {
  it.each([
    ['clock', /reserved.*lifecycles receive \{ type: 'clock', at \}.*"acme\.clock"/],
    ['xstate.init', /reserved.*XState.*"acme\.init"/],
  ])(
    'refuses the name %s, which a lifecycle could not tell from its own events',
    (type, message) => {
      expect(() => defineEventType({ type, schema: v.object({}) })).toThrow(message);
    },
  );

  it('takes names that only begin like a reserved one', () => {
    for (const type of ['clock-in', 'acme.clock', 'xstate-import']) {
      expect(defineEventType({ type, schema: v.object({}) }).type).toBe(type);
    }
  });

  it('refuses an upcaster keyed by anything but the version it reads, written as an integer', () => {
    // Number('1.0') is 1, but upcasters['1'] would not find it: v1 events would be unreadable.
    for (const key of ['1.0', '01', ' 1']) {
      expect(() =>
        defineEventType({
          type: 'acme.order',
          version: 2,
          schema: v.object({}),
          upcasters: { [key]: (data: object) => data },
        }),
      ).toThrow(new RegExp(`got key ${JSON.stringify(JSON.stringify(key)).slice(1, -1)}`));
    }
  });
});
