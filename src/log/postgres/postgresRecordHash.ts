import { hash } from 'node:crypto';

/** The hash before the first record (stored in `tenure_head` of an empty log). */
export const GENESIS_HASH = '';

/**
 * The hash chain of the PostgreSQL log, in hex:
 * `sha256(previousHash + '\n' + position + ':' + version + ':' + fingerprint)`, where the
 * fingerprint is `eventFingerprint(event)` (the canonical JSON of the whole envelope: JSONB
 * keeps neither key order nor spacing, so only a canonical form can be recomputed). Changing, removing or reordering any row, or any field of it,
 * breaks the chain from that row on; `verify()` recomputes it.
 */
export function postgresRecordHash(
  previousHash: string,
  position: number,
  version: number,
  fingerprint: string,
): string {
  // One-shot crypto.hash: half the cost of createHash().update().digest() for short input.
  return hash('sha256', `${previousHash}\n${position}:${version}:${fingerprint}`, 'hex');
}
