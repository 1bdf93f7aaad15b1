import { describe, expect, it } from 'vitest';
import { check } from './bg-019-security-defaults.js';
import { config, healthy, FORBIDDEN } from './testing/fixtures.js';
import { ok } from './snapshot.js';

const sd = () => {
  const s = healthy();
  s.securityDefaults = ok({ isEnabled: true });
  return s;
};

describe('BG-019 Security Defaults', () => {
  it('is not-applicable when Security Defaults is off', () =>
    expect(check.evaluate(healthy(), config()).verdict).toBe('not-applicable'));
  it('passes when every account has a FIDO2 key', () => expect(check.evaluate(sd(), config()).verdict).toBe('pass'));
  it('fails an account without a key', () => {
    const s = sd();
    s.accounts[1]!.fido2Methods = ok([]);
    s.accounts[1]!.methods = ok([{ '@odata.type': '#microsoft.graph.passwordAuthenticationMethod', id: 'p' }]);
    expect(check.evaluate(s, config()).reason).toMatch(/bg-admin-02.*no security key/);
    // a passkey in Authenticator is not a key in a safe
    s.accounts[1]!.methods = ok([{ '@odata.type': '#microsoft.graph.fido2AuthenticationMethod', id: 'k2' }]);
    s.accounts[1]!.fido2Methods = ok([
      { id: 'k2', aaGuid: '90a3ccdf-635c-4729-a248-9b709135078f', attestationLevel: 'notAttested' },
    ]);
    expect(check.evaluate(s, config()).reason).toMatch(/bg-admin-02.*only passkey in Microsoft Authenticator for iOS/);
  });
  it('errors when Security Defaults or keys cannot be read', () => {
    const s = healthy();
    s.securityDefaults = FORBIDDEN;
    expect(check.evaluate(s, config()).verdict).toBe('error');
    const t = sd();
    t.accounts[0]!.methods = FORBIDDEN;
    expect(check.evaluate(t, config()).verdict).toBe('error');
  });
});
