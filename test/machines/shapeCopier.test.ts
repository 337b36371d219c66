import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { shapeCopier } from '../../src/machines/compile/shapeCopier.js';

const keys = fc.uniqueArray(
  fc.oneof(
    fc.constantFrom('a', 'wakeAt', 'seen.touchpoint', "it's", '__proto__', '7'),
    fc.string(),
  ),
  { maxLength: 6 },
);
const record = keys.chain((names) =>
  fc.tuple(...names.map(() => fc.jsonValue())).map((values) => {
    const result: Record<string, unknown> = {};
    names.forEach((name, index) => {
      Object.defineProperty(result, name, {
        value: values[index],
        enumerable: true,
        writable: true,
        configurable: true,
      });
    });
    return result;
  }),
);

describe('shapeCopier', () => {
  it('copies an object of its shape into a new object equal to a spread, or declines', () => {
    fc.assert(
      fc.property(record, (source) => {
        const names = Object.keys(source);
        const copy = shapeCopier(names)(source);
        const literalSafe = names.every(
          (name) => name !== '__proto__' && !/^(0|[1-9]\d*)$/.test(name),
        );
        expect(copy === undefined).toBe(!literalSafe);
        if (copy === undefined) return;
        expect(copy).not.toBe(source);
        expect(copy).toStrictEqual({ ...source });
        expect(Object.keys(copy)).toEqual(Object.keys({ ...source }));
      }),
      { numRuns: 200 },
    );
  });

  it('copies plain objects with ordinary keys', () => {
    const source = { settings: { gap: 1 }, purchases: 2, wakeAt: null };
    const copy = shapeCopier(['settings', 'purchases', 'wakeAt'])(source);
    expect(copy).toStrictEqual(source);
    expect(copy?.settings).toBe(source.settings);
  });

  it('declines objects of any other shape: other keys, order, count or prototype', () => {
    const copy = shapeCopier(['a', 'b']);
    expect(copy({ b: 1, a: 2 })).toBeUndefined();
    expect(copy({ a: 1 })).toBeUndefined();
    expect(copy({ a: 1, b: 2, c: 3 })).toBeUndefined();
    expect(copy({ a: 1, c: 2 })).toBeUndefined();
    expect(copy(Object.assign(Object.create({ inherited: true }), { a: 1, b: 2 }))).toBeUndefined();
    expect(copy(Object.assign(Object.create(null), { a: 1, b: 2 }))).toBeUndefined();
  });

  it('declines keys an object literal cannot reproduce (__proto__, integer-like keys)', () => {
    expect(shapeCopier(['__proto__'])(JSON.parse('{"__proto__": 1}'))).toBeUndefined();
    expect(shapeCopier(['1', 'a'])({ 1: 'x', a: 'y' })).toBeUndefined();
  });

  it('declines every object where code generation is not allowed (CSP without unsafe-eval)', () => {
    const original = globalThis.Function;
    globalThis.Function = function refused() {
      throw new EvalError('Code generation from strings disallowed for this context');
    } as unknown as FunctionConstructor;
    let copy: ReturnType<typeof shapeCopier>;
    try {
      copy = shapeCopier(['csp', 'check']);
    } finally {
      globalThis.Function = original;
    }
    expect(copy({ csp: 1, check: 2 })).toBeUndefined();
  });
});
