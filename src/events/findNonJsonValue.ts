import { describeReceived } from './describeSchemaIssue.js';

/** Deeper than this, a value is taken for a cycle (JSON cannot hold one either). */
const MAX_DEPTH = 256;

/** A value that JSON would not give back as it is, and where it is. */
export interface NonJsonValue {
  /** Dotted path from the event, e.g. `data.items.1.price`. */
  readonly path: string;
  readonly value: unknown;
}

/**
 * The first value under `value` that a JSON round trip would change or lose (a non-finite
 * number, a bigint, a function, a symbol, `undefined` in an array, a Date, a Map or any object
 * other than a plain one, a cycle), or `undefined` when it would come back equal. Logs store
 * JSON: a memory log would keep such a value and a file log not, and an idempotent resend could
 * not compare it. `undefined` as an object's value is accepted, as JSON leaves the key out.
 *
 * @example
 * ```ts
 * findNonJsonValue({ when: new Date() }, 'data'); // { path: 'data.when', value: Date }
 * ```
 */
export function findNonJsonValue(value: unknown, path: string): NonJsonValue | undefined {
  const found = find(value, 0);
  if (found === undefined) return undefined;
  return { path: [path, ...found.segments.reverse()].join('.'), value: found.value };
}

/** The walk: the path is put together only for a value found (segments pushed innermost first). */
function find(value: unknown, depth: number): { value: unknown; segments: string[] } | undefined {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return undefined;
    case 'number':
      return Number.isFinite(value) ? undefined : { value, segments: [] };
    case 'object':
      break;
    default:
      return { value, segments: [] };
  }
  if (value === null) return undefined;
  if (depth >= MAX_DEPTH) return { value, segments: [] };
  if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index++) {
      const found = find(value[index], depth + 1);
      if (found !== undefined) {
        found.segments.push(String(index));
        return found;
      }
    }
    return undefined;
  }
  const prototype = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) return { value, segments: [] };
  for (const key of Object.keys(value)) {
    const item = (value as Record<string, unknown>)[key];
    if (item === undefined) continue;
    const found = find(item, depth + 1);
    if (found !== undefined) {
      found.segments.push(key);
      return found;
    }
  }
  return undefined;
}

/** What a log can store, as an issue's `expected` says it. */
export const JSON_VALUE =
  'a JSON value: a string, a finite number, a boolean, null, an array or a plain object (logs store JSON; write a time as an ISO string or epoch ms)';

/** A value {@link findNonJsonValue} found, as an issue's `received` says it: `a Map`, `10n (a bigint)`. */
export function describeNonJsonValue(value: unknown): string {
  if (typeof value === 'bigint') return `${value}n (a bigint)`;
  if (value === undefined) return 'undefined';
  const name = typeof value === 'object' && value !== null ? value.constructor?.name : undefined;
  if (name === undefined || name === 'Object' || name === 'Date' || name === 'Array') {
    return describeReceived(value);
  }
  return `${/^[AEIOU]/.test(name) ? 'an' : 'a'} ${name}`;
}
