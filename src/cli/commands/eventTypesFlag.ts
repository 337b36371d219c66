import { describeValue } from '../../errors/describeValue.js';
import { createEventCatalog } from '../../events/createEventCatalog.js';
import type { EventType } from '../../events/defineEventType.js';
import { usageError } from '../CliError.js';
import { exportOf, loadModuleFlag } from './loadModuleFlag.js';

/**
 * The event types of `--event-types <module>`: a JavaScript module (ES or CommonJS) that exports
 * an array of your types (`defineEventType`) as `eventTypes` or as its default export.
 * Undefined without the flag. A module that cannot be loaded is exit 1 (a file that cannot be
 * used), one that exports no list of valid types a usage error (exit 2).
 */
export async function eventTypesFlag(
  command: string,
  value: string | boolean | undefined,
): Promise<readonly EventType[] | undefined> {
  if (typeof value !== 'string') return undefined;
  const types = exportOf(await loadModuleFlag(command, 'event-types', value), 'eventTypes');
  const example = 'export const eventTypes = [trialStarted]';
  if (!Array.isArray(types)) {
    const single = (types as { type?: unknown } | null | undefined)?.type;
    const exported =
      typeof single === 'string'
        ? `one event type (${JSON.stringify(single)}): export it in a list`
        : describeValue(types);
    throw usageError(
      command,
      `--event-types ${value} must export an array of event types (defineEventType), as \`${example}\` or a default export; it exports ${exported}.`,
    );
  }
  try {
    createEventCatalog(types);
  } catch (error) {
    if (!(error instanceof TypeError)) throw error;
    throw usageError(command, `--event-types ${value}: ${error.message}`);
  }
  return types;
}
