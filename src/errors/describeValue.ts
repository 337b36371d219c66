/**
 * A value as an error message shows it: numbers, booleans and short strings as written, a Date
 * as its time, a small plain object as its JSON, anything else by its kind. Internal.
 */
export function describeValue(value: unknown): string {
  switch (typeof value) {
    case 'number':
    case 'bigint':
    case 'boolean':
    case 'undefined':
      return String(value);
    case 'string':
      if (value === '') return '"" (an empty string)';
      return value.length > 40 ? `a string of ${value.length} characters` : JSON.stringify(value);
    case 'function':
      return 'a function';
    case 'symbol':
      return 'a symbol';
  }
  if (value === null) return 'null';
  if (value instanceof Date) {
    return Number.isNaN(value.getTime()) ? 'an invalid Date' : `a Date (${value.toISOString()})`;
  }
  if (Array.isArray(value)) return `an array of ${value.length}`;
  // A small options object ({ days: 30 }) reads best as itself.
  if (Object.getPrototypeOf(value) === Object.prototype) {
    try {
      const json = JSON.stringify(value);
      if (json.length <= 60) return json;
    } catch {
      // A cycle or a bigint: the kind has to do.
    }
  }
  return 'an object';
}
