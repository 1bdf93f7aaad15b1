/**
 * The rule app.removeCredential enforces before it sends anything: a credential that works today goes
 * only when ANOTHER credential that works today was proven with a token (query app.proveToken).
 */
import { describe, expect, it } from 'vitest';
import { refusal } from './remove-credential.js';
import type { AppCredentials } from './app-credentials.js';

const NOW = new Date('2026-12-06T12:00:00Z');
const OLD = '11111111-1111-4111-8111-111111111111';
const NEW = '22222222-2222-4222-8222-222222222222';
const GONE = '33333333-3333-4333-8333-333333333333';
const SECRET = '44444444-4444-4444-8444-444444444444';

function app(over: Partial<AppCredentials> = {}): AppCredentials {
  return {
    id: 'obj',
    appId: 'app',
    displayName: 'BreakGlass-App',
    keyCredentials: [
      {
        keyId: OLD,
        displayName: 'old',
        customKeyIdentifier: 'AB'.repeat(20),
        startDateTime: '2026-01-01T00:00:00Z',
        endDateTime: '2027-01-01T00:00:00Z',
      },
      { keyId: NEW, displayName: 'new', startDateTime: '2026-12-06T00:00:00Z', endDateTime: '2027-12-06T00:00:00Z' },
      {
        keyId: GONE,
        displayName: 'expired',
        startDateTime: '2025-01-01T00:00:00Z',
        endDateTime: '2026-01-01T00:00:00Z',
      },
    ],
    passwordCredentials: [
      {
        keyId: SECRET,
        displayName: 'quick-fix',
        startDateTime: '2026-12-01T00:00:00Z',
        endDateTime: '2027-06-01T00:00:00Z',
      },
    ],
    ...over,
  };
}

describe('app.removeCredential refusal rule', () => {
  it('refuses a working credential without a proof, and says what to do', () => {
    const why = refusal(app(), OLD, undefined, NOW);
    expect(why).toMatch(/works today/);
    expect(why).toMatch(/app\.proveToken/);
    expect(why).toContain(OLD);
    expect(why).toContain('expires 2027-01-01');
    expect(why).toContain('AB'.repeat(20));
  });

  it('allows it once another working credential was proven', () => {
    expect(refusal(app(), OLD, NEW, NOW)).toBeUndefined();
    // A secret too (removed with removePassword).
    expect(refusal(app(), SECRET, NEW, NOW)).toBeUndefined();
  });

  it('refuses removing the proven credential itself', () => {
    expect(refusal(app(), NEW, NEW, NOW)).toMatch(/is the credential that was proven/);
  });

  it('refuses when the proven credential is expired, not yet valid or gone', () => {
    expect(refusal(app(), OLD, GONE, NOW)).toMatch(/is expired/);
    const later = app();
    later.keyCredentials[1]!.startDateTime = '2027-01-01T00:00:00Z';
    expect(refusal(later, OLD, NEW, NOW)).toMatch(/is not yet valid/);
    const without = app({ keyCredentials: app().keyCredentials.filter((k) => k.keyId !== NEW) });
    expect(refusal(without, OLD, NEW, NOW)).toMatch(/no longer on/);
  });

  it('lets an expired credential go without a proof: it opens nothing', () => {
    expect(refusal(app(), GONE, undefined, NOW)).toBeUndefined();
  });

  it('treats a credential with unreadable dates as working (fail closed)', () => {
    const odd = app();
    delete odd.keyCredentials[0]!.endDateTime;
    expect(refusal(odd, OLD, undefined, NOW)).toMatch(/works today/);
  });

  it('has nothing to refuse for a keyId no longer there', () => {
    expect(refusal(app(), '55555555-5555-4555-8555-555555555555', undefined, NOW)).toBeUndefined();
  });
});
