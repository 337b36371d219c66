import { type EventIssue, EventValidationError } from '../errors/EventValidationError.js';
import type { PersonalFields } from './personalFields.js';

/** The reason `validateEvents` gives for data an upcaster threw on: `(it threw: <message>)`. */
const UPCASTER_THREW = /\(it threw: [\s\S]*\)$/;
const UPCASTER_THREW_REDACTED = '(it threw; its message is not shown: it may quote personal data)';

/** What a refused batch's `received` may say of a personal field: the kind, never the value. */
const SAFE =
  /^(nothing|null|an array|an array of \d+|an object|an invalid Date|object|boolean|"" \(an empty string\)|a string of \d+ characters)$/;

/**
 * The same error without the personal values it quoted: `data.phone: expected a string,
 * received 442079460958` becomes `received a number (not shown: personal data)`, and the message
 * of an upcaster that threw on a personal type's data is left out. Error
 * messages end up in application logs, which no `forget` reaches. Other errors are returned
 * as they are.
 */
export function redactPersonalIssues(error: unknown, personalFields: PersonalFields): unknown {
  if (!(error instanceof EventValidationError)) return error;
  let changed = false;
  const issues = error.issues.map((issue): EventIssue => {
    const fields = issue.eventType === undefined ? undefined : personalFields[issue.eventType];
    const [root, field] = issue.path.split('.');
    // `data` itself refused (a string, or an object an upcaster refused) is quoted whole, and
    // holds the personal fields: `data: "Ada Lovelace"` when the name was passed as the data.
    const personal = field === undefined ? fields !== undefined : fields?.includes(field);
    if (root !== 'data' || !personal) return issue;
    const said = `expected ${issue.expected}, received ${issue.received}`;
    if (!issue.message.endsWith(said)) return issue;
    // An upcaster's error message may quote the data it failed on (JSON.parse does).
    const expected = issue.expected.replace(UPCASTER_THREW, UPCASTER_THREW_REDACTED);
    const received = SAFE.test(issue.received)
      ? issue.received
      : `${kindOf(issue.received)} (not shown: personal data)`;
    if (expected === issue.expected && received === issue.received) return issue;
    changed = true;
    const message = `${issue.message.slice(0, -said.length)}expected ${expected}, received ${received}`;
    return { ...issue, expected, received, message };
  });
  if (!changed) return error;
  const api = error.message.slice(0, error.message.indexOf(':'));
  return new EventValidationError(api, issues);
}

function kindOf(received: string): string {
  if (received.startsWith('"')) {
    try {
      return `a string of ${(JSON.parse(received) as string).length} characters`;
    } catch {
      return 'a string';
    }
  }
  if (/^(-?[\d.]+(e[+-]?\d+)?|NaN|-?Infinity)$/.test(received)) return 'a number';
  if (received.startsWith('{')) return 'an object';
  return 'a value';
}
