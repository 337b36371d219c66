import type { EventIssue } from '../../errors/EventValidationError.js';
import type { TenureEvent } from '../../events/TenureEvent.js';

/** A NUL character or a UTF-16 surrogate without its pair. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding NUL is the point.
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

const EXPECTED =
  'a string without U+0000 or unpaired UTF-16 surrogates (PostgreSQL text and JSONB cannot store them)';

/**
 * Issues for strings PostgreSQL cannot store unchanged: `text` and `jsonb` reject U+0000, and
 * an unpaired surrogate would be replaced by U+FFFD on the way in, so the event read back would
 * differ from the one written (and from its hash). The other logs accept such strings; this one
 * rejects them up front with the usual {@link EventIssue}s instead of failing or corrupting
 * inside the database.
 */
export function findUnstorableStrings(
  events: readonly TenureEvent[],
  indices: readonly number[],
): EventIssue[] {
  const issues: EventIssue[] = [];
  events.forEach((event, k) => {
    const index = indices[k] ?? k;
    const visit = (value: unknown, path: string) => {
      if (typeof value === 'string') {
        if (UNSTORABLE.test(value)) issues.push(issue(event, index, path));
      } else if (Array.isArray(value)) {
        value.forEach((item, i) => {
          visit(item, `${path}.${i}`);
        });
      } else if (typeof value === 'object' && value !== null) {
        for (const [key, item] of Object.entries(value)) {
          if (UNSTORABLE.test(key)) issues.push(issue(event, index, path));
          visit(item, `${path}.${key}`);
        }
      }
    };
    visit(event.id, 'id');
    visit(event.customerId, 'customerId');
    visit(event.type, 'type');
    visit(event.data, 'data');
    visit(event.meta, 'meta');
  });
  return issues;
}

function issue(event: TenureEvent, index: number, path: string): EventIssue {
  const received = 'a string containing such a character';
  return {
    index,
    eventId: UNSTORABLE.test(event.id) ? undefined : event.id,
    eventType: event.type,
    path,
    expected: EXPECTED,
    received,
    message: `event #${index} (id ${JSON.stringify(event.id)}, type ${JSON.stringify(event.type)}): ${path}: expected ${EXPECTED}, received ${received}`,
  };
}
