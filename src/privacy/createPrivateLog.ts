import { createHash, randomBytes } from 'node:crypto';
import { type EventIssue, EventValidationError } from '../errors/EventValidationError.js';
import { isTenureError } from '../errors/TenureError.js';
import { unknownOption } from '../errors/unknownOption.js';
import { createEventCatalog } from '../events/createEventCatalog.js';
import type { EventType } from '../events/defineEventType.js';
import { normalizeTime } from '../events/normalizeTime.js';
import type { EventInput, StoredEvent, TenureEvent } from '../events/TenureEvent.js';
import { validateEvents } from '../events/validateEvents.js';
import type { AppendOptions, AppendResult, EventLog, ReadOptions } from '../log/EventLog.js';
import { eventFingerprint } from '../log/eventFingerprint.js';
import { prepareBatch } from '../log/prepareBatch.js';
import { checkPersonalFields } from './checkPersonalFields.js';
import { checkSealedSizes } from './checkSealedSizes.js';
import { createSharedLock } from './createSharedLock.js';
import type { CustomerKey, KeyStore } from './KeyStore.js';
import { PrivacyError } from './PrivacyError.js';
import { defaultPersonalFields, type PersonalFields, sealContext } from './personalFields.js';
import { redactPersonalIssues } from './redactPersonalIssues.js';
import { ERASED, isDestroyedKey, isSealedValue, openValue, sealValue } from './sealValue.js';

/** Options of {@link createPrivateLog}. */
export interface PrivateLogOptions {
  /** Where the customers' data keys live. Losing it loses every customer's personal data. */
  readonly keyStore: KeyStore;
  /**
   * Per event type, the top-level `data` fields to encrypt. Default: {@link defaultPersonalFields}
   * (`customer.profile` name, email, phone, address; `review.text`; `survey.answered.comment`).
   * Each must be a string field of a type the log knows (a sealed value is a string); a type or
   * field the schema does not have is refused, since a misspelt field stays in clear text.
   */
  readonly personalFields?: PersonalFields;
  /** The event types of your own the wrapped log accepts (as passed to it). Default: none. */
  readonly eventTypes?: readonly EventType[];
}

/** Options of {@link PrivateLog.forget}. */
export interface ForgetOptions {
  /** When the erasure happened (the `at` of the `customer.forgotten` event). */
  readonly at: number | string | Date;
  /** Why, for the record (e.g. `gdpr-request`); never personal data. Default: none. */
  readonly reason?: string;
}

const PRIVATE_LOG_OPTIONS: readonly (keyof PrivateLogOptions)[] = [
  'keyStore',
  'personalFields',
  'eventTypes',
];
const FORGET_OPTIONS: readonly (keyof ForgetOptions)[] = ['at', 'reason'];

/** Throws `TENURE_INVALID_PRIVACY_OPTIONS` for an option `api` does not have. */
function refuseUnknown(api: string, options: object, known: readonly string[]): void {
  const unknown = unknownOption(api, options, known);
  if (unknown !== undefined) throw new PrivacyError('TENURE_INVALID_PRIVACY_OPTIONS', unknown);
}

const LOG_METHODS = ['append', 'read', 'version', 'position', 'verify', 'close'] as const;

/** Refused at creation: a log not awaited would fail at the first append, as a raw TypeError. */
function refuseNonLog(log: unknown): void {
  if (log instanceof Promise) {
    throw new PrivacyError(
      'TENURE_INVALID_PRIVACY_OPTIONS',
      'createPrivateLog: the log to wrap is a Promise; await it first, e.g. createPrivateLog(await createFileLog("events.jsonl"), { keyStore }).',
    );
  }
  const methods = log as Partial<Record<(typeof LOG_METHODS)[number], unknown>> | undefined;
  if (LOG_METHODS.some((name) => typeof methods?.[name] !== 'function')) {
    throw new PrivacyError(
      'TENURE_INVALID_PRIVACY_OPTIONS',
      `createPrivateLog: the log to wrap must be an event log (${LOG_METHODS.join(', ')}), e.g. createMemoryLog(), await createFileLog("events.jsonl") or await createPostgresLog({ pool }); received ${log === null ? 'null' : typeof log === 'object' ? 'an object without them' : typeof log}.`,
    );
  }
}

/** What {@link PrivateLog.forget} did. */
export interface ForgetResult {
  /** False when the customer had no key (no personal data, or already forgotten). */
  readonly destroyed: boolean;
  /**
   * Ids of the customer's events whose personal fields are stored in clear text: written before
   * the log was wrapped in a private log, or past it. Destroying a key cannot erase them; copy
   * the log's events into a new private log, and delete the old log and its backups (see the
   * privacy guide). Empty when every personal value of the customer was sealed.
   */
  readonly unsealed: readonly string[];
  /**
   * The `customer.forgotten` event appended to the log; `undefined` when a forget of the same
   * customer and time recorded it already (a repeated call is recorded once).
   */
  readonly event: StoredEvent | undefined;
}

/** An event log that keeps personal data encrypted per customer, and can forget a customer. */
export interface PrivateLog<TEvent extends TenureEvent = TenureEvent> extends EventLog<TEvent> {
  /**
   * Erases the customer's personal data by destroying their key (crypto-shredding), then records
   * a `customer.forgotten` event. The log's bytes never change and its hash chain still verifies;
   * from then on every personal field of the customer reads as {@link ERASED}, while their
   * behaviour (purchases, stages, models) still counts under their `customerId` (pseudonymous:
   * anonymous only once nothing else links the id to the person). Values stored in clear text
   * before the log was private cannot be erased; the result names their events (`unsealed`).
   */
  forget(customerId: string, options: ForgetOptions): Promise<ForgetResult>;
}

/**
 * Wraps a log so that personal fields are encrypted (AES-256-GCM, one key per customer, held in
 * `keyStore`) before they reach storage, and decrypted on read. Neither the log file nor the
 * database rows hold them in clear text. After `forget(customerId)` they read as `'[erased]'`.
 *
 * Re-appending an event whose stored copy was erased is skipped (the erased copy stays): a
 * re-import does not bring the personal data back. The `customerId` itself is not encrypted: use
 * an identifier that is not personal data (not an email address). Sealed text is about 4/3 of
 * the plain text's UTF-8 size plus 80 characters, and must fit the field's schema limit.
 *
 * @example
 * ```ts
 * const log = createPrivateLog(await createFileLog('events.log'), {
 *   keyStore: createFileKeyStore('keys.json'),
 * });
 * await log.append([{ id: 'p1', type: 'customer.profile', customerId: 'c1', at: '2024-05-01',
 *   data: { name: 'Ada Lovelace', email: 'ada@example.com' } }]);
 * await log.forget('c1', { at: '2024-06-01', reason: 'gdpr-request' });
 * ```
 */
export function createPrivateLog<TEvent extends TenureEvent = TenureEvent>(
  typedLog: EventLog<TEvent>,
  options: PrivateLogOptions,
): PrivateLog<TEvent> {
  // The wrapped log's own type is the caller's promise; inside, events are checked at run time.
  const log = typedLog as unknown as EventLog;
  refuseNonLog(log);
  const { keyStore, personalFields = defaultPersonalFields, eventTypes } = options ?? {};
  if (
    typeof keyStore?.get !== 'function' ||
    typeof keyStore.create !== 'function' ||
    typeof keyStore.destroy !== 'function'
  ) {
    throw new PrivacyError(
      'TENURE_INVALID_PRIVACY_OPTIONS',
      'createPrivateLog: options.keyStore must be a KeyStore { get, create, destroy }, e.g. createFileKeyStore("keys.json").',
    );
  }
  refuseUnknown('createPrivateLog', options, PRIVATE_LOG_OPTIONS);
  const catalog = createEventCatalog(eventTypes);
  checkPersonalFields(personalFields, catalog);
  // Appends share it; a forget holds it alone from destroying the key to recording the erasure.
  const sealing = createSharedLock();
  const personal = (event: TenureEvent): readonly string[] => {
    const fields = personalFields[event.type];
    if (fields === undefined || typeof event.data !== 'object' || event.data === null) return [];
    const data = event.data as Record<string, unknown>;
    return fields.filter((field) => data[field] !== undefined);
  };

  /**
   * `keyOf(customerId, true)` must ask the key store itself: a key a read looked up earlier may
   * have been destroyed (and its bytes zeroed) by a `forget` since.
   */
  async function open<T extends TenureEvent>(
    event: T,
    keyOf: (customerId: string, fresh?: boolean) => Promise<CustomerKey | undefined>,
  ): Promise<T> {
    const fields = personal(event);
    if (fields.length === 0) return event;
    const data = { ...(event.data as Record<string, unknown>) };
    let key: CustomerKey | undefined;
    let looked = false;
    for (const field of fields) {
      const value = data[field];
      if (!isSealedValue(value)) continue;
      if (!looked) {
        key = await keyOf(event.customerId);
        looked = true;
      }
      const context = sealContext(event.customerId, event.id, field);
      try {
        data[field] = openValue(value, key, context);
      } catch (error) {
        if (key === undefined || !isTenureError(error, 'TENURE_TAMPERED_VALUE')) throw error;
        // Forgotten while this read held the key: the store no longer has it, and the value
        // reads as erased. A value that fails under the store's live key was tampered with.
        key = await keyOf(event.customerId, true);
        data[field] = openValue(value, key, context);
      }
    }
    return { ...event, data };
  }

  async function seal(event: TenureEvent): Promise<TenureEvent> {
    const fields = personal(event);
    if (fields.length === 0) return event;
    let key = await keyStore.create(event.customerId);
    if (isDestroyedKey(key)) {
      // A forget destroyed (and zeroed) the key since create returned it. Seal under bytes no
      // one keeps: the value reads as erased, as if sealed just before the forget, never under
      // a key of zeros that anyone could open.
      key = { id: key.id, key: new Uint8Array(randomBytes(32)) };
    }
    const data = { ...(event.data as Record<string, unknown>) };
    for (const field of fields) {
      data[field] = sealValue(data[field], key, sealContext(event.customerId, event.id, field));
    }
    return { ...event, data };
  }

  /** Stored copies of the batch's events that carry personal fields, by id. */
  async function storedCopies(events: readonly TenureEvent[]): Promise<Map<string, StoredEvent>> {
    const wanted = new Map<string, Set<string>>();
    for (const event of events) {
      if (personal(event).length === 0) continue;
      const ids = wanted.get(event.customerId) ?? new Set<string>();
      ids.add(event.id);
      wanted.set(event.customerId, ids);
    }
    const found = new Map<string, StoredEvent>();
    for (const [customerId, ids] of wanted) {
      if ((await log.version(customerId)) === 0) continue;
      for await (const stored of log.read({ customerId })) {
        if (ids.has(stored.id)) found.set(stored.id, stored);
      }
    }
    return found;
  }

  async function append(inputs: readonly EventInput[], appendOptions?: AppendOptions) {
    const api = 'privateLog.append';
    const batch = await prepareBatch(api, inputs, catalog).catch((error: unknown) => {
      throw redactPersonalIssues(error, personalFields);
    });
    const tooLong = await checkSealedSizes(api, batch.events, batch.indices, personal, catalog);
    if (tooLong.length > 0) throw new EventValidationError(api, tooLong);
    const result = await sealing.shared(async () => {
      const existing = await storedCopies(batch.events);
      const sealed: TenureEvent[] = [];
      for (const event of batch.events) {
        const stored = existing.get(event.id);
        if (stored !== undefined) {
          const { position: _position, version: _version, ...envelope } = stored;
          const opened = await open(envelope, (id) => keyStore.get(id));
          // A resend of the stored event, or of one whose personal data was erased since: keep
          // the stored bytes, so the wrapped log skips it and nothing erased comes back.
          if (eventFingerprint(opened) === eventFingerprint(event) || wasErased(opened, event)) {
            sealed.push(envelope);
            continue;
          }
        }
        sealed.push(await seal(event));
      }
      return log.append(sealed, appendOptions);
    });
    const appended = await Promise.all(
      result.appended.map((event) => open(event, (id) => keyStore.get(id))),
    );
    return { ...result, appended, skipped: [...batch.skipped, ...result.skipped] } as AppendResult;
  }

  function wasErased(opened: TenureEvent, input: TenureEvent): boolean {
    const fields = personal(opened);
    if (!fields.some((field) => (opened.data as Record<string, unknown>)[field] === ERASED)) {
      return false;
    }
    const data = { ...(input.data as Record<string, unknown>) };
    for (const field of fields) data[field] = ERASED;
    return eventFingerprint({ ...input, data }) === eventFingerprint(opened);
  }

  /** The customer's events holding a personal value in clear text, as stored. */
  async function unsealedOf(customerId: string): Promise<string[]> {
    const ids: string[] = [];
    for await (const event of log.read({ customerId })) {
      const data = event.data as Record<string, unknown>;
      if (personal(event).some((field) => !isSealedValue(data[field]))) ids.push(event.id);
    }
    return ids;
  }

  function read(readOptions?: ReadOptions): AsyncIterable<StoredEvent> {
    const inner = log.read(readOptions);
    return {
      async *[Symbol.asyncIterator]() {
        // Keys looked up during this read; bounded, since a log may hold millions of customers.
        const keys = new Map<string, CustomerKey | undefined>();
        const keyOf = async (customerId: string, fresh = false) => {
          if (!fresh && keys.has(customerId)) return keys.get(customerId);
          if (keys.size >= 10_000) keys.clear();
          const key = await keyStore.get(customerId);
          keys.set(customerId, key);
          return key;
        };
        for await (const event of inner) yield await open(event, keyOf);
      },
    };
  }

  async function forget(customerId: string, forgetOptions: ForgetOptions): Promise<ForgetResult> {
    if (typeof customerId !== 'string' || customerId === '') {
      throw new PrivacyError(
        'TENURE_INVALID_PRIVACY_OPTIONS',
        `privateLog.forget: customerId must be a non-empty string, received ${JSON.stringify(customerId)}.`,
      );
    }
    // { reson } ignored would store the erasure without the reason the caller must keep.
    if (forgetOptions !== null && typeof forgetOptions === 'object') {
      refuseUnknown('privateLog.forget', forgetOptions, FORGET_OPTIONS);
    }
    const at = normalizeTime(forgetOptions?.at);
    if (at === undefined) {
      throw new PrivacyError(
        'TENURE_INVALID_PRIVACY_OPTIONS',
        `privateLog.forget: options.at must be the time of the erasure (epoch ms, ISO-8601 with a zone, or a Date), received ${JSON.stringify(forgetOptions?.at)}.`,
      );
    }
    const { reason } = forgetOptions;
    const digest = createHash('sha256').update(customerId).digest('base64url').slice(0, 22);
    const record: TenureEvent = {
      // Same customer and time: the same event, so a repeated forget is skipped.
      id: `customer.forgotten:${digest}:${at}`,
      type: 'customer.forgotten',
      customerId,
      at,
      data: reason === undefined ? {} : { reason },
    };
    // Checked before the key is destroyed: an erasure the log then refused to record would be
    // done, unrecorded, and reported as a failure.
    const checked = await validateEvents([record], catalog);
    if (!checked.ok) {
      const issue = checked.issues[0] as EventIssue;
      const where = issue.path === 'data.reason' ? 'options.reason' : issue.path;
      throw new PrivacyError(
        'TENURE_INVALID_PRIVACY_OPTIONS',
        `privateLog.forget: ${where} must be ${issue.expected}, received ${issue.received}. Nothing was erased; fix it and call forget again${where === 'options.reason' ? ' (a reason is a short code such as "gdpr-request", never personal data)' : ''}.`,
      );
    }
    // Alone: an append sealing under a key made after the destroy would otherwise be logged
    // before the record, readable, where the log says the customer was already forgotten.
    const { destroyed, result } = await sealing.exclusive(async () => {
      const destroyed = await keyStore.destroy(customerId);
      let result = await log.append([record]);
      if (destroyed && result.appended.length === 0) {
        // The record of an earlier erasure at the same time is there, yet there was a key to
        // destroy: the customer came back since. This is another erasure; record it too.
        const version = await log.version(customerId);
        result = await log.append([{ ...record, id: `${record.id}:${version}` }]);
      }
      return { destroyed, result };
    });
    return { destroyed, event: result.appended[0], unsealed: await unsealedOf(customerId) };
  }

  const privateLog: PrivateLog = {
    append,
    read,
    forget,
    version: (customerId) => log.version(customerId),
    position: () => log.position(),
    verify: () => log.verify(),
    close: () => log.close(),
  };
  return privateLog as unknown as PrivateLog<TEvent>;
}
