/** One customer's data key: AES-256 (32 bytes), and an id that sealed values name. */
export interface CustomerKey {
  /**
   * Random id of this key (1-128 letters, digits, `-` or `_`); a sealed value names the key it
   * was sealed with.
   */
  readonly id: string;
  /** The 32 key bytes. */
  readonly key: Uint8Array;
}

/**
 * Where a private log keeps one data key per customer. Destroying a customer's key is what
 * erases their personal data (crypto-shredding): every value sealed with it becomes unreadable.
 *
 * Losing the key store is the same as destroying every key in it: the personal data of every
 * customer is gone for good (the behavioural events are not affected). Back the store up with
 * the same care as the log, and delete the backups' copies of a key when you forget a customer.
 */
export interface KeyStore {
  /** The customer's live key, or `undefined` when they have none (never had one, or forgotten). */
  get(customerId: string): Promise<CustomerKey | undefined>;
  /** The customer's live key, created (random, 32 bytes) and stored durably first if needed. */
  create(customerId: string): Promise<CustomerKey>;
  /** Destroys the customer's key. Returns false when there was none. */
  destroy(customerId: string): Promise<boolean>;
}
