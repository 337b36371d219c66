export { createFileKeyStore } from './createFileKeyStore.js';
export { createMemoryKeyStore } from './createMemoryKeyStore.js';
export {
  createPrivateLog,
  type ForgetOptions,
  type ForgetResult,
  type PrivateLog,
  type PrivateLogOptions,
} from './createPrivateLog.js';
export type { CustomerKey, KeyStore } from './KeyStore.js';
export { PrivacyError } from './PrivacyError.js';
export { defaultPersonalFields, type PersonalFields } from './personalFields.js';
export { ERASED, isSealedValue, openValue, sealValue } from './sealValue.js';
