import { TenureError } from '../errors/TenureError.js';

/**
 * Thrown by the privacy layer (private logs, key stores): a key store that cannot be read or
 * written, a sealed value that was tampered with, misuse of the options. `code` is one of
 * `TENURE_KEY_STORE` (key store I/O or a corrupt key store file), `TENURE_TAMPERED_VALUE` (a
 * sealed value fails its authentication tag under the customer's live key) or
 * `TENURE_INVALID_PRIVACY_OPTIONS`.
 */
export class PrivacyError extends TenureError {}
