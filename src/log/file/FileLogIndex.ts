import type { StoredEvent } from '../../events/TenureEvent.js';
import { CustomerPositions } from './CustomerPositions.js';
import { IdTable } from './IdTable.js';

/**
 * What a file log keeps in memory about its file: where each record starts, the hashes of the
 * stored ids (for idempotency: see {@link IdTable}) and each customer's positions (for stream
 * reads and versions: see {@link CustomerPositions}). Events themselves, ids included, stay on
 * disk.
 */
export interface FileLogIndex {
  /** Number of committed records (= the last global position). */
  readonly count: number;
  /** Byte length of the committed part of the file. */
  readonly end: number;
  /** `h` of the last committed record. */
  readonly lastHash: string;
  /** Byte offset of the record at `position`. */
  startOf(position: number): number;
  /** Byte offset just past the record at `position` (its newline included). */
  endOf(position: number): number;
  /**
   * The positions that may hold the event with this id (their ids have its hash): read them to
   * compare the ids. Empty when no stored event has it.
   */
  candidatesOf(id: string): readonly number[];
  /** The positions of a customer's events, ascending, as they are now (empty when unknown). */
  positionsOf(customerId: string): readonly number[];
  /** The number of a customer's events: their stream's version (0 when unknown). */
  versionOf(customerId: string): number;
  /**
   * Records the lines of a committed append. Returns -1, or the index in `events` of the first
   * event whose version does not follow its customer's last: the index is then no longer
   * usable. Ids are not compared (see {@link FileLogIndex.candidatesOf}): the index in `events`
   * of each event whose id has the hash of an id recorded before it is pushed to `collided`.
   */
  commit(
    events: readonly Pick<StoredEvent, 'id' | 'customerId' | 'version'>[],
    lineLengths: readonly number[],
    lastHash: string,
    collided?: number[],
  ): number;
}

/** Creates an empty index for a file whose committed part starts at byte 0. */
export function createFileLogIndex(genesisHash: string): FileLogIndex {
  let starts = new Float64Array(1024);
  let count = 0;
  let end = 0;
  let lastHash = genesisHash;
  const ids = new IdTable();
  const customers = new CustomerPositions();
  return {
    get count() {
      return count;
    },
    get end() {
      return end;
    },
    get lastHash() {
      return lastHash;
    },
    startOf: (position) => starts[position - 1]!,
    endOf: (position) => (position < count ? starts[position]! : end),
    candidatesOf: (id) => ids.candidatesOf(id),
    positionsOf: (customerId) => customers.positionsOf(customerId),
    versionOf: (customerId) => customers.countOf(customerId),
    commit(events, lineLengths, hash, collided) {
      if (count + events.length > starts.length) {
        const grown = new Float64Array(Math.max(starts.length * 2, count + events.length));
        grown.set(starts);
        starts = grown;
      }
      for (let i = 0; i < events.length; i++) {
        const event = events[i]!;
        starts[count] = end;
        count++;
        end += lineLengths[i]!;
        if (ids.add(event.id, count)) collided?.push(i);
        if (event.version !== customers.add(event.customerId, count)) return i;
      }
      lastHash = hash;
      return -1;
    },
  };
}
