import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { CustomerKey } from './KeyStore.js';
import { PrivacyError } from './PrivacyError.js';

/** Prefix of a sealed value: `tenure:sealed:v1:<key id>:<iv>:<ciphertext>:<tag>` (base64url). */
export const SEALED_PREFIX = 'tenure:sealed:v1:';

/**
 * What a private log returns in place of a personal value whose key was destroyed: the
 * customer was forgotten. Never the ciphertext.
 */
export const ERASED = '[erased]';

/**
 * Encrypts one personal value with AES-256-GCM under the customer's key: a random 96-bit IV per
 * value, a 128-bit authentication tag, and `context` (customer, event id, field) as additional
 * authenticated data, so that a sealed value cannot be moved to another event or field.
 * The value is JSON-encoded first, so any JSON value can be sealed.
 *
 * @example
 * ```ts
 * const sealed = sealValue('ada@example.com', key, 'c1/e1/email');
 * openValue(sealed, key, 'c1/e1/email'); // 'ada@example.com'
 * ```
 */
export function sealValue(value: unknown, key: CustomerKey, context: string): string {
  checkKey('sealValue', key);
  if (isDestroyedKey(key)) {
    throw new PrivacyError(
      'TENURE_KEY_STORE',
      `sealValue: the key ${key.id} was destroyed (its bytes are zeroed); nothing may be sealed under it. Take the customer's live key from keyStore.create(customerId).`,
    );
  }
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key.key, iv, { authTagLength: 16 });
  cipher.setAAD(Buffer.from(context, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()]);
  const tag = cipher.getAuthTag();
  return `${SEALED_PREFIX}${key.id}:${iv.toString('base64url')}:${ciphertext.toString('base64url')}:${tag.toString('base64url')}`;
}

/**
 * A string shaped and sized as `value` sealed by {@link sealValue}, without encrypting it: a key
 * id of 16 bytes (as the key stores make), a 12-byte IV and a 16-byte tag, all base64url.
 */
export function sealedStandIn(value: unknown): string {
  const bytes = Buffer.byteLength(JSON.stringify(value), 'utf8');
  return `${SEALED_PREFIX}${'k'.repeat(22)}:${'i'.repeat(16)}:${'c'.repeat(Math.ceil((bytes * 4) / 3))}:${'t'.repeat(22)}`;
}

/**
 * True when `key` was destroyed: the memory and file key stores zero a destroyed key's bytes,
 * also in the copies handed out before (a random key is all zeros with probability 2^-256).
 */
export function isDestroyedKey(key: CustomerKey): boolean {
  return key.key.every((byte) => byte === 0);
}

/** True when `value` is a string written by {@link sealValue}. */
export function isSealedValue(value: unknown): value is string {
  return typeof value === 'string' && value.startsWith(SEALED_PREFIX);
}

/**
 * Decrypts a value written by {@link sealValue}. Gives {@link ERASED} when `key` is missing, was
 * destroyed (zeroed) or is not the key the value was sealed with (the customer was forgotten
 * since).
 *
 * @throws PrivacyError `TENURE_TAMPERED_VALUE` when the value is malformed, fails its
 *   authentication tag under the right key (changed bytes, or moved to another event or field),
 *   or names another key id than the one that opens it (a changed key id).
 * @example
 * ```ts
 * openValue(sealed, await keyStore.get('c1'), 'c1/e1/email');
 * ```
 */
export function openValue(sealed: string, key: CustomerKey | undefined, context: string): unknown {
  const parts = sealed.slice(SEALED_PREFIX.length).split(':');
  if (parts.length !== 4) throw tampered(context, 'it does not have 4 parts');
  const [keyId, iv, ciphertext, tag] = parts as [string, string, string, string];
  // Base64url decoding skips stray characters and a last character's unused bits: a value
  // written otherwise than sealValue writes it was changed, even if it decodes alike.
  if (!canonical(iv, 12) || !canonical(tag, 16) || !canonical(ciphertext)) {
    throw tampered(context, 'it is not written as sealValue writes it');
  }
  if (key === undefined) return ERASED;
  checkKey('openValue', key);
  if (isDestroyedKey(key)) return ERASED;
  if (key.id !== keyId) {
    // Sealed with a key destroyed since (the customer was forgotten, then came back): erased.
    // Unless the live key opens it: then the key id in the value was changed.
    if (decrypt(key, iv, ciphertext, tag, context) === undefined) return ERASED;
    throw tampered(context, 'its key id was changed');
  }
  const plain = decrypt(key, iv, ciphertext, tag, context);
  if (plain === undefined) throw tampered(context, 'its authentication tag does not match');
  try {
    return JSON.parse(plain);
  } catch (error) {
    throw tampered(context, 'it does not hold JSON', error);
  }
}

/**
 * A key store of your own may return what cannot be a key: refused here, rather than as Node's
 * "Invalid key length" or, for an id with a colon, every value it seals reading as tampered.
 */
function checkKey(api: string, key: CustomerKey): void {
  const bytes = key?.key;
  const id = key?.id;
  if (
    bytes instanceof Uint8Array &&
    bytes.length === 32 &&
    typeof id === 'string' &&
    /^[\w-]{1,128}$/.test(id)
  ) {
    return;
  }
  throw new PrivacyError(
    'TENURE_KEY_STORE',
    `${api}: the key store returned a malformed key; a CustomerKey holds 32 bytes (a Uint8Array) and an id of 1-128 letters, digits, '-' or '_' (received ${bytes instanceof Uint8Array ? `${bytes.length} bytes` : typeof bytes} and id ${JSON.stringify(id)}). Fix the key store's get and create.`,
  );
}

/** True when `text` is the base64url that encodes its bytes (of `size` bytes, if given). */
function canonical(text: string, size?: number): boolean {
  const bytes = Buffer.from(text, 'base64url');
  return bytes.toString('base64url') === text && (size === undefined || bytes.length === size);
}

/** The plain text, or undefined when the tag does not verify under `key`. */
function decrypt(
  key: CustomerKey,
  iv: string,
  ciphertext: string,
  tag: string,
  context: string,
): string | undefined {
  try {
    const decipher = createDecipheriv('aes-256-gcm', key.key, Buffer.from(iv, 'base64url'), {
      authTagLength: 16,
    });
    decipher.setAAD(Buffer.from(context, 'utf8'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([
      decipher.update(Buffer.from(ciphertext, 'base64url')),
      decipher.final(),
    ]).toString('utf8');
  } catch {
    return undefined;
  }
}

function tampered(context: string, why: string, cause?: unknown): PrivacyError {
  return new PrivacyError(
    'TENURE_TAMPERED_VALUE',
    `openValue: the sealed value of ${context} cannot be decrypted: ${why}. It was changed after it was written or copied from another event or field; restore it from a backup of the log.`,
    { cause },
  );
}
