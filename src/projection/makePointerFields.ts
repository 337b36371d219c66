/**
 * Makes the `keys` of `object`'s hidden class pointer fields, for every object of that class
 * (the ones made by the same literal), by writing null into each and then its value back.
 *
 * V8 gives a field that has only ever held non-integer numbers a mutable box of its own per
 * object (16 bytes, written in place). A field that once held something else is a plain
 * pointer: an integer is stored in it unboxed, and a number read from another pointer field is
 * stored as that same immutable heap number, so that equal times held in several places of a
 * customer (a stage entry, the facts, the fold) cost one number, not one box each. Internal.
 */
export function makePointerFields(object: object, keys: readonly string[]): void {
  const fields = object as Record<string, unknown>;
  for (let index = 0; index < keys.length; index++) {
    const key = keys[index] as string;
    const value = fields[key];
    fields[key] = null;
    fields[key] = value;
  }
}

/**
 * {@link makePointerFields} for the objects of one literal: the returned function makes `keys`
 * pointer fields on the first `count` objects it is given, then does nothing. More than one,
 * because an object of the literal made before its shape settled (at load time, say) can have
 * another hidden class than the ones made later. Internal.
 */
export function pointerFieldsOnFirst(keys: readonly string[], count = 3): (object: object) => void {
  let left = count;
  return (object) => {
    if (left === 0) return;
    left--;
    makePointerFields(object, keys);
  };
}
