import { createHash } from 'node:crypto';

/**
 * The partition of a customer among `partitions`: the first 32 bits of the MD5 of the customer
 * id, as a non-negative integer, modulo `partitions`. The database computes the same number
 * from `tenure_events.customer_hash` (`(customer_hash & 2147483647) % partitions`), so a worker
 * reads exactly its customers' events.
 *
 * @example
 * ```ts
 * customerPartition('c1', 16); // an integer in 0..15, the same on every machine
 * ```
 */
export function customerPartition(customerId: string, partitions: number): number {
  const digest = createHash('md5').update(customerId, 'utf8').digest();
  return (digest.readUInt32BE(0) & 0x7fffffff) % partitions;
}
