/**
 * Copies a plain object of one known shape, or returns `undefined` when the object has another
 * shape (other keys, another key order, or another prototype), so that the caller falls back
 * to a general copy.
 */
export type ShapeCopier = (source: object) => Record<string, unknown> | undefined;

const copiers = new Map<string, ShapeCopier>();

/**
 * A copier for plain objects whose enumerable keys are exactly `keys`, in that order. The copy
 * is an object literal generated once per shape: V8 builds it about ten times faster than
 * `{ ...source }` (the spread takes a generic path for objects it did not create itself) and
 * gives every copy the same hidden class, so the code that reads contexts stays monomorphic.
 * The generated code reads each key by its JSON-quoted name; nothing else is interpolated.
 *
 * Returns a copier that always answers `undefined` (use the general copy) when the keys cannot
 * be written as a literal exactly (`__proto__`, integer-like keys) or when code generation is
 * not allowed (a Content-Security-Policy without `unsafe-eval`).
 *
 * @example
 * ```ts
 * const copy = shapeCopier(['purchases', 'lastPurchaseAt']);
 * copy({ purchases: 1, lastPurchaseAt: null }); // { purchases: 1, lastPurchaseAt: null }, a new object
 * copy({ lastPurchaseAt: null, purchases: 1 }); // undefined: another key order
 * ```
 */
export function shapeCopier(keys: readonly string[]): ShapeCopier {
  const id = JSON.stringify(keys);
  let copier = copiers.get(id);
  if (copier === undefined) {
    copier = generate(keys);
    copiers.set(id, copier);
  }
  return copier;
}

const never: ShapeCopier = () => undefined;

/**
 * True when an object literal with `keys` gives an object with exactly those own keys in that
 * order: not `__proto__` (a literal sets the prototype) and no integer-like keys (V8 orders
 * them first).
 */
export function literalKeysExact(keys: readonly string[]): boolean {
  return keys.every((key) => key !== '__proto__' && !/^(0|[1-9]\d*)$/.test(key));
}

/**
 * Generated source that runs `otherwise` unless `object` is a plain object whose enumerable
 * keys are exactly the array `keys` (a variable of the generated function), in order and
 * nothing inherited: the keys a spread would copy (contexts are plain JSON data, no symbols).
 */
export function shapeCheckSource(object: string, count: number, otherwise: string): string {
  return [
    `if (Object.getPrototypeOf(${object}) !== Object.prototype) ${otherwise}`,
    `let index = 0;`,
    `for (const key in ${object}) {`,
    `  if (key !== keys[index]) ${otherwise}`,
    `  index++;`,
    `}`,
    `if (index !== ${count}) ${otherwise}`,
  ].join('\n');
}

function generate(keys: readonly string[]): ShapeCopier {
  if (!literalKeysExact(keys)) return never;
  const quoted = keys.map((key) => JSON.stringify(key));
  const body = [
    shapeCheckSource('source', keys.length, 'return undefined;'),
    `return { ${quoted.map((key) => `${key}: source[${key}]`).join(', ')} };`,
  ].join('\n');
  try {
    return new Function('keys', `return function copyShape(source) {\n${body}\n};`)([
      ...keys,
    ]) as ShapeCopier;
  } catch {
    return never;
  }
}
