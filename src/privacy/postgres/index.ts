export {
  createPostgresKeyStore,
  type PostgresKeyStoreOptions,
} from './createPostgresKeyStore.js';
