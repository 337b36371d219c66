import fc from 'fast-check';
import { expect, it } from 'vitest';
import type { TenureEvent } from '../../src/events/TenureEvent.js';
import { eventFingerprint } from '../../src/log/eventFingerprint.js';
import { eventJson } from '../../src/log/postgres/eventJson.js';

const event: fc.Arbitrary<TenureEvent> = fc.record(
  {
    id: fc.string({ unit: 'binary' }),
    type: fc.string(),
    customerId: fc.string({ unit: 'binary' }),
    at: fc.integer({ min: -8.64e15, max: 8.64e15 }),
    data: fc.oneof(fc.jsonValue(), fc.constant(undefined)),
    meta: fc.oneof(
      fc.record({ schemaVersion: fc.nat() }),
      fc.dictionary(fc.string(), fc.jsonValue()),
      fc.constant(undefined),
    ),
  },
  { requiredKeys: ['id', 'type', 'customerId', 'at'] },
) as fc.Arbitrary<TenureEvent>;

it('property: the fingerprint assembled by eventJson is eventFingerprint, and data and meta are their canonical JSON', () => {
  fc.assert(
    fc.property(event, (draft) => {
      const json = eventJson(draft);
      expect(json.fingerprint).toBe(eventFingerprint(draft));
      expect(json.data === undefined ? undefined : JSON.parse(json.data)).toEqual(
        draft.data === undefined ? undefined : JSON.parse(JSON.stringify(draft.data)),
      );
      expect(json.meta === undefined ? undefined : JSON.parse(json.meta)).toEqual(
        draft.meta === undefined ? undefined : JSON.parse(JSON.stringify(draft.meta)),
      );
    }),
    { numRuns: 300 },
  );
});
