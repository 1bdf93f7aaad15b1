import { describe, expect, it } from 'vitest';
import { fingerprint } from './fingerprint.js';

describe('secret fingerprints', () => {
  it('are stable, label the secret, and do not depend on the label for matching', () => {
    const a = fingerprint('secret', 'ABCD-EFGH');
    expect(a).toMatch(/^secret:scrypt:[0-9a-f]{12}$/);
    expect(fingerprint('secret', 'ABCD-EFGH')).toBe(a);
    expect(fingerprint('part', 'ABCD-EFGH').split(':')[2]).toBe(a.split(':')[2]);
    expect(fingerprint('secret', 'ABCD-EFGI')).not.toBe(a);
  });
  it('are not a plain sha256 prefix (a short TAP could be searched offline from one)', async () => {
    const { createHash } = await import('node:crypto');
    const tap = 'k7Q%p2Lx';
    expect(fingerprint('tap', tap)).not.toContain(createHash('sha256').update(tap).digest('hex').slice(0, 12));
  });
  it('a recorded fingerprint matches its secret, in the scrypt form and the older sha256 form', async () => {
    const { createHash } = await import('node:crypto');
    const { matchesFingerprint } = await import('./fingerprint.js');
    const secret = 'ABCDE-FGHIJ-KLMNO';
    expect(matchesFingerprint(fingerprint('secret', secret), secret)).toBe(true);
    expect(
      matchesFingerprint(`secret:sha256:${createHash('sha256').update(secret).digest('hex').slice(0, 12)}`, secret),
    ).toBe(true);
    expect(matchesFingerprint(fingerprint('secret', secret), secret + 'X')).toBe(false);
    expect(matchesFingerprint('not a fingerprint', secret)).toBe(false);
  });
});
