import type { StandardSchemaV1 } from '@standard-schema/spec';
import { describeValue } from '../errors/describeValue.js';

/** One schema issue as tenure's messages say it: where, what was expected, what was received. */
export interface DescribedIssue {
  /** Dotted path from the event, e.g. `data.items.1.productId` (`''` for the event itself). */
  readonly path: string;
  readonly expected: string;
  readonly received: string;
}

/**
 * Says a Standard Schema issue in tenure's words: its path under `prefix` (`data` for a payload),
 * the expectation as a sentence says it, and the value received. Used for appends
 * (`validateEvents`) and for reads of upcast events (`upcastEvent`), so both word it alike.
 *
 * @example
 * ```ts
 * describeSchemaIssue(issue, 'data'); // { path: 'data.amount', expected: 'a number', received: '"20"' }
 * ```
 */
export function describeSchemaIssue(issue: StandardSchemaV1.Issue, prefix: string): DescribedIssue {
  const segments = (issue.path ?? []).map((segment) =>
    String(typeof segment === 'object' ? segment.key : segment),
  );
  const path = [prefix, ...segments].filter((part) => part !== '').join('.');
  const detail = issue as StandardSchemaV1.Issue & {
    kind?: string;
    expected?: string | null;
    received?: string;
    input?: unknown;
  };
  const missing = detail.received === 'undefined';
  const expected = missing ? 'a value (the field is required)' : describeExpected(detail, path);
  // A check's `received` is what it measured (a length for minLength: "0" for ""), not the value.
  // A type issue's names an object by its constructor ("Object", "Array", "Date"): say its kind
  // instead, not its content, which may hold personal data a private log cannot tell apart.
  const received = missing
    ? 'nothing'
    : detail.kind === 'validation'
      ? describeReceived(detail.input)
      : detail.expected !== 'never' && typeof detail.input === 'object' && detail.input !== null
        ? describeObjectKind(detail.input)
        : (detail.received ?? describeReceived(detail.input));
  return { path, expected, received };
}

/** Valibot's names of the types it expects, as a sentence says them. */
const TYPE_NAMES: Readonly<Record<string, string>> = {
  string: 'a string',
  number: 'a number',
  boolean: 'a boolean',
  bigint: 'a bigint',
  Object: 'an object',
  Array: 'an array',
  Date: 'a Date',
  null: 'null',
};

function describeExpected(
  issue: StandardSchemaV1.Issue & { kind?: string; type?: string; expected?: string | null },
  path: string,
): string {
  // Only the envelope itself is an event; an object nested in data or meta is just an object.
  if (issue.expected === 'Object' && path === '')
    return 'an event object { id, type, customerId, at, data, meta? }';
  // An unknown key in a strict object: valibot says "never".
  if (issue.expected === 'never') return 'no such field (remove it, or check its spelling)';
  // Valibot type errors carry `expected` ("number", "(string | number)"); checks carry our own
  // wording in `message`.
  if (issue.kind === 'schema' && issue.type !== 'custom' && issue.expected) {
    const alternatives = issue.expected.replace(/^\((.*)\)$/, '$1').split(' | ');
    return alternatives.map((name) => TYPE_NAMES[name] ?? name).join(' or ');
  }
  return issue.message;
}

/** An object by its kind alone: `an array of 2`, `an invalid Date`, `an object`. */
function describeObjectKind(value: object): string {
  if (Array.isArray(value) || value instanceof Date) return describeValue(value);
  return 'an object';
}

/** A field's value in a message: a missing one is "nothing". */
export function describeReceived(value: unknown): string {
  return value === undefined ? 'nothing' : describeValue(value);
}
