import { describe, expect, it } from 'vitest';
import { check } from './bg-004-phishing-resistant.js';
import { config, healthy, FORBIDDEN } from './testing/fixtures.js';
import { ok } from './snapshot.js';

describe('BG-004 phishing-resistant credential', () => {
  it('passes with a FIDO2 key and counts keys', () => {
    const r = check.evaluate(healthy(), config());
    expect(r.verdict).toBe('pass');
    expect(r.findings[0]!.reason).toMatch(/1 FIDO2 key\(s\) \(YubiKey 5 NFC\)/);
  });
  it('fails a password-only account', () => {
    const s = healthy();
    s.accounts[1]!.methods = ok([{ '@odata.type': '#microsoft.graph.passwordAuthenticationMethod', id: 'p' }]);
    s.accounts[1]!.fido2Methods = ok([]);
    const r = check.evaluate(s, config());
    expect(r.verdict).toBe('fail');
    expect(r.reason).toBe('bg-admin-02@contoso.onmicrosoft.com: password only — no phishing-resistant method');
  });
  it('fails an account with only SMS, listing it', () => {
    const s = healthy();
    s.accounts[0]!.methods = ok([
      { '@odata.type': '#microsoft.graph.passwordAuthenticationMethod', id: 'p' },
      { '@odata.type': '#microsoft.graph.phoneAuthenticationMethod', id: 'ph', phoneType: 'mobile' },
    ]);
    expect(check.evaluate(s, config()).reason).toMatch(/has: password, phone \(mobile\)/);
  });
  it('passes with a certificate credential', () => {
    const s = healthy();
    s.accounts[0]!.methods = ok([{ '@odata.type': '#microsoft.graph.x509CertificateAuthenticationMethod', id: 'c' }]);
    s.accounts[0]!.fido2Methods = ok([]);
    expect(check.evaluate(s, config()).verdict).toBe('pass');
  });
  it('errors when methods cannot be read', () => {
    const s = healthy();
    s.accounts[0]!.methods = FORBIDDEN;
    expect(check.evaluate(s, config()).verdict).toBe('error');
  });
});
