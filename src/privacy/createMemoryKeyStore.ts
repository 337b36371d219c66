import { randomBytes } from 'node:crypto';
import type { CustomerKey, KeyStore } from './KeyStore.js';

/**
 * A key store in process memory: for tests and scripts. Every key is lost when the process ends,
 * and with them the personal data they protect.
 *
 * @example
 * ```ts
 * const log = createPrivateLog(createMemoryLog(), { keyStore: createMemoryKeyStore() });
 * ```
 */
export function createMemoryKeyStore(): KeyStore {
  const keys = new Map<string, CustomerKey>();
  return {
    async get(customerId) {
      return keys.get(customerId);
    },
    async create(customerId) {
      let key = keys.get(customerId);
      if (key === undefined) {
        key = newCustomerKey();
        keys.set(customerId, key);
      }
      return key;
    },
    async destroy(customerId) {
      const existing = keys.get(customerId);
      if (existing === undefined) return false;
      // Overwrite the bytes: copies handed out earlier are zeroed as well.
      existing.key.fill(0);
      keys.delete(customerId);
      return true;
    },
  };
}

/** A fresh random customer key (32 key bytes, 16-byte id). */
export function newCustomerKey(): CustomerKey {
  return { id: randomBytes(16).toString('base64url'), key: new Uint8Array(randomBytes(32)) };
}
