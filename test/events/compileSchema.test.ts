import fc from 'fast-check';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { builtInEventTypes } from '../../src/events/catalog/builtInEventTypes.js';
import { compileSchema, REFUSED } from '../../src/events/compileSchema.js';
import { eventDataArbitrary } from '../../src/testing/eventArbitraries.js';

/** Asserts the compiled schema agrees with valibot on `value`. */
function expectAgreement(schema: v.GenericSchema, value: unknown, mustAccept = false): void {
  const compiled = compileSchema(schema)!;
  const output = compiled(value);
  const reference = v.safeParse(schema, value);
  if (output === REFUSED) {
    // Refusing is always safe (valibot then reports why); for valid values it is a slow path.
    if (mustAccept) expect(reference.success).toBe(false);
    return;
  }
  expect(reference.success, 'the compiled schema accepted what valibot rejects').toBe(true);
  expect(output).toStrictEqual(reference.output);
  expect(JSON.stringify(output)).toBe(JSON.stringify(reference.output));
}

/** Values that look like event data, broken in small ways, and anything at all. */
const nearly = (valid: fc.Arbitrary<unknown>) =>
  fc.oneof(
    valid,
    fc
      .tuple(valid, fc.string(), fc.anything())
      .map(([data, key, value]) =>
        typeof data === 'object' && data !== null ? { ...data, [key]: value } : data,
      ),
    fc.anything({ withNullPrototype: true, withObjectString: true }),
  );

describe('compileSchema', () => {
  it('compiles every built-in event type', () => {
    for (const { type, schema } of builtInEventTypes) {
      if (type === 'survey.answered') continue; // a variant: validated by valibot itself
      expect(compileSchema(schema), type).toBeTypeOf('function');
    }
  });

  it('accepts exactly what valibot accepts, with the same output, for every built-in type', () => {
    for (const { type, schema } of builtInEventTypes) {
      if (compileSchema(schema) === undefined) continue;
      fc.assert(
        fc.property(eventDataArbitrary(type), (data) =>
          expectAgreement(schema as v.GenericSchema, data, true),
        ),
        { numRuns: 30 },
      );
      fc.assert(
        fc.property(nearly(eventDataArbitrary(type)), (data) =>
          expectAgreement(schema as v.GenericSchema, data),
        ),
        { numRuns: 40 },
      );
    }
  });

  it('follows valibot on keys: inherited, optional but present as undefined, extra, unsafe', () => {
    const loose = v.looseObject({
      a: v.optional(v.string()),
      n: v.pipe(v.number(), v.minValue(0)),
    });
    const strict = v.strictObject({ a: v.optional(v.string()), n: v.number() });
    const plain = v.object({ list: v.array(v.picklist(['x', 'y'])), flag: v.nullish(v.boolean()) });
    const inherited = Object.create({ n: 1 }) as object;
    const unsafe = JSON.parse('{"n":1,"__proto__":{"polluted":true},"extra":2}') as object;
    const cases: [v.GenericSchema, unknown][] = [
      [loose, { n: 1, a: undefined, extra: { deep: [1] } }],
      [loose, unsafe],
      [loose, inherited],
      [loose, { n: -1 }],
      [strict, { n: 1, extra: 1 }],
      [strict, inherited],
      [strict, { n: 1, a: undefined }],
      [strict, []],
      [plain, { list: ['x', 'y'], flag: null, other: 1 }],
      [plain, { list: ['x', 'z'] }],
      [plain, { list: new Array<string>(2).fill('x', 1) }],
    ];
    for (const [schema, value] of cases) expectAgreement(schema, value);
    expect(({} as { polluted?: boolean }).polluted).toBeUndefined();
  });

  it('leaves to valibot what it cannot compile', () => {
    const standardOnly = {
      '~standard': { version: 1, vendor: 'x', validate: () => ({ value: 1 }) },
    };
    for (const schema of [
      standardOnly,
      v.pipe(
        v.string(),
        v.transform((s) => s.length),
      ),
      v.object({ a: v.optional(v.string(), 'default') }),
      v.union([v.string(), v.number()]),
      v.fallback(v.string(), 'x'),
      v.objectAsync({ a: v.string() }),
    ]) {
      expect(compileSchema(schema)).toBeUndefined();
    }
  });
});
