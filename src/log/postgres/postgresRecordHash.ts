import { createHash } from 'node:crypto';
import { canonicalJson } from '../../events/canonicalJson.js';
import type { StoredEvent } from '../../events/TenureEvent.js';

/** The hash before the first record (stored in `tenure_head` of an empty log). */
export const GENESIS_HASH = '';

/**
 * The hash chain of the PostgreSQL log: `sha256(previousHash + '\n' + canonical record)` in hex,
 * where the canonical record is the stored event (envelope, position and version) as
 * {@link canonicalJson}. Changing, removing or reordering any row breaks the chain from that
 * row on; `verify()` recomputes it.
 */
export function postgresRecordHash(previousHash: string, event: StoredEvent): string {
  return createHash('sha256')
    .update(previousHash)
    .update('\n')
    .update(
      canonicalJson({
        position: event.position,
        version: event.version,
        id: event.id,
        type: event.type,
        customerId: event.customerId,
        at: event.at,
        data: event.data,
        meta: event.meta,
      }),
    )
    .digest('hex');
}
