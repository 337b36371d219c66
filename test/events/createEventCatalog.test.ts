import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { builtInEventTypes } from '../../src/events/catalog/builtInEventTypes.js';
import { createEventCatalog } from '../../src/events/createEventCatalog.js';
import type { EventType } from '../../src/events/defineEventType.js';
import { defineEventType } from '../../src/events/defineEventType.js';
import { createMemoryLog } from '../../src/log/createMemoryLog.js';

const trialStarted = defineEventType({
  type: 'acme.trial-started',
  schema: v.object({ plan: v.string() }),
});

describe('createEventCatalog', () => {
  it('holds the built-in types, then yours', () => {
    const catalog = createEventCatalog([trialStarted]);
    expect(catalog.types.length).toBe(builtInEventTypes.length + 1);
    expect(catalog.get('acme.trial-started')).toBe(trialStarted);
    expect(catalog.get('purchase')?.version).toBe(1);
  });

  it('refuses one type where an array of them goes, naming the fix', () => {
    expect(() => createEventCatalog(trialStarted as unknown as EventType[])).toThrow(
      /^createEventCatalog \(a log's eventTypes\): expected an array of event types made by defineEventType, received an object; pass \[myType\], not myType\.$/,
    );
    expect(() => createMemoryLog({ eventTypes: trialStarted as unknown as EventType[] })).toThrow(
      TypeError,
    );
  });

  it('refuses a schema, or anything else, given as an event type instead of leaving its events unknown', () => {
    const schema = v.object({ plan: v.string() });
    expect(() => createEventCatalog([schema as unknown as EventType])).toThrow(
      /eventTypes\[0\] is a schema, not an event type: wrap it, defineEventType\(\{ type: 'acme\.my-type', schema \}\)\./,
    );
    expect(() => createEventCatalog([trialStarted, null as unknown as EventType])).toThrow(
      /eventTypes\[1\] is null, not an event type: make one with defineEventType\(\{ type, schema \}\)\./,
    );
  });

  it('checks a type built by hand as defineEventType would', () => {
    const handMade = { type: 'clock', version: 1, schema: v.object({}), description: 'tick' };
    expect(() => createEventCatalog([handMade])).toThrow(/type "clock" is reserved/);
  });
});
