import { ConcurrencyError } from '../errors/ConcurrencyError.js';
import { DuplicateEventError } from '../errors/DuplicateEventError.js';
import { unknownOption } from '../errors/unknownOption.js';
import type { EventCatalog } from '../events/createEventCatalog.js';
import type { StoredEvent, TenureEvent } from '../events/TenureEvent.js';
import { upcastEvent } from '../events/upcastEvent.js';
import type { AppendOptions } from './EventLog.js';
import { eventFingerprint } from './eventFingerprint.js';
import {
  ANY_VERSION,
  type ExpectedVersion,
  matchesExpectedVersion,
  NO_STREAM,
  STREAM_EXISTS,
} from './expectedVersion.js';
import type { PreparedBatch } from './prepareBatch.js';

const APPEND_OPTIONS: readonly (keyof AppendOptions)[] = ['expectedVersions'];

/** What a log knows when it plans an append. */
export interface AppendState {
  /** The log's last global position (0 when empty). */
  readonly position: number;
  /** A customer stream's current version (0 when it has no events). */
  version(customerId: string): number;
  /**
   * The already stored events whose ids occur in the batch, by id. Ids that are not stored are
   * simply absent.
   */
  readonly stored: ReadonlyMap<string, StoredEvent>;
}

/** The outcome of {@link planAppend}: what to store, and the log's state afterwards. */
export interface AppendPlan {
  /** The events to store, with positions and versions, in batch order. */
  readonly appended: readonly StoredEvent[];
  /** Ids skipped because an identical event is already stored or earlier in the batch. */
  readonly skipped: readonly string[];
  /** The log's last position after the append. */
  readonly position: number;
  /** The new version of every customer stream the batch extends. */
  readonly versions: ReadonlyMap<string, number>;
}

/**
 * The adapter-independent second step of an append: checks a prepared batch against what is
 * stored (idempotency by id, expected versions) and assigns global positions and per-customer
 * versions. Pure: the adapter writes `plan.appended` atomically, then adopts the plan's state.
 *
 * A resend of an append that was already stored (a retry after a lost acknowledgement) passes
 * the expected-version check with the versions the original append was made with: when every
 * event the batch holds for a stream is stored, in batch order, right after the version the
 * caller expected, the batch is that append again and is skipped (as EventStoreDB does). A
 * batch that only partly matches still conflicts.
 *
 * @param api - the API name used in error messages, e.g. `log.append`.
 * @throws DuplicateEventError when a batch event reuses a stored id with different content.
 * @throws ConcurrencyError when a stream's version does not match `options.expectedVersions`.
 * @throws TypeError when an expected version is neither a version number nor a sentinel.
 * @example
 * ```ts
 * const plan = planAppend('log.append', batch, options, { position: 0, version: () => 0, stored: new Map() });
 * plan.appended[0]?.position; // 1
 * ```
 */
export function planAppend(
  api: string,
  batch: PreparedBatch,
  options: AppendOptions | undefined,
  state: AppendState,
): AppendPlan {
  const skipped = [...batch.skipped];
  const fresh: number[] = [];
  for (let i = 0; i < batch.events.length; i++) {
    const event = batch.events[i]!;
    const stored = state.stored.get(event.id);
    if (stored === undefined) fresh.push(i);
    else if (isResend(stored, event, batch.catalog)) skipped.push(event.id);
    else throw new DuplicateEventError(api, event.id, batch.indices[i]!);
  }
  if (options !== undefined) {
    if (typeof options !== 'object' || options === null) {
      throw new TypeError(
        `${api}: options must be an object like { expectedVersions }, received ${options === null ? 'null' : typeof options}.`,
      );
    }
    const unknown = unknownOption(api, options, APPEND_OPTIONS);
    if (unknown !== undefined) throw new TypeError(unknown);
  }
  checkExpectedVersions(api, options?.expectedVersions, batch, state);
  const versions = new Map<string, number>();
  const appended: StoredEvent[] = new Array(fresh.length);
  let position = state.position;
  for (let k = 0; k < fresh.length; k++) {
    const { id, type, customerId, at, data, meta } = batch.events[fresh[k]!]!;
    const version = (versions.get(customerId) ?? state.version(customerId)) + 1;
    versions.set(customerId, version);
    position++;
    // Spelled out rather than spread: this runs for every stored event.
    appended[k] = { id, type, customerId, at, data, meta, position, version };
  }
  return { appended, skipped, position, versions };
}

function checkExpectedVersions(
  api: string,
  expectedVersions: AppendOptions['expectedVersions'],
  batch: PreparedBatch,
  state: AppendState,
): void {
  if (expectedVersions === undefined) return;
  if (typeof expectedVersions !== 'object' || expectedVersions === null) {
    throw new TypeError(
      `${api}: expectedVersions must be an object mapping customer ids to expected versions, e.g. { expectedVersions: { c1: 3 } }.`,
    );
  }
  for (const customerId of Object.keys(expectedVersions)) {
    const expected = expectedVersions[customerId] as ExpectedVersion;
    if (!isExpectedVersion(expected)) {
      throw new TypeError(
        `${api}: expectedVersions[${JSON.stringify(customerId)}] is ${JSON.stringify(expected)}; use a version (an integer >= 0) or one of "${NO_STREAM}", "${STREAM_EXISTS}", "${ANY_VERSION}".`,
      );
    }
    const actual = state.version(customerId);
    if (matchesExpectedVersion(expected, actual)) continue;
    const before = versionBeforeResend(customerId, batch, state);
    if (before === undefined || !matchesExpectedVersion(expected, before)) {
      throw new ConcurrencyError(api, customerId, expected, actual);
    }
  }
}

/**
 * When the batch's events of `customerId` are all stored, at consecutive versions in batch
 * order, the stream's version before them (the version the original append expected);
 * otherwise `undefined`: the batch is not a resend for this stream.
 */
function versionBeforeResend(
  customerId: string,
  batch: PreparedBatch,
  state: AppendState,
): number | undefined {
  let before: number | undefined;
  let next = 0;
  for (const event of batch.events) {
    if (event.customerId !== customerId) continue;
    const stored = state.stored.get(event.id);
    if (stored === undefined) return undefined;
    if (before === undefined) {
      before = stored.version - 1;
      next = stored.version;
    } else if (stored.version !== next) {
      return undefined;
    }
    next++;
  }
  return before;
}

function isExpectedVersion(value: unknown): value is ExpectedVersion {
  if (typeof value === 'number') return Number.isSafeInteger(value) && value >= 0;
  return value === NO_STREAM || value === STREAM_EXISTS || value === ANY_VERSION;
}

/**
 * Whether a batch event is the stored event with the same id sent again: equal as stored, or,
 * for one stored with an older schema version, equal to it upcast to the version the batch's
 * event was brought to (a producer's retry can span an upgrade of the type).
 */
function isResend(stored: StoredEvent, event: TenureEvent, catalog: EventCatalog): boolean {
  if (eventFingerprint(stored) === eventFingerprint(event)) return true;
  if (stored.meta?.schemaVersion === event.meta?.schemaVersion) return false;
  return eventFingerprint(upcastEvent(stored, catalog, 'log.append')) === eventFingerprint(event);
}
