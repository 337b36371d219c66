/**
 * Lists of categories, products and plans repeat from customer to customer (catalogues are
 * small next to customer bases): customers with the same list share one frozen, exactly sized
 * array instead of each holding a copy.
 *
 * Lists only ever grow at the end, so the shared lists form a tree from the empty list: each
 * shared list knows the shared lists one item longer. Extending a shared list is a lookup by
 * the list and the new item, where a table keyed by content would serialise the whole list on
 * every purchase that brings something new. The same content always comes out as the same
 * array, whatever the purchases that built it. The tree is bounded, so that a stream of one-off
 * lists cannot grow it forever; past the bound, lists are exactly sized copies of their own.
 */
const ROOT: readonly string[] = Object.freeze([]);
const SHARED = new WeakSet<readonly string[]>([ROOT]);
const LONGER = new WeakMap<readonly string[], Map<string, readonly string[]>>();
const MAX_SHARED_LISTS = 65_536;
let shared = 0;

/**
 * `list` followed by `additions` (items it lacks, in order): the shared frozen list of that
 * content while the bound allows, else a frozen copy; `list` itself when there is nothing to add.
 * A list that is not a shared one (the machines' initial empty lists, lists from a snapshot) is
 * found in the tree by its content first.
 *
 * @example
 * ```ts
 * const one = extendSharedList([], ['books', 'music']);
 * const two = extendSharedList(extendSharedList([], ['books']), ['music']);
 * one === two; // true
 * ```
 */
export function extendSharedList(
  list: readonly string[],
  additions: readonly string[],
): readonly string[] {
  if (additions.length === 0) return list;
  const isShared = SHARED.has(list);
  const items = isShared ? additions : [...list, ...additions];
  let current = isShared ? list : ROOT;
  for (let index = 0; index < items.length; index++) {
    const item = items[index] as string;
    let longer = LONGER.get(current);
    const found = longer?.get(item);
    if (found !== undefined) {
      current = found;
      continue;
    }
    // Past the bound: one exactly sized copy of the rest (concat sizes exactly; a spread would
    // leave room to grow).
    if (shared >= MAX_SHARED_LISTS) return Object.freeze(current.concat(items.slice(index)));
    if (longer === undefined) {
      longer = new Map();
      LONGER.set(current, longer);
    }
    const next = Object.freeze(current.concat(item));
    longer.set(item, next);
    SHARED.add(next);
    shared++;
    current = next;
  }
  return current;
}
