import { describe, expect, it } from 'vitest';
import { ConcurrencyError } from '../../src/errors/ConcurrencyError.js';
import { isTenureError, TenureError } from '../../src/errors/TenureError.js';

describe('TenureError', () => {
  it('carries a code and its subclass name', () => {
    const error = new ConcurrencyError('log.append', 'c1', 3, 5);
    expect(error).toBeInstanceOf(TenureError);
    expect(error.name).toBe('ConcurrencyError');
    expect(error.code).toBe('TENURE_VERSION_CONFLICT');
    expect(error.message).toBe(
      'log.append: customer stream "c1" is at version 5, expected 3; nothing was written. Read the stream again and retry with the current version.',
    );
  });

  it('is recognised across package copies by its brand, not by instanceof', () => {
    const foreign = Object.assign(new Error('x'), {
      code: 'TENURE_X',
      [Symbol.for('tenure.error')]: true,
    });
    expect(isTenureError(foreign)).toBe(true);
    expect(isTenureError(foreign, 'TENURE_X')).toBe(true);
    expect(isTenureError(foreign, 'TENURE_Y')).toBe(false);
    expect(isTenureError(new Error('plain'))).toBe(false);
    expect(isTenureError(null)).toBe(false);
  });
});
