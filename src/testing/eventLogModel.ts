import { canonicalJson } from '../events/canonicalJson.js';
import { defaultEventCatalog } from '../events/createEventCatalog.js';
import type { TenureEvent } from '../events/TenureEvent.js';
import { validateEvents } from '../events/validateEvents.js';
import type { AppendOptions } from '../log/EventLog.js';
import { matchesExpectedVersion } from '../log/expectedVersion.js';

/** An event as the model stores it: its canonical envelope and where it sits. */
export interface ModelEvent {
  readonly id: string;
  readonly customerId: string;
  readonly at: number;
  /** Canonical JSON of `{ id, type, customerId, at, data, meta }`. */
  readonly envelope: string;
  readonly position: number;
  readonly version: number;
}

/** What the model says an append must do. */
export type ModelOutcome =
  | {
      readonly ok: true;
      readonly appended: readonly ModelEvent[];
      readonly skipped: readonly string[];
    }
  /** Any one of these error codes is correct (adapters may check in different orders). */
  | { readonly ok: false; readonly errors: ReadonlySet<string> };

/**
 * The reference semantics of an event log, written as plainly as possible and independently of
 * the adapters, used as the oracle of the contract suite's property tests.
 */
export interface EventLogModel {
  readonly events: readonly ModelEvent[];
  version(customerId: string): number;
  /** Applies an append to the model when it must succeed; returns what must happen. */
  append(inputs: readonly unknown[], options?: AppendOptions): Promise<ModelOutcome>;
}

/** The canonical envelope of an event (what idempotency compares). */
export function envelopeOf(event: TenureEvent): string {
  const { id, type, customerId, at, data, meta } = event;
  return canonicalJson({ id, type, customerId, at, data, meta });
}

/** Creates an empty model log accepting the built-in event types. */
export function createEventLogModel(): EventLogModel {
  const events: ModelEvent[] = [];
  const byId = new Map<string, ModelEvent>();
  const version = (customerId: string) => events.filter((e) => e.customerId === customerId).length;
  return {
    events,
    version,
    async append(inputs, options) {
      const validation = await validateEvents(inputs, defaultEventCatalog);
      if (!validation.ok) return { ok: false, errors: new Set(['TENURE_INVALID_EVENT']) };
      const errors = new Set<string>();
      const inBatch = new Map<string, string>();
      const fresh: TenureEvent[] = [];
      const skipped: string[] = [];
      for (const event of validation.events) {
        const envelope = envelopeOf(event);
        const earlier = inBatch.get(event.id) ?? byId.get(event.id)?.envelope;
        inBatch.set(event.id, envelope);
        if (earlier === undefined) fresh.push(event);
        else if (earlier === envelope) skipped.push(event.id);
        else errors.add('TENURE_DUPLICATE_EVENT_ID');
      }
      for (const [customerId, expected] of Object.entries(options?.expectedVersions ?? {})) {
        if (matchesExpectedVersion(expected, version(customerId))) continue;
        // A resend of a stored append passes with the versions it was first made with.
        const ids = [...new Set(validation.events.map((e) => e.id))];
        const resent = ids
          .map((id) => validation.events.find((e) => e.id === id)!)
          .filter((e) => e.customerId === customerId)
          .map((e) => byId.get(e.id));
        const versions = resent.map((stored) => stored?.version ?? Number.NaN);
        const consecutive = versions.every((v, i) => v === versions[0]! + i);
        if (resent.length > 0 && consecutive && matchesExpectedVersion(expected, versions[0]! - 1))
          continue;
        errors.add('TENURE_VERSION_CONFLICT');
      }
      if (errors.size > 0) return { ok: false, errors };
      const appended = fresh.map((event) => {
        const stored: ModelEvent = {
          id: event.id,
          customerId: event.customerId,
          at: event.at,
          envelope: envelopeOf(event),
          position: events.length + 1,
          version: version(event.customerId) + 1,
        };
        events.push(stored);
        byId.set(stored.id, stored);
        return stored;
      });
      return { ok: true, appended, skipped };
    },
  };
}
