/**
 * The positions of a file log's events by id, as 32-bit hashes of the ids: 11 to 22 bytes per
 * event (8 per slot), where a `Map` of the id strings took about 80 on the heap (about 1 GB for
 * 12 million events, the first cost of opening a large log). The ids stay on disk: a lookup
 * gives the positions whose id has the same hash, and the caller reads those records to compare
 * the ids themselves (with 12 million events, about 0.3 % of lookups find one whose id differs).
 *
 * Open addressing with linear probing, at most three quarters full (doubled when fuller).
 */
export class IdTable {
  #hashes = new Int32Array(1024);
  #positions = new Int32Array(1024);
  #mask = 1023;
  #size = 0;

  /**
   * Records that the event at `position` (>= 1) has id `id`. True when an id of the same hash
   * was recorded before (the same id, or another: compare them to tell).
   */
  add(id: string, position: number): boolean {
    if (4 * (this.#size + 1) > 3 * this.#positions.length) this.#grow();
    this.#size++;
    return this.#place(hashId(id), position);
  }

  /** The positions recorded with an id of the same hash as `id` (in no particular order). */
  candidatesOf(id: string): readonly number[] {
    const hash = hashId(id);
    const hashes = this.#hashes;
    const positions = this.#positions;
    let found: number[] | undefined;
    for (let slot = hash & this.#mask; positions[slot] !== 0; slot = (slot + 1) & this.#mask) {
      if (hashes[slot] !== hash) continue;
      found ??= [];
      found.push(positions[slot]!);
    }
    return found ?? NONE;
  }

  /** Puts `position` in the first free slot from `hash`'s; true when it passed one of that hash. */
  #place(hash: number, position: number): boolean {
    const hashes = this.#hashes;
    const positions = this.#positions;
    let collided = false;
    let slot = hash & this.#mask;
    while (positions[slot] !== 0) {
      if (hashes[slot] === hash) collided = true;
      slot = (slot + 1) & this.#mask;
    }
    hashes[slot] = hash;
    positions[slot] = position;
    return collided;
  }

  #grow(): void {
    const hashes = this.#hashes;
    const positions = this.#positions;
    this.#hashes = new Int32Array(2 * positions.length);
    this.#positions = new Int32Array(2 * positions.length);
    this.#mask = 2 * positions.length - 1;
    for (let slot = 0; slot < positions.length; slot++) {
      if (positions[slot] !== 0) this.#place(hashes[slot]!, positions[slot]!);
    }
  }
}

const NONE: readonly number[] = Object.freeze([]);

/**
 * A 32-bit hash of `id`: FNV-1a over its UTF-16 code units, its bits then mixed (MurmurHash3's
 * finalizer), so that ids differing only in their last characters spread over the table.
 */
export function hashId(id: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < id.length; index++) {
    hash ^= id.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  return hash ^ (hash >>> 16);
}
