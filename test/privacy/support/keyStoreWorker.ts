/**
 * One process of the shared-key-file test: creates keys `<prefix>0..<count-1>` in the key file,
 * destroying every third right after (through a second store, as a forget script would).
 * Usage: node --import tsx keyStoreWorker.ts <path> <prefix> <count>
 */
import { createFileKeyStore } from '../../../src/privacy/createFileKeyStore.js';

const [path, prefix, count] = process.argv.slice(2) as [string, string, string];
const store = createFileKeyStore(path);
const forgetter = createFileKeyStore(path);
for (let index = 0; index < Number(count); index++) {
  await store.create(`${prefix}${index}`);
  if (index % 3 === 0) await forgetter.destroy(`${prefix}${index}`);
}
