/** What a credential change re-sends to keep a certificate, and how validity and thumbprints are read. */
import { describe, expect, it } from 'vitest';
import { keptKeyCredential, thumbprintHex, validityOf } from './app-credentials.js';

describe('app credentials', () => {
  it('keeps a certificate by keyId with its key, when Graph returned the key', () => {
    expect(
      keptKeyCredential({
        keyId: 'k1',
        displayName: 'sealed',
        type: 'AsymmetricX509Cert',
        usage: 'Verify',
        key: 'TUlJ',
      }),
    ).toEqual({ keyId: 'k1', displayName: 'sealed', type: 'AsymmetricX509Cert', usage: 'Verify', key: 'TUlJ' });
    // Without a key (a read that did not select keyCredentials on one object) only the keyId is sent.
    expect(keptKeyCredential({ keyId: 'k2', key: null })).toEqual({
      keyId: 'k2',
      type: 'AsymmetricX509Cert',
      usage: 'Verify',
    });
  });

  it('tells valid, expired, not yet valid and unknown apart', () => {
    const now = new Date('2026-12-06T00:00:00Z');
    const c = (s?: string, e?: string) => ({
      ...(s ? { startDateTime: s } : {}),
      ...(e ? { endDateTime: e } : {}),
    });
    expect(validityOf(c('2026-01-01T00:00:00Z', '2027-01-01T00:00:00Z'), now)).toBe('valid');
    expect(validityOf(c('2025-01-01T00:00:00Z', '2026-12-06T00:00:00Z'), now)).toBe('expired');
    expect(validityOf(c('2026-12-07T00:00:00Z', '2027-01-01T00:00:00Z'), now)).toBe('not yet valid');
    expect(validityOf(c('2026-01-01T00:00:00Z'), now)).toBe('unknown');
  });

  it('reads customKeyIdentifier as hex or as Base64 of the 20 thumbprint bytes', () => {
    const hex = '0123456789ABCDEF0123456789ABCDEF01234567';
    expect(thumbprintHex(hex.toLowerCase())).toBe(hex);
    expect(thumbprintHex(Buffer.from(hex, 'hex').toString('base64'))).toBe(hex);
    expect(thumbprintHex(null)).toBeUndefined();
  });
});
