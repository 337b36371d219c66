import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isTenureError } from '../../src/errors/TenureError.js';
import { createMemoryKeyStore } from '../../src/privacy/createMemoryKeyStore.js';
import { ERASED, isSealedValue, openValue, sealValue } from '../../src/privacy/sealValue.js';

const keyStore = createMemoryKeyStore();
const key = await keyStore.create('c1');
const otherKey = await keyStore.create('c2');
const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

function refusal(run: () => unknown): unknown {
  try {
    return run();
  } catch (error) {
    return error;
  }
}

describe('sealValue and openValue', () => {
  it('open what they seal, for any JSON value and context', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.string(), (value, context) => {
        const sealed = sealValue(value, key, context);
        expect(isSealedValue(sealed)).toBe(true);
        expect(openValue(sealed, key, context)).toEqual(JSON.parse(JSON.stringify(value)));
      }),
    );
  });

  it('never seal one value twice alike (a fresh IV each time)', () => {
    const sealed = new Set(Array.from({ length: 1000 }, () => sealValue('x', key, 'c')));
    expect(sealed.size).toBe(1000);
  });

  it('refuse any changed character of the IV, ciphertext or tag as tampered', () => {
    fc.assert(
      fc.property(
        fc.string(),
        fc.nat(),
        fc.constantFrom(...BASE64URL),
        (value, at, replacement) => {
          const sealed = sealValue(value, key, 'ctx');
          // Characters after the key id: the IV, ciphertext and tag, and their separators.
          const start = sealed.indexOf(':', 'tenure:sealed:v1:'.length) + 1;
          const index = start + (at % (sealed.length - start));
          fc.pre(sealed[index] !== ':' && sealed[index] !== replacement);
          const changed = `${sealed.slice(0, index)}${replacement}${sealed.slice(index + 1)}`;
          const error = refusal(() => openValue(changed, key, 'ctx'));
          expect(isTenureError(error, 'TENURE_TAMPERED_VALUE')).toBe(true);
        },
      ),
    );
  });

  it('refuse a sealed value that decodes alike but is written otherwise', () => {
    const sealed = sealValue('Ada', key, 'ctx');
    const variants = [
      ...[...BASE64URL].map((last) => `${sealed.slice(0, -1)}${last}`),
      `${sealed}=`,
      `${sealed}!`,
      `${sealed.replace(/:([^:]*)$/, ': $1')}`,
    ].filter((variant) => variant !== sealed);
    for (const variant of variants) {
      const error = refusal(() => openValue(variant, key, 'ctx'));
      expect(isTenureError(error, 'TENURE_TAMPERED_VALUE'), variant).toBe(true);
    }
  });

  it.each([
    ['16 key bytes', { id: 'k1', key: new Uint8Array(16) }],
    ['a key id with a colon', { id: 'kms:key-1', key: new Uint8Array(32) }],
    ['an empty key id', { id: '', key: new Uint8Array(32) }],
  ])('refuse a malformed key (%s) from a key store of your own as TENURE_KEY_STORE', (_, bad) => {
    const sealed = sealValue('x', key, 'ctx');
    for (const [api, use] of [
      ['sealValue', () => sealValue('x', bad, 'ctx')],
      ['openValue', () => openValue(sealed, bad, 'ctx')],
    ] as const) {
      expect(refusal(use)).toMatchObject({
        code: 'TENURE_KEY_STORE',
        message: expect.stringMatching(new RegExp(`^${api}: .*32 bytes.*id`)),
      });
    }
  });

  it('never seal under a destroyed (zeroed) key, and read values under it as erased', () => {
    const doomed = { id: 'k-doomed', key: new Uint8Array(randomBytes(32)) };
    const sealed = sealValue('ada@example.com', doomed, 'ctx');
    doomed.key.fill(0);
    expect(openValue(sealed, doomed, 'ctx')).toBe(ERASED);
    expect(refusal(() => sealValue('x', doomed, 'ctx'))).toMatchObject({
      code: 'TENURE_KEY_STORE',
      message: expect.stringMatching(/^sealValue: the key k-doomed was destroyed/),
    });
  });

  it('read as erased under a missing key or another key', () => {
    const sealed = sealValue('ada@example.com', key, 'ctx');
    expect(openValue(sealed, undefined, 'ctx')).toBe(ERASED);
    expect(openValue(sealed, otherKey, 'ctx')).toBe(ERASED);
  });
});
