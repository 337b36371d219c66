/**
 * What a caught value says went wrong: an Error's message, or anything else as a string (code
 * may throw a string or a plain object). For messages that quote a cause. Internal.
 */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
