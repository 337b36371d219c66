import { describe, expect, it } from 'vitest';
import { unknownOption } from '../../src/errors/unknownOption.js';

const READ = ['customerId', 'from', 'until'];

describe('unknownOption', () => {
  it('accepts options whose names are all known, and no options at all', () => {
    expect(unknownOption('log.read', { from: 2, until: 3 }, READ)).toBeUndefined();
    expect(unknownOption('log.read', {}, READ)).toBeUndefined();
  });

  it('names the first unknown option, the known one it resembles, and every option', () => {
    expect(unknownOption('log.read', { from: 1, form: 2 }, READ)).toBe(
      'log.read: unknown option "form" (did you mean "from"?); the options are customerId, from, until.',
    );
  });

  it('takes a difference of case for the option it resembles', () => {
    expect(unknownOption('lifecycle.project', { ASOF: 1 }, ['asOf', 'churn', 'clv'])).toMatch(
      /unknown option "ASOF" \(did you mean "asOf"\?\)/,
    );
  });

  it('suggests nothing for a name far from every option', () => {
    expect(unknownOption('log.read', { limit: 10 }, READ)).toBe(
      'log.read: unknown option "limit"; the options are customerId, from, until.',
    );
  });
});
