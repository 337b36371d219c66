/** Paths of every number in `value` that is NaN or infinite (walks objects, arrays, maps). */
export function findNonFinite(value: unknown, path = '$', found: string[] = []): string[] {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) found.push(`${path} = ${value}`);
  } else if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) findNonFinite(item, `${path}[${index}]`, found);
  } else if (value instanceof Map) {
    for (const [key, item] of value) findNonFinite(item, `${path}.${String(key)}`, found);
  } else if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) findNonFinite(item, `${path}.${key}`, found);
  }
  return found;
}
