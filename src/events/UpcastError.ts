import { TenureError } from '../errors/TenureError.js';

/**
 * An event's `meta.schemaVersion` cannot be brought to its type's current version: it is newer
 * than the catalogue knows, or not a version (`TENURE_UNKNOWN_SCHEMA_VERSION`: the event was
 * written by a newer program; upgrade, or register that version), no upcaster covers a step
 * (`TENURE_MISSING_UPCASTER`), or an upcaster threw, returned a Promise, or made data the
 * current schema refuses (`TENURE_UPCAST_FAILED`).
 */
export class UpcastError extends TenureError {
  /** The event's id. */
  readonly eventId: string;
  /** The event's type. */
  readonly eventType: string;
  /** The version the event was written with. */
  readonly schemaVersion: number;

  constructor(
    code: string,
    message: string,
    event: { eventId: string; eventType: string; schemaVersion: number },
    options?: { cause?: unknown },
  ) {
    super(code, message, options);
    this.eventId = event.eventId;
    this.eventType = event.eventType;
    this.schemaVersion = event.schemaVersion;
  }
}
